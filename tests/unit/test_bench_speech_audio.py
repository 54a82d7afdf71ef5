"""Speech benchmark audio: noise mixed at an exact SNR, resampling, trimming, and the question set's plan."""

from __future__ import annotations

import numpy as np
import pytest

from robot_guide.bench.speech.noise import babble_noise, mix_at_snr, snr_db, white_noise
from robot_guide.bench.speech.speech_set import (
    EXTRA_DOMAIN_QUESTIONS,
    LEAD_SILENCE_S,
    SPEECH_LEVEL_DBFS,
    TAIL_SILENCE_S,
    Noise,
    Question,
    SetPlan,
    VoiceSpec,
    clean_take,
    default_plan,
    guest_questions,
    render_set,
    resample,
    speech_bounds,
    true_case,
)
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.knowledge.vocabulary import domain_terms
from robot_guide.speech.interfaces import SAMPLE_RATE, SpeechAudio, Synthesizer, Voice


def tone(seconds: float, rate: int = SAMPLE_RATE, hz: float = 440.0, amplitude: float = 0.3) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)


@pytest.mark.parametrize("target", [20.0, 10.0, 0.0, -5.0])
def test_white_noise_is_mixed_at_the_requested_snr(target: float) -> None:
    rng = np.random.default_rng(1)
    speech = tone(1.0)
    mixed = mix_at_snr(speech, white_noise(speech.size, rng), target)
    assert snr_db(speech, mixed - speech) == pytest.approx(target, abs=0.01)


def test_snr_is_measured_over_the_speech_region_only() -> None:
    rng = np.random.default_rng(2)
    clip = np.concatenate([np.zeros(8_000, np.float32), tone(1.0), np.zeros(8_000, np.float32)])
    region = (8_000, 24_000)
    mixed = mix_at_snr(clip, white_noise(clip.size, rng), 10.0, region)
    noise = mixed - clip
    assert snr_db(clip[8_000:24_000], noise[8_000:24_000]) == pytest.approx(10.0, abs=0.01)
    assert np.abs(noise[:8_000]).max() > 0  # the room is noisy before the guest speaks too


def test_babble_is_seeded_and_mixes_at_the_requested_snr() -> None:
    talkers = [tone(0.7, hz=f) for f in (180.0, 220.0, 310.0)]
    first = babble_noise(talkers, 20_000, np.random.default_rng(3))
    again = babble_noise(talkers, 20_000, np.random.default_rng(3))
    assert first.shape == (20_000,) and np.array_equal(first, again)
    speech = tone(1.25)
    mixed = mix_at_snr(speech, first, 5.0)
    assert snr_db(speech, mixed - speech) == pytest.approx(5.0, abs=0.01)
    with pytest.raises(ValueError, match="at least one talker"):
        babble_noise([], 100, np.random.default_rng(0))


def test_mix_rejects_short_noise_and_bad_regions() -> None:
    with pytest.raises(ValueError, match="fewer than"):
        mix_at_snr(tone(1.0), np.ones(10, np.float32), 10.0)
    with pytest.raises(ValueError, match="outside"):
        mix_at_snr(tone(0.1), np.ones(1_600, np.float32), 10.0, (100, 5_000))


def test_resample_keeps_duration_and_pitch() -> None:
    source = tone(1.0, rate=22_050, hz=1_000.0)
    out = resample(source, 22_050, SAMPLE_RATE)
    assert out.size == SAMPLE_RATE and out.dtype == np.float32
    peak_hz = np.argmax(np.abs(np.fft.rfft(out))) * SAMPLE_RATE / out.size
    assert peak_hz == pytest.approx(1_000.0, abs=2.0)
    assert resample(out, SAMPLE_RATE, SAMPLE_RATE) is out


def test_resample_drops_content_above_the_new_nyquist_instead_of_aliasing() -> None:
    out = resample(tone(1.0, rate=22_050, hz=10_000.0), 22_050, SAMPLE_RATE)  # 10 kHz > 8 kHz Nyquist
    assert float(np.sqrt(np.mean(out**2))) < 0.01


def test_speech_bounds_and_clean_take_trim_and_level() -> None:
    audio = np.concatenate([np.zeros(3_200, np.float32), tone(0.5), np.zeros(4_800, np.float32)])
    start, end = speech_bounds(audio)
    assert abs(start - 3_200) <= 160 and abs(end - 11_200) <= 160
    take = clean_take(audio, SAMPLE_RATE)
    assert abs(take.size - 8_000) <= 320
    level = 20 * np.log10(np.sqrt(np.mean(take.astype(np.float64) ** 2)))
    assert level == pytest.approx(SPEECH_LEVEL_DBFS, abs=0.1)


