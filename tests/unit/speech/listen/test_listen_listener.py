"""Listener orchestration with a fake VAD and a fake recogniser (the real ones are in tests/speech)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from robot_guide.speech.interfaces import AudioArray, Transcriber, Transcript
from robot_guide.speech.listen.config import ListenerConfig
from robot_guide.speech.listen.listener import BargeIn, Heard, Ignored, Listener, ListenerEvent
from robot_guide.speech.listen.vad import StreamingVad

RATE = 16_000


class LoudnessVad(StreamingVad):
    """Speech = loud frame; keeps these tests free of the ONNX model."""

    def __init__(self) -> None:
        pass

    def probability(self, frame: AudioArray) -> float:
        return 0.95 if float(np.sqrt(np.mean(np.square(frame)))) > 0.05 else 0.0


class ScriptedTranscriber(Transcriber):
    def __init__(self, text: str = "where is the AiMOGA robot", gate: threading.Event | None = None) -> None:
        self.text = text
        self.calls: list[AudioArray] = []
        self.prompts: list[str | None] = []
        self.gate = gate

    def transcribe(self, audio: AudioArray, prompt: str | None = None) -> Transcript:
        if self.gate is not None:
            self.gate.wait(10.0)
        self.calls.append(audio)
        self.prompts.append(prompt)
        return Transcript(text=self.text, avg_logprob=-0.1, compression_ratio=1.0, seconds=audio.size / RATE)


def voice(seconds: float) -> np.ndarray:
    t = np.arange(int(RATE * seconds)) / RATE
    return (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32)


def silence(seconds: float) -> np.ndarray:
    return np.zeros(int(RATE * seconds), dtype=np.float32)


class Harness:
    def __init__(self, transcriber: ScriptedTranscriber, config: ListenerConfig | None = None) -> None:
        self.events: list[ListenerEvent] = []
        self.listener = Listener(
            transcriber,
            config or ListenerConfig(),
            self.events.append,
            vad=LoudnessVad(),
            clock=lambda: 999.0,
        )
        self.t = 100.0

    def play(
        self, audio: np.ndarray, chunk: int = 512, on_chunk: Callable[[float], None] | None = None
    ) -> None:
        for start in range(0, audio.size, chunk):
            piece = audio[start : start + chunk]
            self.t += piece.size / RATE
            if on_chunk is not None:
                on_chunk(self.t)
            self.listener.feed(piece, self.t)

    def finish(self) -> list[ListenerEvent]:
        assert self.listener.wait_idle(10.0)
        self.listener.close()
        return self.events


def test_one_utterance_one_heard_with_timings_and_one_decode() -> None:
    transcriber = ScriptedTranscriber()
    # The fixed end_silence_s; ending sooner on a finished question: test_listen_turn_end.py.
    harness = Harness(transcriber, ListenerConfig.from_parameters(adaptive_end=False))
    harness.listener.set_prompt("AiMOGA robot, Chery.")
    harness.play(np.concatenate([silence(1.0), voice(1.5), silence(1.0)]), chunk=700)
    events = harness.finish()
    assert len(events) == 1
    heard = events[0]
    assert isinstance(heard, Heard)
    assert heard.transcript.text == "where is the AiMOGA robot"
    assert set(heard.timings) == {"speech_start", "speech_end", "eos_detected", "transcript_ready"}
    assert abs(heard.timings["speech_start"] - 101.0) < 0.04
    assert abs(heard.timings["speech_end"] - 102.5) < 0.04
    assert 0.3 <= heard.timings["eos_detected"] - heard.timings["speech_end"] <= 0.45
    assert heard.timings["transcript_ready"] == 999.0
    # The speculative decode at the pause is reused (or dropped in favour of the final): never decoded twice.
    assert len(transcriber.calls) == 1
    assert transcriber.prompts == ["AiMOGA robot, Chery."]
    # Pre-roll: the decoded audio starts ~0.3 s before the voice.
    assert transcriber.calls[0].size >= int(RATE * (1.5 + 0.25))


def test_robot_speaking_gates_the_microphone_and_its_tail() -> None:
    transcriber = ScriptedTranscriber()
    harness = Harness(transcriber, ListenerConfig.from_parameters(barge_in=False, robot_tail_s=0.3))
    harness.listener.set_robot_speaking(True, harness.t)
    harness.play(np.concatenate([voice(1.5), silence(0.1)]))
    harness.listener.set_robot_speaking(False, harness.t)
    harness.play(np.concatenate([voice(0.2), silence(1.0)]))  # reverb tail inside 0.3 s: ignored too
    assert harness.finish() == []
    assert transcriber.calls == []


def test_barge_in_event_and_the_first_words_are_kept() -> None:
    transcriber = ScriptedTranscriber(text="stop, where is the exit")
    harness = Harness(
        transcriber, ListenerConfig.from_parameters(barge_in=True, barge_in_min_s=0.25, barge_in_dbfs=-30.0)
    )
    harness.listener.set_robot_speaking(True, harness.t)
    harness.play(np.concatenate([silence(0.5), voice(1.2), silence(0.8)]))
    events = harness.finish()
    assert isinstance(events[0], BargeIn)
    assert abs(events[0].t - (100.5 + 0.256)) < 0.05
    heard = [e for e in events if isinstance(e, Heard)]
    assert len(heard) == 1
    assert abs(heard[0].timings["speech_start"] - 100.5) < 0.04  # from the onset, not from the decision
    assert transcriber.calls[0].size >= int(RATE * 1.2)


def test_echo_of_robot_words_is_ignored() -> None:
    said = "The Chery Tiggo 9 is in hall two"
    transcriber = ScriptedTranscriber(text="the Chery Tiggo 9 is in hall two")
    harness = Harness(transcriber)
    harness.listener.note_robot_words(said, harness.t)
    harness.play(np.concatenate([voice(1.0), silence(0.6)]))
    events = harness.finish()
    assert len(events) == 1 and isinstance(events[0], Ignored)
    assert "echo" in events[0].reason and events[0].text == "the Chery Tiggo 9 is in hall two"


def test_guard_rejection_is_reported_as_ignored() -> None:
    harness = Harness(ScriptedTranscriber(text="Thank you."))
    harness.play(np.concatenate([voice(1.0), silence(0.6)]))
    events = harness.finish()
    assert len(events) == 1 and isinstance(events[0], Ignored) and "phantom" in events[0].reason


def test_feed_never_waits_for_decoding_and_the_backlog_is_bounded() -> None:
    gate = threading.Event()
    transcriber = ScriptedTranscriber(gate=gate)
    harness = Harness(
        transcriber, ListenerConfig.from_parameters(max_pending_utterances=2, speculative=False)
    )
    utterance = np.concatenate([voice(0.6), silence(0.6)])
    harness.play(np.concatenate([utterance] * 6))  # returns although the recogniser is blocked
    assert not gate.is_set()
    gate.set()
    events = harness.finish()
    dropped = [e for e in events if isinstance(e, Ignored) and "backlog" in e.reason]
    heard = [e for e in events if isinstance(e, Heard)]
    assert len(heard) + len(dropped) == 6
    assert len(dropped) >= 3


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("end_threshold", 0.9),
        ("barge_in_dbfs", 6.0),
        ("echo_threshold", 150.0),
        ("robot_tail_s", -1.0),
        ("barge_in_phrase_gap_s", -0.1),
        ("max_pending_utterances", 0),
        ("no_speech_prob", 2.0),
    ],
)
def test_bad_config_fails_early_naming_the_field(field: str, value: float) -> None:
    with pytest.raises(ValueError, match=field.split("_")[0]):
        kwargs: dict[str, Any] = {field: value}
        ListenerConfig.from_parameters(**kwargs)


def test_a_failing_event_callback_does_not_stop_recognition() -> None:
    transcriber = ScriptedTranscriber()
    delivered: list[ListenerEvent] = []

    def flaky(event: ListenerEvent) -> None:
        if not delivered:
            delivered.append(event)
            raise RuntimeError("subscriber bug")
        delivered.append(event)

    listener = Listener(transcriber, ListenerConfig(), flaky, vad=LoudnessVad())
    t = 0.0
    for _ in range(2):
        audio = np.concatenate([voice(0.8), silence(0.8)])
        for start in range(0, audio.size, 512):
            t += 512 / RATE
            listener.feed(audio[start : start + 512], t)
        assert listener.wait_idle(10.0)
    listener.close()
    assert len(delivered) == 2 and all(isinstance(e, Heard) for e in delivered)


def test_audio_from_before_the_robot_spoke_is_not_used_as_preroll() -> None:
    transcriber = ScriptedTranscriber()
    harness = Harness(
        transcriber, ListenerConfig.from_parameters(barge_in=False, robot_tail_s=0.0, preroll_s=0.3)
    )
    marker = np.full(int(RATE * 0.3), 0.01, dtype=np.float32)  # quiet, recognisable pre-roll candidate
    harness.play(marker)
    harness.listener.set_robot_speaking(True, harness.t)
    harness.play(silence(1.0))
    harness.listener.set_robot_speaking(False, harness.t)
    harness.play(np.concatenate([voice(0.8), silence(0.8)]))
    harness.finish()
    assert len(transcriber.calls) == 1
    assert not np.any(np.isclose(transcriber.calls[0], 0.01))
