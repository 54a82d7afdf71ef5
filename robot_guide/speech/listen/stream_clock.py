"""Capture times for an audio stream that arrives in bursts: the sample count is the clock, not arrival."""

from __future__ import annotations

import math
from collections import deque

from robot_guide.speech.interfaces import SAMPLE_RATE

# Longer than any delivery stall seen (mic chunks have reached asr_node up to 1.2 s late, in bursts),
# short enough that a real gap in the stream (a restarted source) is followed within a few seconds.
DEFAULT_WINDOW_S = 5.0
DEFAULT_HOLD_S = 0.02


class StreamClock:
    """stamp(samples, arrival) -> wall time of the chunk's last sample, for chunks of a continuous stream.

    A chunk delivered late (the subscriber's executor was busy, a burst of queued messages) must keep the
    time it was captured: the echo reference compares each mic frame with what the robot played at that
    time, and an arrival stamp up to a second late points it at the wrong stretch of playback. The stream's
    own sample count spaces the chunks exactly; it is anchored at the least-delayed arrival seen within the
    last window_s of the stream (arrival minus stream position is smallest for the chunk that waited least).
    A stamp is never later than the chunk's arrival by more than hold_s, and never earlier than the
    previous stamp.

    The stamps follow the window's least delay only once it has moved by more than hold_s: it wanders by a
    fraction of a millisecond as the window slides and as a chunk now and then waits less than any before,
    and every move of the stamps shifts the echo against the robot's playback, which costs the echo
    canceller seconds of relearning (measured: 25 dB of echo removed fell to 2-9 dB after a 1-3 sample
    shift). A real change of the stream's timing (a restarted source) is far larger.
    """

    def __init__(
        self,
        sample_rate: int = SAMPLE_RATE,
        window_s: float = DEFAULT_WINDOW_S,
        hold_s: float = DEFAULT_HOLD_S,
    ) -> None:
        if sample_rate <= 0:
            raise ValueError(f"stream clock sample_rate must be positive, got {sample_rate}")
        if not window_s > 0.0:
            raise ValueError(f"stream clock window_s must be positive, got {window_s}")
        if not (hold_s >= 0.0 and math.isfinite(hold_s)):
            raise ValueError(f"stream clock hold_s must be a non-negative number of seconds, got {hold_s}")
        self.sample_rate = sample_rate
        self.window_s = window_s
        self.hold_s = hold_s
        self._position_s = 0.0  # stream time of the last sample seen
        # (stream time, offset) with increasing offsets: the front is the window's smallest (a min-queue).
        self._offsets: deque[tuple[float, float]] = deque()
        self._anchor: float | None = None  # the offset the stamps use
        self._last_stamp = -math.inf

    def stamp(self, samples: int, arrival: float) -> float:
        """The wall time of the last sample of a chunk of `samples` samples that arrived at `arrival`."""
        if samples < 0:
            raise ValueError(f"a chunk cannot hold {samples} samples")
        self._position_s += samples / self.sample_rate
        offset = arrival - self._position_s
        while self._offsets and self._offsets[-1][1] >= offset:
            self._offsets.pop()
        self._offsets.append((self._position_s, offset))
        while self._offsets[0][0] < self._position_s - self.window_s:
            self._offsets.popleft()
        least = self._offsets[0][1]
        if self._anchor is None or abs(least - self._anchor) > self.hold_s:
            self._anchor = least
        stamp = max(self._last_stamp, self._position_s + self._anchor)
        self._last_stamp = stamp
        return stamp
