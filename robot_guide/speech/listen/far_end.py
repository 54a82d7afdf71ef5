"""The far end for echo cancellation: what the robot played, as samples on the microphone's clock."""

from __future__ import annotations

import math
import threading
from collections import deque

import numpy as np

from robot_guide.speech.audio import to_mono_float32
from robot_guide.speech.interfaces import SAMPLE_RATE, AudioArray


class FarEndBuffer:
    """Bounded history of played chunks with their play times; frame() cuts out the samples a mic frame
    overlaps. Thread-safe: playback and microphone arrive on different threads.

    A chunk stamped within join_s of where the one before ended continues it exactly: a loudspeaker's chunk
    stamps jitter by milliseconds, and a far end with gaps or overlaps of a few samples is, to the echo
    canceller, an echo path that keeps changing."""

    def __init__(self, keep_s: float = 3.0, sample_rate: int = SAMPLE_RATE, join_s: float = 0.05) -> None:
        self.keep_s = keep_s
        self.sample_rate = sample_rate
        self.join_s = join_s
        self._lock = threading.Lock()
        self._chunks: deque[tuple[float, AudioArray]] = deque()

    def feed(self, samples: AudioArray, t_start: float) -> bool:
        """A chunk as played (16 kHz mono, int16 or float), t_start = wall time its first sample plays.
        True if it starts a new stretch of playback (a line) rather than continuing the last one."""
        chunk = to_mono_float32(np.asarray(samples))
        if chunk.size == 0 or not math.isfinite(t_start):
            return False
        with self._lock:
            joined = bool(self._chunks) and abs(t_start - self._end(self._chunks[-1])) <= self.join_s
            if joined:
                t_start = self._end(self._chunks[-1])
            self._chunks.append((t_start, chunk))
            horizon = t_start + chunk.size / self.sample_rate - self.keep_s
            while self._chunks and self._end(self._chunks[0]) < horizon:
                self._chunks.popleft()
        return not joined

    def _end(self, chunk: tuple[float, AudioArray]) -> float:
        return chunk[0] + chunk[1].size / self.sample_rate

    def end(self) -> float | None:
        """Where the far end received so far ends (wall time), or None before the first chunk."""
        with self._lock:
            return self._end(self._chunks[-1]) if self._chunks else None

    def active(self, t: float, within_s: float) -> bool:
        """Did the robot play anything in the within_s seconds up to t (its echo may still be arriving)?"""
        with self._lock:
            return any(self._end(c) > t - within_s and c[0] < t for c in self._chunks)

    def frame(self, t_end: float, size: int) -> AudioArray:
        """The played samples of the `size`-sample window ending at t_end (zeros where nothing played)."""
        out = np.zeros(size, dtype=np.float32)
        t_start = t_end - size / self.sample_rate
        with self._lock:
            for chunk_start, chunk in self._chunks:
                offset = round((chunk_start - t_start) * self.sample_rate)
                begin, end = max(0, offset), min(size, offset + chunk.size)
                if begin < end:
                    out[begin:end] = chunk[begin - offset : end - offset]
        return out
