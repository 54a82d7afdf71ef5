"""Endpointing: a pure state machine that turns per-frame speech probabilities into utterance events."""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np

from robot_guide.speech.interfaces import SAMPLE_RATE, AudioArray
from robot_guide.speech.settings import check_bounds, setting


@dataclass(frozen=True)
class EndpointerConfig:
    """Thresholds in speech probability, durations in seconds."""

    start_threshold: float = setting(
        0.5,
        "VAD speech probability (0-1) at or above which a frame starts an utterance",
        parameter="start_threshold",
        low=0.0,
        high=1.0,
    )
    end_threshold: float = setting(
        0.35,
        "VAD speech probability (0-1) below which a frame counts as silence (hysteresis, <= start)",
        parameter="end_threshold",
        low=0.0,
        high=1.0,
    )
    pause_s: float = setting(
        0.09,
        "seconds of silence that start a speculative decode before the end is confirmed",
        parameter="pause_s",
        low=0.0,
    )
    end_silence_s: float = setting(
        0.35,
        "seconds of silence that end the guest's utterance (people leave ~0.2 s between turns)",
        parameter="end_silence_s",
        low=0.0,
    )
    preroll_s: float = setting(
        0.3,
        "seconds of audio kept before speech onset, so the first syllable reaches the recogniser",
        parameter="preroll_s",
        low=0.0,
    )
    min_speech_s: float = setting(
        0.25,
        "seconds of voiced audio below which an utterance is a blip (cough, click) and dropped",
        parameter="min_speech_s",
        low=0.0,
    )
    max_utterance_s: float = setting(
        15.0,
        "seconds after which continuous speech is cut into segments (bounds memory and decode time)",
        parameter="max_utterance_s",
        low=1.0,
    )

    def __post_init__(self) -> None:
        check_bounds(self, "endpointer")
        if self.end_threshold > self.start_threshold:
            raise ValueError("endpointer thresholds must satisfy 0 <= end_threshold <= start_threshold <= 1")


@dataclass(frozen=True)
class SpeechStarted:
    utterance_id: int
    t: float  # wall time of the start of the first speech frame


@dataclass(frozen=True)
class Pause:
    """A short pause: the audio so far is what EndOfUtterance will carry if the guest stays silent."""

    utterance_id: int
    audio: AudioArray
    t: float


@dataclass(frozen=True)
class Resumed:
    """Speech went on after a Pause: any speculative decode of it is stale."""

    utterance_id: int
    t: float


@dataclass(frozen=True)
class EndOfUtterance:
    utterance_id: int
    audio: AudioArray
    t_speech_start: float
    t_speech_end: float  # end of the last speech frame
    t_confirmed: float  # when enough silence (or the length cap) confirmed the end
    truncated: bool = False  # cut by max_utterance_s while the speaker went on
    preroll_samples: int = 0  # leading samples from before the speech onset (pre-roll)


@dataclass(frozen=True)
class Discarded:
    """Speech too short to be an utterance (a blip)."""

    utterance_id: int
    voiced_s: float
    t: float


EndpointEvent = SpeechStarted | Pause | Resumed | EndOfUtterance | Discarded


