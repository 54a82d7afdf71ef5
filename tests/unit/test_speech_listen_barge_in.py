"""Barge-in detector: loud speech held long enough while the robot speaks."""

from __future__ import annotations

import numpy as np

from robot_guide.speech.barge_in import BargeInConfig, BargeInDecision, BargeInDetector

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


def test_short_burst_is_not_a_barge_in_and_gaps_restart() -> None:
    detector = BargeInDetector(BargeInConfig(min_duration_s=0.25, max_gap_s=0.05))
    burst = [(0.3, 0.95)] * 4 + [(0.001, 0.0)] * 4
    assert feed(detector, burst * 10) is None


def test_disabled_never_fires_and_memory_is_bounded() -> None:
    detector = BargeInDetector(BargeInConfig(enabled=False))
    assert feed(detector, [(0.3, 0.95)] * 50) is None
    detector = BargeInDetector(BargeInConfig(preroll_s=0.3))
    feed(detector, [(0.001, 0.0)] * 1000)
    assert len(detector._frames) <= round(0.3 / FRAME_S) + 2
