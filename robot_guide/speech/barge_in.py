"""Barge-in: while the robot speaks, a loud, speech-like voice held long enough means the guest is talking."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from robot_guide.speech.audio import rms_dbfs
from robot_guide.speech.interfaces import SAMPLE_RATE, AudioArray


@dataclass(frozen=True)
class BargeInConfig:
    enabled: bool = True
    min_dbfs: float = -35.0  # quieter voice is more likely the robot's own echo or the crowd
    speech_threshold: float = 0.6  # Silero probability a frame needs to count
    min_duration_s: float = 0.25  # voiced time needed before deciding (a cough is shorter)
    max_gap_s: float = 0.1  # a dip this short inside the onset does not restart the count
    preroll_s: float = 0.3  # audio kept before the onset, so the first syllable is handed on
    # A guest's quiet syllables under the robot's echo are neither voice nor gap (see feed(echo=...)); so an
    # onset bridged by them must reach min_duration_s within this time, or it is dropped.
    max_onset_s: float = 1.0


@dataclass(frozen=True)
class BufferedFrame:
    samples: AudioArray
    speech_prob: float
    t_end: float


@dataclass(frozen=True)
class BargeInDecision:
    t: float  # when the decision was made
    t_onset: float  # start of the first voiced frame
    frames: tuple[BufferedFrame, ...]  # from pre-roll through the decision: replay them into the endpointer


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

    def feed(
        self, frame: AudioArray, speech_prob: float, t_end: float, echo: bool = False
    ) -> BargeInDecision | None:
        """echo=True: the frame is not clearly louder than the robot's expected echo. It never counts as the
        guest's voice; inside an onset, speech-like echo frames bridge the guest's quieter syllables."""
        if not self.config.enabled or frame.size == 0:
            return None
        frame_s = frame.size / self.sample_rate
        self._frames.append(BufferedFrame(frame.copy(), speech_prob, t_end))
        speech_like = speech_prob >= self.config.speech_threshold and rms_dbfs(frame) >= self.config.min_dbfs
        if speech_like and not echo:
            if self._onset is None:
                self._onset = t_end - frame_s
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
        self._trim(frame_s)
        if self._onset is not None and self._voiced_s >= self.config.min_duration_s:
            decision = BargeInDecision(t_end, self._onset, tuple(self._frames))
            self.reset()
            return decision
        return None

    def _trim(self, frame_s: float) -> None:
        # Keep pre-roll before the onset (or just the pre-roll when there is no onset): bounded memory.
        keep_from = (
            self._onset if self._onset is not None else self._frames[-1].t_end
        ) - self.config.preroll_s
        while len(self._frames) > 1 and self._frames[0].t_end - frame_s < keep_from - frame_s:
            self._frames.popleft()
