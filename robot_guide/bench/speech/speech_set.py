"""The synthesised question set: real guest questions spoken by several voices, speeds and noise levels."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from robot_guide.bench.speech.domain_terms import count_terms, scoring_terms
from robot_guide.bench.speech.noise import babble_noise, mix_at_snr, white_noise
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.speech.audio import resample
from robot_guide.speech.interfaces import SAMPLE_RATE, AudioArray, Synthesizer, Voice

# Guests ask about the summit's own names; the KB's held-out tests hold too few of them, so these add some.
EXTRA_DOMAIN_QUESTIONS = (
    "What is the AiMOGA robot?",
    "Tell me about Chery Super Hybrid.",
    "What is the KOC forum?",
    "Where can I see the Tiggo 9?",
    "What is Ecosystem 2.0?",
    "How did Chery do in the Kantar ranking?",
    "Is Chery on the Forbes China list?",
    "What does CSH mean?",
)
LEAD_SILENCE_S = 0.3  # before the guest speaks: the recogniser's pre-roll sees some room sound
TAIL_SILENCE_S = 0.3  # after the offline clip: what the listener passes on after the end of speech
SPEECH_LEVEL_DBFS = -23.0  # a guest at arm's length from the robot's microphone
TRIM_BELOW_PEAK_DB = 40.0  # synthesiser lead-in/out quieter than this below the loudest frame is silence
FRAME = SAMPLE_RATE // 100  # 10 ms frames for trimming


@dataclass(frozen=True)
class Question:
    text: str
    source: str  # the entry id a KB test expects, or "extra"


@dataclass(frozen=True)
class VoiceSpec:
    engine: str  # "espeak" | "piper"
    voice_id: str  # engine voice id ("en-us"); empty = the engine's default

    @property
    def label(self) -> str:
        return f"{self.engine} {self.voice_id or 'default'}"


@dataclass(frozen=True)
class Noise:
    kind: str  # "clean" | "white" | "babble"
    snr_db: float | None = None

    @property
    def label(self) -> str:
        return "clean" if self.snr_db is None else f"{self.kind} {self.snr_db:g} dB"


CLEAN = Noise("clean")


@dataclass(frozen=True)
class Condition:
    voice: VoiceSpec
    rate_wpm: int
    noise: Noise = CLEAN

    @property
    def label(self) -> str:
        return f"{self.voice.label}, {self.rate_wpm} wpm, {self.noise.label}"


@dataclass(frozen=True)
class SpokenQuestion:
    """16 kHz audio of one question: lead silence, speech [speech_start, speech_end), tail silence."""

    question: Question
    condition: Condition
    samples: AudioArray = field(repr=False)
    speech_start: int
    speech_end: int


@dataclass(frozen=True)
class SetPlan:
    voices: tuple[VoiceSpec, ...]
    rates: tuple[int, ...]  # every rate is rendered clean
    centre_rate: int  # the noisy variants are rendered at this rate only (one factor at a time)
    noises: tuple[Noise, ...]

    def conditions(self) -> list[Condition]:
        out = [Condition(voice, rate) for voice in self.voices for rate in self.rates]
        out += [Condition(voice, self.centre_rate, noise) for voice in self.voices for noise in self.noises]
        return out


def default_plan(quick: bool, piper: bool) -> SetPlan:
    voices = [VoiceSpec("espeak", "en-us"), VoiceSpec("espeak", "en-gb")]
    if piper:
        voices.append(VoiceSpec("piper", ""))
    if quick:  # two voices: the natural one (piper) when installed, since it is the closest to a guest
        return SetPlan((voices[0], voices[-1]), (170,), 170, (Noise("babble", 10.0),))
    noises = (Noise("white", 20.0), Noise("babble", 20.0), Noise("babble", 10.0))
    return SetPlan(tuple(voices), (140, 170, 200), 170, noises)


def true_case(text: str, terms: Sequence[str]) -> str:
    """Write the KB's own spelling of its names ("koc" -> "KOC"): a TTS spells acronyms out."""
    for term in scoring_terms(terms):
        text = re.sub(rf"(?<![\w-]){re.escape(term)}(?![\w-])", term, text, flags=re.IGNORECASE)
    return text[:1].upper() + text[1:]