class Endpointer:
    """Feed consecutive frames with their speech probability; get events back. Memory is bounded:
    a pre-roll ring and one preallocated utterance buffer of max_utterance_s."""

    def __init__(self, config: EndpointerConfig | None = None, sample_rate: int = SAMPLE_RATE) -> None:
        self.config = config or EndpointerConfig()
        self.sample_rate = sample_rate
        self._capacity = math.ceil(self.config.max_utterance_s * sample_rate)
        self._buffer = np.zeros(self._capacity, dtype=np.float32)
        self._preroll: deque[AudioArray] = deque()
        self._preroll_samples = 0
        self._next_id = 0
        self._end_silence_override: float | None = None
        self.reset()

    @property
    def in_speech(self) -> bool:
        return self._in_speech

    @property
    def paused(self) -> bool:
        """In speech and silent for at least pause_s (a Pause was sent and nothing was said since)."""
        return self._in_speech and self._paused

    def set_end_silence(self, seconds: float | None) -> None:
        """Seconds of silence that end the current pause's utterance (None = end_silence_s); the next
        voiced frame forgets it. A value below the silence already heard ends the utterance at the next
        frame."""
        self._end_silence_override = seconds

    def _end_silence_s(self) -> float:
        override = self._end_silence_override
        return self.config.end_silence_s if override is None else override

    def reset(self) -> None:
        """Drop any utterance in progress and the pre-roll (e.g. the robot started speaking)."""
        self._in_speech = False
        self._length = 0
        self._voiced_s = 0.0
        self._silence_s = 0.0
        self._paused = False
        self._end_silence_override = None
        self._preroll_length = 0
        self._speech_end_index = 0
        self._t_start = 0.0
        self._t_speech_end = 0.0
        self._preroll.clear()
        self._preroll_samples = 0

    def feed(self, frame: AudioArray, speech_prob: float, t_end: float) -> list[EndpointEvent]:
        """One frame (any length, usually 512 samples), its speech probability, wall time of its end."""
        samples = np.asarray(frame, dtype=np.float32).reshape(-1)
        if samples.size == 0:
            return []
        frame_s = samples.size / self.sample_rate
        if not self._in_speech:
            if speech_prob >= self.config.start_threshold:
                return self._start(samples, t_end, frame_s)
            self._remember_preroll(samples)
            return []
        return self._continue(samples, speech_prob, t_end, frame_s)

    def _remember_preroll(self, samples: AudioArray) -> None:
        self._preroll.append(samples.copy())
        self._preroll_samples += samples.size
        limit = int(self.config.preroll_s * self.sample_rate)
        while self._preroll and self._preroll_samples - self._preroll[0].size >= limit:
            self._preroll_samples -= self._preroll.popleft().size
        if limit == 0:
            self._preroll.clear()
            self._preroll_samples = 0

    def _start(self, samples: AudioArray, t_end: float, frame_s: float) -> list[EndpointEvent]:
        self._next_id += 1
        preroll = list(self._preroll)
        self.reset()
        self._in_speech = True
        self._t_start = t_end - frame_s
        for chunk in preroll:
            self._append(chunk)
        self._preroll_length = self._length
        self._append(samples)
        self._voiced_s = frame_s
        self._speech_end_index = self._length
        self._t_speech_end = t_end
        return [SpeechStarted(self._next_id, self._t_start)]

    def _append(self, samples: AudioArray) -> int:
        room = self._capacity - self._length
        taken = samples[:room]
        self._buffer[self._length : self._length + taken.size] = taken
        self._length += taken.size
        return taken.size

    def _utterance_audio(self) -> AudioArray:
        # The audio up to the last speech frame plus pause_s of silence: identical at Pause and at the
        # end of the utterance, so a speculative decode made at the Pause can be reused as is.
        tail = int(self.config.pause_s * self.sample_rate)
        end = min(self._length, self._speech_end_index + tail)
        return self._buffer[:end].copy()

    def _continue(
        self, samples: AudioArray, prob: float, t_end: float, frame_s: float
    ) -> list[EndpointEvent]:
        events: list[EndpointEvent] = []
        utterance = self._next_id
        appended = self._append(samples)
        if prob >= self.config.end_threshold:
            self._silence_s = 0.0
            self._voiced_s += frame_s
            self._speech_end_index = self._length
            self._t_speech_end = t_end
            self._end_silence_override = None
            if self._paused:
                self._paused = False
                events.append(Resumed(utterance, t_end))
        else:
            self._silence_s += frame_s
            if (
                not self._paused
                and self._silence_s >= self.config.pause_s
                and self._silence_s < self._end_silence_s()
            ):
                self._paused = True
                events.append(Pause(utterance, self._utterance_audio(), t_end))
            if self._silence_s >= self._end_silence_s():
                events.append(self._finish(t_end, truncated=False))
                return events
        if self._length >= self._capacity:
            # The cap: hand over what we have and go on listening in a new segment without losing audio.
            events.append(self._finish(t_end, truncated=True, keep_all=True))
            rest = samples[appended:]
            if prob >= self.config.end_threshold:
                events.extend(self._start(rest if rest.size else samples[-1:], t_end, 0.0))
        return events

    def _finish(self, t_end: float, truncated: bool, keep_all: bool = False) -> EndpointEvent:
        utterance = self._next_id
        audio = self._buffer[: self._length].copy() if keep_all else self._utterance_audio()
        voiced, t_start, t_speech_end = self._voiced_s, self._t_start, self._t_speech_end
        preroll = self._preroll_length
        # The end of this utterance is the pre-roll of the next: a guest who goes on right after a
        # pause must not lose the first syllable of the next part.
        tail = self._buffer[
            max(0, self._length - int(self.config.preroll_s * self.sample_rate)) : self._length
        ]
        tail = tail.copy()
        self.reset()
        if tail.size and not keep_all:  # after a cut by the cap the next segment goes on seamlessly instead
            self._remember_preroll(tail)
        if voiced < self.config.min_speech_s:
            return Discarded(utterance, voiced, t_end)
        return EndOfUtterance(utterance, audio, t_start, t_speech_end, t_end, truncated, preroll)
