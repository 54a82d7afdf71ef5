"""Barge-in detector: loud speech held long enough while the robot speaks."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from robot_guide.speech.listen.barge_in import BargeInConfig, BargeInDecision, BargeInDetector

FRAME = 512
FRAME_S = FRAME / 16_000


def tone(amplitude: float, index: int) -> np.ndarray:
    samples = amplitude * np.sin(np.linspace(0, 60 * np.pi, FRAME, dtype=np.float32))
    samples[0] = index / 10_000.0  # trace which frame this was
    return samples.astype(np.float32)


def feed(detector: BargeInDetector, spec: list[tuple[float, float]]) -> tuple[int, BargeInDecision] | None:
    for index, (amplitude, prob) in enumerate(spec):
        decision = detector.feed(tone(amplitude, index), prob, 50.0 + (index + 1) * FRAME_S)
        if decision is not None:
            return index, decision
    return None


def test_loud_speech_for_long_enough_is_a_barge_in_with_the_onset_kept() -> None:
    detector = BargeInDetector(BargeInConfig(min_dbfs=-35.0, min_duration_s=0.25, preroll_s=0.1))
    quiet = [(0.001, 0.0)] * 20
    loud = [(0.3, 0.95)] * 20
    result = feed(detector, quiet + loud)
    assert result is not None
    index, decision = result
    assert index == 20 + 7  # 8 frames of 32 ms = 0.256 s >= 0.25 s
    assert decision.t_onset == 50.0 + 20 * FRAME_S
    indexes = [round(float(f.samples[0]) * 10_000) for f in decision.frames]
    # From a little pre-roll before the onset through the decision frame, in order.
    assert indexes[-1] == index
    assert indexes[0] < 20 <= indexes[0] + 5
    assert indexes == sorted(indexes)


def test_quiet_echo_or_non_speech_is_not_a_barge_in() -> None:
    detector = BargeInDetector(BargeInConfig(min_dbfs=-35.0))
    assert feed(detector, [(0.005, 0.95)] * 50) is None  # speech-like but quiet (echo level)
    assert feed(detector, [(0.5, 0.1)] * 50) is None  # loud but not speech (music, clatter)


def test_short_bursts_apart_are_not_a_barge_in_and_gaps_restart() -> None:
    detector = BargeInDetector(BargeInConfig(min_duration_s=0.25, max_gap_s=0.05, phrase_gap_s=0.8))
    # Coughs or clicks: 0.13 s each, a second apart: neither one long enough, nor one phrase.
    burst = [(0.3, 0.95)] * 4 + [(0.001, 0.0)] * 32
    assert feed(detector, burst * 10) is None


QUIET, LOUD = (0.001, 0.0), (0.3, 0.95)


def frame_indexes(decision: BargeInDecision) -> list[int]:
    return [round(float(f.samples[0]) * 10_000) for f in decision.frames]


def test_a_short_first_word_before_a_pause_is_kept_with_the_phrase() -> None:
    """ "Wait, where are the toilets?": "Wait" (5 frames) is too short to decide on and the pause after it
    (14 frames, 0.45 s) is longer than max_gap_s; the decision comes in "where" and hands on "Wait" too."""
    config = BargeInConfig(min_duration_s=0.25, max_gap_s=0.1, preroll_s=0.1, phrase_gap_s=0.8)
    detector = BargeInDetector(config)
    spec = [QUIET] * 20 + [LOUD] * 5 + [QUIET] * 14 + [LOUD] * 20
    result = feed(detector, spec)
    assert result is not None
    index, decision = result
    assert index == 20 + 5 + 14 + 5  # phrase_min_s 0.35: 5 + 6 frames = 0.352 s of voice in the phrase
    assert decision.t_phrase == pytest.approx(50.0 + 20 * FRAME_S)  # the first word
    assert decision.t_onset == pytest.approx(50.0 + (20 + 5 + 14) * FRAME_S)  # the stretch that decided
    indexes = frame_indexes(decision)
    assert indexes == list(range(indexes[0], index + 1))  # contiguous, in order, through the decision
    assert 20 - round(0.1 / FRAME_S) - 1 <= indexes[0] < 20  # the first word's pre-roll, not more


def test_a_phrase_is_replayed_from_at_most_max_lookback_s_back() -> None:
    config = BargeInConfig(min_duration_s=0.25, max_gap_s=0.1, preroll_s=0.1, phrase_min_s=10.0)
    detector = BargeInDetector(dataclasses.replace(config, max_lookback_s=1.0))
    # Bursts of 3 frames (never 0.25 s in one stretch) every 0.5 s keep one phrase going for long...
    spec = ([LOUD] * 3 + [QUIET] * 13) * 8 + [LOUD] * 10
    result = feed(detector, spec)
    assert result is not None
    index, decision = result
    first = frame_indexes(decision)[0]
    # ... but the replay starts at most max_lookback_s + pre-roll before the decision.
    assert (index - first) * FRAME_S <= 1.0 + 0.1 + 2 * FRAME_S
    assert decision.t_phrase >= decision.t - 1.0 - FRAME_S


def test_a_phrase_voiced_long_enough_in_all_is_a_barge_in() -> None:
    # Under an echo not yet measured, only the guest's loudest syllables count as voice: stretches of 4 frames
    # (0.13 s, each too short) with 4 quieter frames between them (longer than max_gap_s) in one phrase.
    detector = BargeInDetector(BargeInConfig(min_duration_s=0.25, max_gap_s=0.1, phrase_min_s=0.35))
    result = feed(detector, ([LOUD] * 4 + [QUIET] * 4) * 4)
    assert result is not None
    index, decision = result
    assert index == 8 + 8 + 2  # the 11th voiced frame: 0.352 s >= 0.35 s
    assert decision.t_phrase == pytest.approx(50.0)
    # Echo frames alone, however long and loud, are never a barge-in.
    detector.reset()
    assert all(detector.feed(tone(0.3, i), 0.95, 60.0 + i * FRAME_S, echo=True) is None for i in range(200))


def test_replay_samples_are_what_the_decision_hands_on() -> None:
    detector = BargeInDetector(BargeInConfig(min_duration_s=0.25, preroll_s=0.0))
    damped = np.zeros(FRAME, dtype=np.float32)
    decision = None
    for index in range(10):
        decision = detector.feed(tone(0.3, index), 0.95, 50.0 + index * FRAME_S, replay=damped)
        if decision:
            break
    assert decision is not None
    assert all(not f.samples.any() for f in decision.frames)
    assert all(f.speech_prob == 0.95 for f in decision.frames)


@pytest.mark.parametrize("name", ["min_duration_s", "phrase_gap_s", "phrase_min_s", "max_lookback_s"])
def test_a_negative_duration_fails_naming_the_field(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        BargeInConfig(**{name: -0.1})


def test_disabled_never_fires_and_memory_is_bounded() -> None:
    detector = BargeInDetector(BargeInConfig(enabled=False))
    assert feed(detector, [(0.3, 0.95)] * 50) is None
    detector = BargeInDetector(BargeInConfig(preroll_s=0.3))
    feed(detector, [(0.001, 0.0)] * 1000)
    assert len(detector._frames) <= round(0.3 / FRAME_S) + 2