def guest_questions(
    kb: KnowledgeBase,
    terms: Sequence[str],
    count: int,
    extras: int = len(EXTRA_DOMAIN_QUESTIONS),
    seed: int = 5,
) -> list[Question]:
    """`count` held-out English KB test questions (half with domain terms where possible) plus `extras`."""
    tests = [t for t in kb.tests if t.language == "en" and t.expect != "fallback"]
    ordered = scoring_terms(terms)
    with_terms = [t for t in tests if count_terms(t.ask, ordered)]
    without = [t for t in tests if not count_terms(t.ask, ordered)]
    rng = random.Random(seed)
    picked = rng.sample(with_terms, min(len(with_terms), (count + 1) // 2))
    picked += rng.sample(without, min(len(without), count - len(picked)))
    questions = [Question(true_case(t.ask, terms), t.expect) for t in picked]
    return questions + [Question(text, "extra") for text in EXTRA_DOMAIN_QUESTIONS[:extras]]


def speech_bounds(samples: AudioArray) -> tuple[int, int]:
    """First and last sample of the voiced part: frames within TRIM_BELOW_PEAK_DB of the loudest frame."""
    frames = samples[: samples.size // FRAME * FRAME].reshape(-1, FRAME)
    if frames.size == 0:
        return 0, samples.size
    level = 10 * np.log10(np.mean(np.square(frames, dtype=np.float64), axis=1) + 1e-12)
    loud = np.flatnonzero(level >= level.max() - TRIM_BELOW_PEAK_DB)
    return int(loud[0]) * FRAME, min(samples.size, (int(loud[-1]) + 1) * FRAME)


def clean_take(samples: AudioArray, sample_rate: int) -> AudioArray:
    """The synthesiser's output at 16 kHz, trimmed to the speech and set to the guest's speaking level."""
    audio = resample(np.asarray(samples, np.float32).reshape(-1), sample_rate, SAMPLE_RATE)
    start, end = speech_bounds(audio)
    speech = audio[start:end].astype(np.float64)
    rms = float(np.sqrt(np.mean(np.square(speech)))) if speech.size else 0.0
    if rms > 0:
        speech *= 10 ** (SPEECH_LEVEL_DBFS / 20.0) / rms
    return np.clip(speech, -1.0, 1.0).astype(np.float32)


def with_silence(speech: AudioArray) -> tuple[AudioArray, int, int]:
    lead, tail = round(LEAD_SILENCE_S * SAMPLE_RATE), round(TAIL_SILENCE_S * SAMPLE_RATE)
    padded = np.concatenate([np.zeros(lead, np.float32), speech, np.zeros(tail, np.float32)])
    return padded, lead, lead + speech.size


def render_set(
    questions: Sequence[Question],
    plan: SetPlan,
    synthesizers: dict[str, Synthesizer],
    progress: Callable[[Iterable[Condition]], Iterable[Condition]] = lambda items: items,
    seed: int = 11,
) -> list[SpokenQuestion]:
    """Every question under every condition of the plan whose engine is available (seeded noise)."""
    rng = np.random.default_rng(seed)
    takes: dict[tuple[str, VoiceSpec, int], AudioArray] = {}
    spoken: list[SpokenQuestion] = []
    for condition in progress(c for c in plan.conditions() if c.voice.engine in synthesizers):
        for question in questions:
            key = (question.text, condition.voice, condition.rate_wpm)
            if key not in takes:
                synth = synthesizers[condition.voice.engine]
                audio = synth.synthesize(question.text, Voice(condition.voice.voice_id, condition.rate_wpm))
                takes[key] = clean_take(audio.samples, audio.sample_rate)
            padded, start, end = with_silence(takes[key])
            noise = condition.noise
            if noise.snr_db is not None:
                if noise.kind == "babble":
                    others = [a for (text, *_), a in takes.items() if text != question.text]
                    raw = babble_noise(others or [takes[key]], padded.size, rng)
                else:
                    raw = white_noise(padded.size, rng)
                padded = np.clip(mix_at_snr(padded, raw, noise.snr_db, (start, end)), -1.0, 1.0)
            spoken.append(SpokenQuestion(question, condition, padded, start, end))
    return spoken
