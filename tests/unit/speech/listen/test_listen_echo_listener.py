"""Listener and barge-in with an echo reference (fake VAD and recogniser; real ones: tests/speech)."""

from __future__ import annotations

import numpy as np

from robot_guide.speech.interfaces import AudioArray, Transcriber, Transcript
from robot_guide.speech.listen.barge_in import BargeInConfig, BargeInDetector
from robot_guide.speech.listen.config import ListenerConfig
from robot_guide.speech.listen.echo_canceller import EchoCancellerConfig
from robot_guide.speech.listen.listener import BargeIn, Heard, Listener, ListenerEvent
from robot_guide.speech.listen.vad import StreamingVad

RATE = 16_000
FRAME = 512
FRAME_S = FRAME / RATE


class LoudnessVad(StreamingVad):
    """Speech = any frame above -50 dBFS (echo included: the VAD cannot tell voices apart)."""

    def __init__(self) -> None:
        pass

    def probability(self, frame: AudioArray) -> float:
        return 0.95 if float(np.sqrt(np.mean(np.square(frame)))) > 0.003 else 0.0


class FixedTranscriber(Transcriber):
    def __init__(self) -> None:
        self.calls: list[AudioArray] = []

    def transcribe(self, audio: AudioArray, prompt: str | None = None) -> Transcript:
        self.calls.append(audio)
        return Transcript(text="where is hall b", avg_logprob=-0.1, compression_ratio=1.0, seconds=1.0)


def tone(seconds: float, amplitude: float, hz: float = 220.0) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    return (amplitude * np.sin(2 * np.pi * hz * t)).astype(np.float32)


def run(
    robot: np.ndarray,
    echo_gain: float,
    echo_delay_s: float,
    guest: np.ndarray | None = None,
    guest_at_s: float = 0.0,
    with_reference: bool = True,
    after_s: float = 2.0,
) -> tuple[list[ListenerEvent], FixedTranscriber]:
    """The robot plays `robot` from t=0 (as reference), its echo and the guest reach the mic; a barge-in
    stops the robot within one frame, as the tts node does."""
    events: list[ListenerEvent] = []
    transcriber = FixedTranscriber()
    # The echo-level check alone (the second line behind the canceller): tones are no test of an AEC.
    config = ListenerConfig(aec=EchoCancellerConfig(engine="none"))
    listener = Listener(transcriber, config, events.append, vad=LoudnessVad(), clock=lambda: 0.0)
    delay = int(echo_delay_s * RATE)
    total = robot.size + delay + int(after_s * RATE)
    played = np.zeros(total, dtype=np.float32)
    played[: robot.size] = robot
    mic_extra = np.zeros(total, dtype=np.float32)
    if guest is not None:
        at = int(guest_at_s * RATE)
        mic_extra[at : at + guest.size] = guest[: total - at]
    t0 = 100.0
    speaking = False
    for begin in range(0, total - FRAME + 1, FRAME):
        t = t0 + begin / RATE
        # A barge-in can come from any call: a frame waiting for the far end is judged when it arrives, or
        # when the robot's state changes.
        before = len(events)
        now_playing = played[begin : begin + FRAME]
        if now_playing.any() and not speaking:
            listener.set_robot_speaking(True, t)
            speaking = True
        elif not now_playing.any() and speaking:
            listener.set_robot_speaking(False, t)
            speaking = False
        if with_reference and now_playing.any():
            listener.feed_reference(now_playing, t)
        echo = np.zeros(FRAME, dtype=np.float32)
        if begin - delay >= 0:
            echo = played[begin - delay : begin - delay + FRAME] * echo_gain
        listener.feed(mic_extra[begin : begin + FRAME] + echo, t + FRAME_S)
        if any(isinstance(e, BargeIn) for e in events[before:]):
            played[begin + FRAME :] = 0.0
    assert listener.wait_idle(10.0)
    listener.close()
    return events, transcriber


def robot_line(seconds: float = 6.0) -> np.ndarray:
    # Words with pauses: 0.4 s voiced, 0.15 s quiet.
    pattern = np.concatenate([tone(0.4, 0.25, 180.0), np.zeros(int(0.15 * RATE), np.float32)])
    return np.tile(pattern, int(seconds / 0.55) + 1)[: int(seconds * RATE)]


def test_a_loud_or_late_echo_alone_gives_no_barge_in_and_nothing_heard() -> None:
    for gain, delay_s in ((0.5, 0.05), (0.3, 0.5), (0.1, 1.0), (0.5, 1.2)):
        events, transcriber = run(robot_line(), gain, delay_s)
        assert events == [], (gain, delay_s, events)
        assert transcriber.calls == []


def test_without_a_reference_the_same_echo_interrupts_the_robot_as_before() -> None:
    events, _ = run(robot_line(), 0.5, 0.05, with_reference=False)
    assert any(isinstance(e, BargeIn) for e in events)


