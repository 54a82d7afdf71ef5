"""The canceller's echo path changes between lines: each line must show again that the echo is removed."""

from __future__ import annotations

import numpy as np
import pytest

from robot_guide.speech.interfaces import AudioArray, Transcriber, Transcript
from robot_guide.speech.listen.config import ListenerConfig
from robot_guide.speech.listen.echo_canceller import ConvergenceMonitor, EchoCancellerConfig
from robot_guide.speech.listen.listener import BargeIn, Listener, ListenerEvent
from robot_guide.speech.listen.vad import StreamingVad

pytest.importorskip("pyaec", reason="the speex canceller comes with pyaec")

RATE = 16_000
FRAME = 512
T0 = 100.0


class LoudnessVad(StreamingVad):
    """Speech = any frame above about -50 dBFS: the robot's echo and whatever the canceller leaves of it
    count as speech, so only the echo check keeps them from a barge-in."""

    def __init__(self) -> None:
        pass

    def probability(self, frame: AudioArray) -> float:
        return 0.95 if float(np.sqrt(np.mean(np.square(frame)))) > 0.003 else 0.0


class Nothing(Transcriber):
    def transcribe(self, audio: AudioArray, prompt: str | None = None) -> Transcript:
        return Transcript(text="", seconds=audio.size / RATE)


def voice(seconds: float, seed: int) -> np.ndarray:
    """Speech-like: band-limited noise in syllables, 0.25 s on, 0.1 s off."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    noise = np.convolve(rng.standard_normal(n), np.hanning(9), mode="same")
    envelope = ((np.arange(n) / RATE) % 0.35 < 0.25).astype(np.float64)
    return (0.1 * noise * envelope).astype(np.float32)


def play_two_lines(second_line_shift: int, guest: np.ndarray | None = None) -> list[ListenerEvent]:
    """The robot says a line, pauses 2 s, says another; its echo comes back at -6 dB, 60 ms late. The second
    line's echo lands `second_line_shift` samples later against its play stamps than the first line's."""
    events: list[ListenerEvent] = []
    listener = Listener(Nothing(), ListenerConfig(), events.append, vad=LoudnessVad(), clock=lambda: 0.0)
    lines = [(0, voice(8.0, 1)), (10 * RATE, voice(6.0, 2))]
    total = 17 * RATE
    played = np.zeros(total, np.float32)
    in_line = np.zeros(total, bool)  # a line's pauses between syllables are played (as silence) too
    mic = (np.random.default_rng(3).standard_normal(total) * 3e-4).astype(np.float32)
    delay = int(0.06 * RATE)
    for index, (start, line) in enumerate(lines):
        played[start : start + line.size] = line
        in_line[start : start + line.size] = True
        at = start + delay + (second_line_shift if index else 0)
        mic[at : at + line.size] += 0.5 * line
    if guest is not None:
        at = lines[1][0] + 2 * RATE
        mic[at : at + guest.size] += guest
    speaking = False
    for begin in range(0, total - FRAME + 1, FRAME):
        t = T0 + begin / RATE
        if bool(in_line[begin]) != speaking:
            speaking = bool(in_line[begin])
            listener.set_robot_speaking(speaking, t)
        if speaking:
            listener.feed_reference(played[begin : begin + FRAME], t)
        listener.feed(mic[begin : begin + FRAME], t + FRAME / RATE)
    assert listener.wait_idle(10.0)
    listener.close()
    return events


def test_a_line_a_few_samples_off_the_last_one_is_not_taken_for_a_guest() -> None:
    # Without judging each line afresh, the canceller's leftover echo while it relearns the shifted path
    # stood 10-20 dB above the echo level it had reached on the first line: a barge-in on the robot's voice.
    for shift in (0, 1, 3):
        events = play_two_lines(shift)
        assert not any(isinstance(e, BargeIn) for e in events), (shift, events)


def test_a_guest_talking_over_the_second_line_still_stops_it() -> None:
    events = play_two_lines(2, guest=voice(1.5, 7) * 4.0)
    barge_ins = [e for e in events if isinstance(e, BargeIn)]
    assert len(barge_ins) == 1
    assert T0 + 12.0 <= barge_ins[0].t <= T0 + 12.8


def test_the_canceller_counts_as_working_per_line_and_a_guest_does_not_undo_it() -> None:
    monitor = ConvergenceMonitor(EchoCancellerConfig(converged_window_s=1.0, converged_min_s=0.25))
    for _ in range(5):
        monitor.observe(-20.0, -45.0, echo_alone=True)
    assert not monitor.converged  # too little of this line measured yet
    for _ in range(5):
        monitor.observe(-20.0, -45.0, echo_alone=True)
    assert monitor.converged and monitor.removal_db == 25.0
    for _ in range(40):  # a guest talking over: the canceller takes little off, and that says nothing
        monitor.observe(-12.0, -13.0, echo_alone=True)
    assert monitor.converged and monitor.removal_db == 25.0
    monitor.observe(-20.0, -20.0, echo_alone=False)
    monitor.restart()  # the next line
    assert not monitor.converged and monitor.removal_db == 0.0


def test_an_echo_later_than_the_cancellers_filter_is_left_to_the_echo_check() -> None:
    """A hall's 1 s late echo is beyond what the canceller models: it never counts as working, so the echo's
    last second, after the line, is still judged against the robot's expected echo: with a VAD that calls
    every echo frame speech, nothing is heard and nothing interrupts."""
    events: list[ListenerEvent] = []
    listener = Listener(Nothing(), ListenerConfig(), events.append, vad=LoudnessVad(), clock=lambda: 0.0)
    line = voice(6.0, 4)
    total = 10 * RATE
    mic = (np.random.default_rng(3).standard_normal(total) * 3e-4).astype(np.float32)
    mic[RATE : RATE + line.size] += 0.5 * line  # 1 s late, -6 dB
    listener.set_robot_speaking(True, T0)
    for begin in range(0, total - FRAME + 1, FRAME):
        t = T0 + begin / RATE
        if begin == line.size:
            listener.set_robot_speaking(False, t)
        if begin < line.size:
            listener.feed_reference(line[begin : begin + FRAME], t)
        listener.feed(mic[begin : begin + FRAME], t + FRAME / RATE)
    assert listener.wait_idle(10.0)
    listener.close()
    assert events == []
