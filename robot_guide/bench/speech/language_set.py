"""Guest questions in each served language, spoken by the espeak-ng voice base hears best for it."""

from __future__ import annotations

import io
import subprocess

import numpy as np

from robot_guide.bench.errors import BenchError
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.speech.audio import resample
from robot_guide.speech.interfaces import SAMPLE_RATE, AudioArray
from robot_guide.speech.speak.pronunciation import pinyin

# Voice and rate per language, from sweeps with multilingual Whisper base on the knowledge's questions (right
# language among the served ones, and character error rate with the language forced, 10 questions each).
# Spanish: es-419 at 110 wpm in the +f2 variant (CER 0.18; tiny.en reads it far from English, -1.5, where the
# default variant's -0.7 to -1.0 sat on the English threshold); es at any rate and es-419 faster were worse.
# Portuguese: pt-br at 120 over pt and other rates (CER 0.19). Mandarin: the pinyin voice reading
# tone-numbered pinyin (the plain `cmn` voice came out as digits), +f3 variant at 120 wpm (8/10 identified,
# CER 0.69; the default variant 3/10). Russian: the +klatt variant (9/10 among the other languages, the
# default 2/10). No Arabic variant or rate was identified as Arabic more than 3 times in 10. en-us is the
# English set's voice.
VOICES = {
    "en": ("en-us", 160),
    "es": ("es-419+f2", 110),
    "pt": ("pt-br", 120),
    "ru": ("ru+klatt", 130),
    "ar": ("ar", 140),
    "zh": ("cmn-latn-pinyin+f3", 120),
}
PEAK = 0.3  # about -10 dBFS peak, -23 dBFS speech level: a guest at arm's length
EDGE_SILENCE_S = 0.3


def synthesise(text: str, language: str, voice: str, rate_wpm: int) -> AudioArray:
    """16 kHz mono float32: edge silence, the question, edge silence. Chinese is read from its pinyin."""
    import soundfile as sf

    spoken = pinyin(text) if language == "zh" else text
    try:
        wav = subprocess.run(
            ["espeak-ng", "-v", voice, "-s", str(rate_wpm), "--stdout", spoken],
            capture_output=True,
            check=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError) as exc:
        raise BenchError(f"espeak-ng could not speak {voice!r} ({exc}); run scripts/setup.sh") from None
    samples, rate = sf.read(io.BytesIO(wav), dtype="float32")
    samples = resample(samples, rate, SAMPLE_RATE)
    samples = samples / max(float(np.abs(samples).max()), 1e-9) * PEAK
    edge = np.zeros(int(EDGE_SILENCE_S * SAMPLE_RATE), dtype=np.float32)
    return np.concatenate([edge, samples.astype(np.float32), edge])


def language_questions(kb: KnowledgeBase, per_language: int) -> dict[str, list[tuple[str, str]]]:
    """(entry id, question) per served language with a voice: each entry's first question in it."""
    chosen: dict[str, list[tuple[str, str]]] = {}
    for language in kb.languages:
        if language not in VOICES:
            continue
        found = [(e.id, e.questions[language][0]) for e in kb.entries if e.questions.get(language)]
        chosen[language] = found[:per_language]
    return chosen
