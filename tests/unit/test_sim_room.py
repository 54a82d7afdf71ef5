"""The simulated room's microphone: chunks stamped with their capture time, and an echo never lost to a late
robot/audio_out message (a loaded machine delivers one after its play time; a real hall still echoes it)."""

from __future__ import annotations

import threading
import time

import numpy as np
import numpy.typing as npt

from robot_guide.sim.room import CHUNK, ECHO_CAPTURE_LATENCY_S, EchoSettings, Room
from robot_guide.speech.interfaces import SAMPLE_RATE

ECHO = EchoSettings(gain=0.5, delay_s=0.06)


class Microphone:
    """What asr_node receives: each chunk, its capture stamp and when it arrived."""

    def __init__(self) -> None:
        self.chunks: list[tuple[npt.NDArray[np.int16], float, float]] = []
        self.lock = threading.Lock()

    def __call__(self, chunk: npt.NDArray[np.int16], captured_end: float) -> None:
        with self.lock:
            self.chunks.append((chunk.copy(), captured_end, time.time()))

    def taken(self) -> list[tuple[npt.NDArray[np.int16], float, float]]:
        with self.lock:
            return list(self.chunks)


def run_room(room: Room, seconds: float) -> None:
    room.start()
    try:
        time.sleep(seconds)
    finally:
        room.stop()


def test_chunks_are_stamped_with_their_capture_time_and_go_out_after_the_latency() -> None:
    mic = Microphone()
    run_room(Room(mic, ECHO), 0.8)
    chunks = mic.taken()
    assert len(chunks) >= 5
    stamps = [captured for _, captured, _ in chunks]
    assert np.allclose(np.diff(stamps), CHUNK / SAMPLE_RATE)  # a continuous stream, stamped by its samples
    lags = [arrived - captured for _, captured, arrived in chunks]
    assert min(lags) >= ECHO_CAPTURE_LATENCY_S - 0.005
    assert max(lags) < ECHO_CAPTURE_LATENCY_S + 0.2  # one period late at most, on a loaded machine


def test_without_an_echo_chunks_go_out_as_they_are_captured() -> None:
    mic = Microphone()
    run_room(Room(mic), 0.5)
    chunks = mic.taken()
    assert chunks
    assert all(0.0 <= arrived - captured < 0.15 for _, captured, arrived in chunks)


def test_the_echo_of_a_late_message_is_where_its_play_time_puts_it() -> None:
    mic = Microphone()
    room = Room(mic, ECHO, noise_dbfs=-120.0)
    room.start()
    try:
        time.sleep(0.3)
        # A loud 0.1 s tone that started playing 0.1 s ago: its echo (60 ms later) is already due at the
        # microphone, but has not gone out yet.
        played = time.time() - 0.1
        tone = (0.5 * np.sin(2 * np.pi * 440 * np.arange(1600) / SAMPLE_RATE)).astype(np.float32)
        room.hear_robot(tone, played)
        time.sleep(0.6)
    finally:
        room.stop()
    echo_at = played + ECHO.delay_s
    loud = [captured for chunk, captured, _ in mic.taken() if np.max(np.abs(chunk)) > 1000]
    assert loud, "the echo of the late message was lost"
    first_end = min(loud)  # the first chunk holding echo ends just after the echo begins
    assert echo_at < first_end <= echo_at + CHUNK / SAMPLE_RATE + 1e-3