def test_a_louder_guest_over_the_echo_barges_in_and_is_heard_from_the_onset() -> None:
    guest = tone(1.2, 0.5, 300.0)
    events, transcriber = run(robot_line(), 0.3, 0.05, guest=guest, guest_at_s=4.0)
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["BargeIn", "Heard"], events
    heard = events[1]
    assert isinstance(heard, Heard)
    # The robot stopping (robot_tail_s gate) did not drop the guest's utterance: it starts at the onset.
    # (It may start up to the pre-roll earlier: the replayed pre-roll holds speech-like echo frames.)
    assert 100.0 + 4.0 - 0.35 <= heard.timings["speech_start"] <= 100.0 + 4.0 + 0.05
    assert transcriber.calls[-1].size >= int(1.1 * RATE)


def test_barge_in_echo_frames_never_count_but_bridge_quiet_syllables() -> None:
    detector = BargeInDetector(BargeInConfig(min_duration_s=0.25, max_gap_s=0.1, max_onset_s=1.0))
    loud = np.full(FRAME, 0.3, dtype=np.float32)
    t = 0.0
    for _ in range(100):  # speech-like, loud, but echo: never a barge-in
        t += FRAME_S
        assert detector.feed(loud, 0.95, t, echo=True) is None
    # Guest syllables (not echo) separated by echo-masked frames longer than max_gap_s: still one onset.
    decision = None
    guest_starts = t
    for index in range(30):
        t += FRAME_S
        decision = detector.feed(loud, 0.95, t, echo=index % 6 >= 3) or decision
        if decision:
            break
    assert decision is not None
    assert decision.t_onset == guest_starts  # from the first syllable, across the masked frames
    assert index >= 8  # 0.25 s of voice needs 8 unmasked frames; the masked ones did not count
    # An onset bridged by echo that never gets enough voice expires after max_onset_s.
    detector.reset()
    for index in range(60):
        t += FRAME_S
        assert detector.feed(loud, 0.95, t, echo=index % 10 != 0) is None


def test_a_short_first_word_before_a_pause_is_kept_when_the_guest_barges_in() -> None:
    """ "Wait, where is hall B?" over the robot: "Wait" (0.16 s) is too short to decide on and the pause after
    it longer than a gap; the barge-in comes later, and the utterance still starts at "Wait"."""
    first_word = tone(0.16, 0.5, 300.0)
    pause = np.zeros(int(0.45 * RATE), dtype=np.float32)
    guest = np.concatenate([first_word, pause, tone(1.0, 0.5, 300.0)])
    # The robot talks on without a silent frame (the harness would take one as the end of its line).
    robot = robot_line() + tone(6.0, 0.02, 140.0)
    events, transcriber = run(robot, 0.1, 0.05, guest=guest, guest_at_s=4.0)
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["BargeIn", "Heard"], events
    barge_in, heard = events
    assert isinstance(barge_in, BargeIn) and isinstance(heard, Heard)
    assert barge_in.t > 100.0 + 4.0 + 0.16 + 0.45  # decided in the second part, not in "Wait"
    # One utterance from "Wait" (at most its pre-roll earlier) through the end of the question.
    assert 100.0 + 4.0 - 0.35 <= heard.timings["speech_start"] <= 100.0 + 4.0 + 0.05
    assert transcriber.calls[-1].size >= int((0.16 + 0.45 + 1.0) * RATE)


def test_frames_holding_only_the_robots_echo_are_damped_before_the_recogniser() -> None:
    transcriber = FixedTranscriber()
    events: list[ListenerEvent] = []
    # The echo-level check alone (the second line behind the canceller): tones are no test of an AEC. The
    # fixed end silence: the fake recogniser's "where is hall b" would end the turn at the echo's short gap.
    config = ListenerConfig.from_parameters(aec="none", adaptive_end=False)
    listener = Listener(transcriber, config, events.append, vad=LoudnessVad(), clock=lambda: 0.0)
    t = 100.0
    listener.feed_reference(tone(2.0, 0.25), t)  # -15 dBFS playback: echo expected up to 1.5 s after it
    t += 2.0 + ListenerConfig().self_hearing.tail_s
    guest = tone(0.5, 0.5, 300.0)
    # Speech-like for the VAD but 10 dB and more under the expected echo: the echo's tail, no guest in it.
    echo_tail = tone(0.2, 0.006, 180.0)
    mic = np.concatenate([guest, echo_tail, guest, np.zeros(int(0.8 * RATE), np.float32)])
    for begin in range(0, mic.size - FRAME + 1, FRAME):
        t += FRAME_S
        listener.feed(mic[begin : begin + FRAME], t)
    assert listener.wait_idle(10.0)
    listener.close()
    assert [type(e).__name__ for e in events] == ["Heard"], events  # one utterance across the echo
    audio = transcriber.calls[-1]  # starts with the guest: nothing was fed before it to keep as pre-roll
    first = np.abs(audio[: guest.size]).max()
    middle = np.abs(audio[guest.size + FRAME : guest.size + echo_tail.size - FRAME]).max()
    assert first > 0.4  # the guest's words untouched
    assert middle <= 0.006 * 0.11  # the echo between them at -20 dB
