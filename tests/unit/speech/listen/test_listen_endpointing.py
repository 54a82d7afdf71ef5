"""Endpointer state machine on synthetic frames and probabilities."""

from __future__ import annotations

import numpy as np
import pytest

from robot_guide.speech.listen.endpointing import (
    Discarded,
    EndOfUtterance,
    Endpointer,
    EndpointerConfig,
    EndpointEvent,
    Pause,
    Resumed,
    SpeechStarted,
)

FRAME = 512
FRAME_S = FRAME / 16_000


def run(endpointer: Endpointer, probs: list[float], t0: float = 100.0) -> list[EndpointEvent]:
    """Feed one frame per probability; each frame's samples hold its index, so audio can be traced."""
    events: list[EndpointEvent] = []
    for index, prob in enumerate(probs):
        frame = np.full(FRAME, float(index), dtype=np.float32)
        events.extend(endpointer.feed(frame, prob, t0 + (index + 1) * FRAME_S))
    return events


def frames(seconds: float) -> int:
    return round(seconds / FRAME_S)


def test_one_utterance_with_preroll_pause_and_end() -> None:
    endpointer = Endpointer(EndpointerConfig())
    probs = [0.0] * frames(1.0) + [0.9] * frames(1.0) + [0.0] * frames(1.0)
    events = run(endpointer, probs)
    kinds = [type(e) for e in events]
    assert kinds == [SpeechStarted, Pause, EndOfUtterance]
    first_speech = frames(1.0)
    started = events[0]
    assert isinstance(started, SpeechStarted)
    assert started.t == pytest.approx(100.0 + first_speech * FRAME_S)
    end = events[2]
    assert isinstance(end, EndOfUtterance)
    # Pre-roll: ~0.3 s of the frames before speech are at the start of the audio.
    first_index = int(end.audio[0])
    assert first_speech - frames(0.3) - 1 <= first_index < first_speech
    # The speculative audio at the pause is exactly the final audio.
    pause = events[1]
    assert isinstance(pause, Pause)
    np.testing.assert_array_equal(pause.audio, end.audio)
    assert end.t_speech_end == pytest.approx(100.0 + (first_speech + frames(1.0)) * FRAME_S)
    assert end.t_confirmed - end.t_speech_end == pytest.approx(0.35, abs=FRAME_S)
    assert not end.truncated


def test_resumed_after_a_short_pause_then_one_utterance() -> None:
    endpointer = Endpointer(EndpointerConfig())
    probs = [0.9] * frames(0.5) + [0.1] * frames(0.2) + [0.9] * frames(0.5) + [0.0] * frames(0.5)
    kinds = [type(e) for e in run(endpointer, probs)]
    assert kinds == [SpeechStarted, Pause, Resumed, Pause, EndOfUtterance]


def test_hysteresis_keeps_speech_between_thresholds() -> None:
    endpointer = Endpointer(EndpointerConfig(start_threshold=0.5, end_threshold=0.3))
    probs = [0.4] * 5 + [0.8] * frames(0.5) + [0.4] * frames(1.0) + [0.0] * frames(0.5)
    events = run(endpointer, probs)
    assert [type(e) for e in events] == [SpeechStarted, Pause, EndOfUtterance]
    end = events[-1]
    assert isinstance(end, EndOfUtterance)
    # 0.4 never starts speech, but once speaking it stays speech: the utterance lasts ~1.5 s.
    assert end.t_speech_end - end.t_speech_start == pytest.approx(1.5, abs=2 * FRAME_S)


def test_blip_shorter_than_min_speech_is_discarded() -> None:
    endpointer = Endpointer(EndpointerConfig(min_speech_s=0.25))
    events = run(endpointer, [0.0] * 5 + [0.9] * 3 + [0.0] * frames(0.5))
    assert [type(e) for e in events] == [SpeechStarted, Pause, Discarded]


def test_long_speech_is_cut_into_bounded_segments() -> None:
    config = EndpointerConfig(max_utterance_s=2.0)
    endpointer = Endpointer(config)
    events = run(endpointer, [0.9] * frames(7.0) + [0.0] * frames(0.5))
    ends = [e for e in events if isinstance(e, EndOfUtterance)]
    assert len(ends) == 4
    assert all(e.truncated for e in ends[:3]) and not ends[-1].truncated
    assert all(e.audio.size <= 2.0 * 16_000 for e in ends)
    # No audio lost at the cuts: the segments together hold every frame.
    total = sum(e.audio.size for e in ends[:3]) + frames(7.0 - 6.0) * FRAME
    assert total >= frames(7.0) * FRAME - FRAME
    assert sum(isinstance(e, SpeechStarted) for e in events) == 4


def test_speech_right_after_an_end_gets_preroll_from_the_previous_utterance() -> None:
    endpointer = Endpointer(EndpointerConfig(end_silence_s=0.35, preroll_s=0.3))
    probs = [0.9] * frames(1.0) + [0.0] * frames(0.35) + [0.9] * frames(1.0) + [0.0] * frames(0.5)
    ends = [e for e in run(endpointer, probs) if isinstance(e, EndOfUtterance)]
    assert len(ends) == 2
    second_speech = frames(1.0) + frames(0.35)
    # The second utterance starts ~0.3 s before its first speech frame although that audio was in the first.
    assert second_speech - frames(0.3) - 1 <= int(ends[1].audio[0]) < second_speech


def test_reset_drops_the_utterance_in_progress() -> None:
    endpointer = Endpointer()
    run(endpointer, [0.9] * 10)
    assert endpointer.in_speech
    endpointer.reset()
    assert not endpointer.in_speech
    assert run(endpointer, [0.0] * 20) == []


@pytest.mark.parametrize(
    "kwargs",
    [{"start_threshold": 0.3, "end_threshold": 0.5}, {"pause_s": -1.0}, {"max_utterance_s": 0.1}],
)
def test_bad_config_is_rejected(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        EndpointerConfig(**kwargs)
