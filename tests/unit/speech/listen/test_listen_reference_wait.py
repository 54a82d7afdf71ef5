"""Microphone frames wait for the far end that covers them, but never past the wait or the robot's silence."""

from __future__ import annotations

import numpy as np

from robot_guide.speech.listen.reference_wait import HeldFrames

FRAME_S = 0.032


def held(*ends: float, wait_s: float = 0.2) -> HeldFrames:
    frames = HeldFrames(wait_s)
    for t_end in ends:
        frames.add(np.full(512, t_end, dtype=np.float32), t_end)
    return frames


def released(frames: HeldFrames, reference_end: float | None, playing: bool) -> list[float]:
    return [t_end for _frame, t_end in frames.release(reference_end, playing)]


def test_frames_go_in_order_as_far_as_the_far_end_reaches() -> None:
    frames = held(10.032, 10.064, 10.096)
    assert released(frames, 10.064, playing=True) == [10.032, 10.064]
    assert len(frames) == 1
    assert released(frames, None, playing=True) == []  # still waiting
    assert released(frames, 10.1, playing=True) == [10.096]


def test_nothing_waits_while_the_robot_is_silent() -> None:
    assert released(held(10.032, 10.064), None, playing=False) == [10.032, 10.064]


def test_a_frame_waits_no_longer_than_the_wait() -> None:
    frames = held(*(10.0 + FRAME_S * n for n in range(1, 9)), wait_s=0.1)
    # The far end stopped at 10.0 and the newest frame ends at 10.256: the frames 0.1 s or more older go.
    out = released(frames, 10.0, playing=True)
    assert out == [10.0 + FRAME_S * n for n in range(1, 5)]
    assert len(frames) == 4
