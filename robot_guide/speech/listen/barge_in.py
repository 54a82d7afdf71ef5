"""Barge-in: while the robot speaks, a loud, speech-like voice held long enough means the guest is talking."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from robot_guide.speech.audio import rms_dbfs
from robot_guide.speech.interfaces import SAMPLE_RATE, AudioArray
from robot_guide.speech.settings import check_bounds, setting


@dataclass(frozen=True)
class BargeInConfig:
    enabled: bool = setting(
        True,
        "let a guest interrupt the robot by talking over it (the robot stops and listens)",
        parameter="barge_in",
    )
    min_dbfs: float = setting(
        -35.0,
        "dBFS (<= 0) a guest's voice must reach to interrupt; quieter is likely echo or the crowd",
        parameter="barge_in_dbfs",
        high=0.0,
    )
    speech_threshold: float = setting(
        0.6,
        "VAD speech probability (0-1) a frame needs to count toward an interruption",
        parameter="barge_in_speech_threshold",
        low=0.0,
        high=1.0,
    )
    min_duration_s: float = setting(
        0.25,
        "seconds voiced while the robot speaks that make an interruption (a cough is shorter)",
        parameter="barge_in_min_s",
        low=0.0,
    )
    max_gap_s: float = setting(
        0.1, "seconds of dip inside an onset that do not restart the voiced count", low=0.0
    )
    preroll_s: float = setting(
        0.3,
        "seconds of audio kept before the onset, so the first syllable is handed on",
        parameter="preroll_s",
        low=0.0,
    )
    # A guest's quiet syllables under the robot's echo are neither voice nor gap (see feed(echo=...)).
    max_onset_s: float = setting(
        1.0, "seconds an onset bridged by quiet syllables may take to reach min_duration_s", low=0.0
    )
    # A first word can be too short to decide on ("Wait, where are ...": 0.2 s), and the pause after it longer
    # than max_gap_s.
    phrase_gap_s: float = setting(
        0.8,
        "seconds between voiced bursts that still make one phrase, replayed from its first word",
        parameter="barge_in_phrase_gap_s",
        low=0.0,
    )
    # Bounded memory; bursts of the robot's own echo mistaken for a guest before the coupling is measured
    # cannot drag in much of the robot's voice.
    max_lookback_s: float = setting(
        2.0, "seconds before the decision the replayed phrase may reach back at most", low=0.0
    )
    # Before the echo coupling is measured, only the guest's loudest syllables count as clearly above it.
    phrase_min_s: float = setting(
        0.35,
        "seconds voiced in all over one phrase that make an interruption, though no stretch was long",
        parameter="barge_in_phrase_min_s",
        low=0.0,
    )

    # The canceller's output hears a guest talking over the robot late (its first 0.3-0.5 s at speech
    # probabilities of 0.1-0.5): where the untouched microphone is itself clearly louder than the robot's
    # echo, its own speech probability counts too.
    raw_margin_db: float = setting(
        3.0,
        "dB the untouched microphone must be above the robot's expected echo for its own speech "
        "probability to count toward an interruption",
        parameter="barge_in_raw_margin_db",
    )

    def __post_init__(self) -> None:
        check_bounds(self, "barge-in")


@dataclass(frozen=True)
class BufferedFrame:
    samples: AudioArray
    speech_prob: float
    t_end: float


@dataclass(frozen=True)
class BargeInDecision:
    t: float  # when the decision was made
    t_onset: float  # start of the voiced stretch that decided
    # From pre-roll before the phrase's first word through the decision: replay them into the endpointer.
    frames: tuple[BufferedFrame, ...]
    t_phrase: float = 0.0  # start of the phrase's first voiced frame (<= t_onset)


class BargeInDetector:
    """feed() each frame while the robot speaks; returns a decision once, then resets."""

    def __init__(self, config: BargeInConfig | None = None, sample_rate: int = SAMPLE_RATE) -> None:
        self.config = config or BargeInConfig()
        self.sample_rate = sample_rate
        self._frames: deque[BufferedFrame] = deque()
        self.reset()

    def reset(self) -> None:
        self._frames.clear()
        self._voiced_s = 0.0
        self._gap_s = 0.0
        self._onset: float | None = None
        self._phrase_start: float | None = None  # first voiced frame of the current phrase
        self._phrase_voiced_s = 0.0
        self._last_voiced_end: float | None = None

    def feed(
        self,
        frame: AudioArray,
        speech_prob: float,
        t_end: float,
        echo: bool = False,
        replay: AudioArray | None = None,
    ) -> BargeInDecision | None:
        """echo=True: the frame is not clearly louder than the robot's expected echo. It never counts as the
        guest's voice; inside an onset, speech-like echo frames bridge the guest's quieter syllables.
        replay: the samples a decision hands on for this frame (default: the frame), e.g. with echo damped."""
        if not self.config.enabled or frame.size == 0:
            return None
        frame_s = frame.size / self.sample_rate
        kept = frame if replay is None else replay
        self._frames.append(BufferedFrame(np.array(kept, dtype=np.float32), speech_prob, t_end))
        speech_like = speech_prob >= self.config.speech_threshold and rms_dbfs(frame) >= self.config.min_dbfs
        if speech_like and not echo:
            frame_start = t_end - frame_s
            if not self._in_phrase(frame_start):
                self._phrase_start, self._phrase_voiced_s = frame_start, 0.0
            self._phrase_voiced_s += frame_s
            self._last_voiced_end = t_end
            if self._onset is None:
                self._onset = frame_start
            self._voiced_s += frame_s
            self._gap_s = 0.0
        elif self._onset is not None:
            if not speech_like:
                self._gap_s += frame_s
            expired = t_end - self._onset > self.config.max_onset_s
            if self._gap_s > self.config.max_gap_s or expired:
                self._onset = None
                self._voiced_s = 0.0
                self._gap_s = 0.0
        self._trim(t_end)
        held = self._onset is not None and self._voiced_s >= self.config.min_duration_s
        phrase_voiced = self._last_voiced_end == t_end and self._phrase_voiced_s >= self.config.phrase_min_s
        if self._onset is not None and (held or phrase_voiced):
            phrase = self._phrase_start if self._phrase_start is not None else self._onset
            decision = BargeInDecision(t_end, self._onset, tuple(self._frames), t_phrase=phrase)
            self.reset()
            return decision
        return None

    def _in_phrase(self, t: float) -> bool:
        """Does voice at time t belong to the phrase of the voiced frames before it?"""
        return self._last_voiced_end is not None and t - self._last_voiced_end <= self.config.phrase_gap_s

    def _trim(self, t_end: float) -> None:
        # Keep pre-roll before the phrase (or the onset, or just the pre-roll when nobody talks), never more
        # than max_lookback_s: bounded memory.
        if self._phrase_start is not None and self._in_phrase(t_end):
            start = self._phrase_start
        else:
            start = self._onset if self._onset is not None else t_end
        start = max(start, t_end - self.config.max_lookback_s)
        if self._phrase_start is not None and self._phrase_start < start:
            self._phrase_start = start  # a phrase longer than the lookback is replayed from its recent part
        keep_from = start - self.config.preroll_s
        while len(self._frames) > 1 and self._frames[0].t_end < keep_from:
            self._frames.popleft()
