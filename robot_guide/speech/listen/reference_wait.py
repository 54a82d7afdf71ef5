"""Microphone frames wait for the far end: a frame is cancelled only against what the robot played by then.

The robot's playback reaches the listener on another path than its microphone (robot/audio_out from
tts_node, the mic from the sound card), and on a loaded machine it can come tens of milliseconds after the
microphone frame that already holds its echo. A frame cancelled against a far end that has not arrived is
cancelled against silence: the echo passes, and the adaptive filter learns a far end that never was. Measured
with the bench's echo trials (gain 0.5): the far end 30 ms late took barge-in success from 100 % to 0 %.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from robot_guide.speech.interfaces import AudioArray


class HeldFrames:
    """Frames in arrival order; release() gives back those that need wait no longer, oldest first."""

    def __init__(self, wait_s: float) -> None:
        self.wait_s = wait_s
        self._frames: deque[tuple[AudioArray, float]] = deque()

    def __len__(self) -> int:
        return len(self._frames)

    def add(self, frame: AudioArray, t_end: float) -> None:
        self._frames.append((frame, t_end))

    def release(
        self, reference_end: float | None, playing: bool, until: float | None = None
    ) -> Iterator[tuple[AudioArray, float]]:
        """reference_end: where the far end received so far ends (None: nothing yet); playing: the robot is
        sending more of it. A frame goes once the far end reaches past it, once nothing more is coming, or
        once the microphone is wait_s past it (a far end that late is given up on: the echo check stays).
        until: frames that end by then go regardless (the robot's state changes then)."""
        while self._frames:
            t_end = self._frames[0][1]
            newest = self._frames[-1][1]
            caught_up = reference_end is not None and reference_end >= t_end
            due = until is not None and t_end <= until
            if playing and not caught_up and not due and newest - t_end < self.wait_s:
                return
            yield self._frames.popleft()

    def clear(self) -> None:
        self._frames.clear()
