"""robot/audio_out carries the chunk's play time in a standard field (layout.dim[0].label)."""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip(
    "rclpy", reason="ROS 2 Python packages not installed (pip install ros-rclpy ros-std-msgs)"
)

from std_msgs.msg import Int16MultiArray

from robot_guide.ros import interface as rg


def test_the_play_time_survives_the_message() -> None:
    samples = (np.arange(512) - 256).astype(np.int16)
    msg = rg.audio_out_message(samples, 1_764_070_000.123456)
    assert rg.audio_out_start(msg) == pytest.approx(1_764_070_000.123456, abs=1e-6)
    assert np.array_equal(np.asarray(msg.data, dtype=np.int16), samples)


def test_a_message_without_or_with_a_bad_time_gives_none() -> None:
    plain = Int16MultiArray()
    plain.data = [1, 2, 3]
    assert rg.audio_out_start(plain) is None
    bad = rg.audio_out_message(np.zeros(4, dtype=np.int16), 0.0)
    bad.layout.dim[0].label = "play_start=soon"
    assert rg.audio_out_start(bad) is None


def test_a_microphone_chunk_carries_its_capture_time_or_none() -> None:
    samples = np.arange(512).astype(np.int16)
    msg = rg.audio_in_message(samples, 1_764_070_001.5)
    assert rg.audio_in_end(msg) == pytest.approx(1_764_070_001.5, abs=1e-6)
    assert np.array_equal(np.asarray(msg.data, dtype=np.int16), samples)
    assert rg.audio_in_end(rg.audio_out_message(samples, 1.0)) is None  # a play time is not a capture time
    plain = Int16MultiArray()
    plain.data = [1, 2, 3]
    assert rg.audio_in_end(plain) is None