def test_true_case_uses_the_knowledge_spelling() -> None:
    terms = ("AiMOGA", "KOC", "Chery Super Hybrid", "Chery")
    assert true_case("where do i go for the koc forum", terms) == "Where do i go for the KOC forum"
    assert true_case("what's new with chery super hybrid", terms) == "What's new with Chery Super Hybrid"
    assert true_case("a cherry pie", terms) == "A cherry pie"


class ToneSynthesizer(Synthesizer):
    """A stand-in engine: one tone per word at the requested rate (tests the set logic, not an engine)."""

    def synthesize(self, text: str, voice: Voice) -> SpeechAudio:
        rate = 22_050
        word_s = 60.0 / voice.rate_wpm
        pieces = [np.zeros(2_205, np.float32)]
        for index, _ in enumerate(text.split()):
            pieces += [
                tone(word_s * 0.8, rate, 200.0 + 40 * index),
                np.zeros(round(word_s * 0.2 * rate), np.float32),
            ]
        return SpeechAudio(np.concatenate([*pieces, np.zeros(4_410, np.float32)]), rate)


def test_render_set_follows_the_plan_one_factor_at_a_time() -> None:
    questions = [Question("where is the exit please", "exits"), Question("what is the KOC forum", "extra")]
    voices = (VoiceSpec("espeak", "en-us"), VoiceSpec("espeak", "en-gb"), VoiceSpec("piper", ""))
    plan = SetPlan(voices, (140, 200), 170, (Noise("white", 20.0), Noise("babble", 10.0)))
    spoken = render_set(questions, plan, {"espeak": ToneSynthesizer()})  # piper "not installed"
    # espeak voices only: (2 clean rates + 2 noises) x 2 voices x 2 questions
    assert len(spoken) == 16
    assert {s.condition.voice.engine for s in spoken} == {"espeak"}
    assert {s.condition.rate_wpm for s in spoken if s.condition.noise.snr_db is not None} == {170}
    for item in spoken:
        lead = round(LEAD_SILENCE_S * SAMPLE_RATE)
        assert item.speech_start == lead
        assert item.samples.size == item.speech_end + round(TAIL_SILENCE_S * SAMPLE_RATE)
        assert np.abs(item.samples).max() <= 1.0
    slow = next(s for s in spoken if s.condition.rate_wpm == 140)
    fast = next(s for s in spoken if s.condition.rate_wpm == 200 and s.question == slow.question)
    assert slow.speech_end - slow.speech_start > fast.speech_end - fast.speech_start
    again = render_set(questions, plan, {"espeak": ToneSynthesizer()})
    assert all(np.array_equal(a.samples, b.samples) for a, b in zip(spoken, again, strict=True))


def test_default_plans() -> None:
    full = default_plan(quick=False, piper=True)
    assert len(full.voices) == 3 and full.rates == (140, 170, 200)
    assert [n.label for n in full.noises] == ["white 20 dB", "babble 20 dB", "babble 10 dB"]
    assert len(full.conditions()) == 3 * 3 + 3 * 3
    quick = default_plan(quick=True, piper=True)
    assert [v.engine for v in quick.voices] == ["espeak", "piper"] and len(quick.conditions()) == 4
    assert [v.label for v in default_plan(quick=True, piper=False).voices] == ["espeak en-us", "espeak en-gb"]
    assert len(default_plan(quick=False, piper=False).voices) == 2


def test_guest_questions_come_from_the_kb_tests_and_carry_domain_terms(kb: KnowledgeBase) -> None:
    terms = domain_terms(kb)
    questions = guest_questions(kb, terms, 10)
    from_kb = [q for q in questions if q.source != "extra"]
    assert len(from_kb) == 10 and len(questions) == 10 + len(EXTRA_DOMAIN_QUESTIONS)
    english_tests = {t.ask.casefold() for t in kb.tests if t.language == "en" and t.expect != "fallback"}
    assert all(q.text.casefold() in english_tests for q in from_kb)
    assert questions == guest_questions(kb, terms, 10)  # seeded: the same set every run
    assert len(guest_questions(kb, terms, 2, extras=1)) == 3
