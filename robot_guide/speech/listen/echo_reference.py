"""Echo reference ("AEC-lite"): is a microphone frame just the robot's own playback coming back?"""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from robot_guide.speech.audio import rms_dbfs, to_mono_float32
from robot_guide.speech.interfaces import SAMPLE_RATE
from robot_guide.speech.settings import check_bounds, setting

REFERENCE_FRAME_SAMPLES = 512  # 32 ms, the microphone's VAD frame
# The reference's time stamp may be a little late against the microphone clock (output latency guessed,
# message delivery): a reference frame this far in the future of a mic frame still counts as its source.
CLOCK_SLACK_S = 0.1
MIN_COUPLING_DB = -60.0  # the estimate is bounded: a broken measurement never makes it absurd
MAX_COUPLING_DB = 20.0  # a microphone can sit closer to the loudspeaker than to the guest


@dataclass(frozen=True)
class EchoReferenceConfig:
    max_delay_s: float = setting(
        1.5,
        "seconds after the playback the latest echo is expected (a reverberant hall: ~1 s)",
        parameter="echo_max_delay_s",
        low=0.0,
        high=10.0,
    )
    margin_db: float = setting(
        6.0,
        "dB a mic frame must be above the robot's expected echo to start a guest's speech",
        parameter="echo_margin_db",
        low=0.0,
    )
    # A guest's quiet syllables sink under a loud echo, hence below 0.
    hold_margin_db: float = setting(
        -10.0,
        "dB above the expected echo a frame must be to keep a started utterance going (<= margin)",
        parameter="echo_hold_margin_db",
    )
    # Higher is safer against self-interruption, lower lets a guest barge in sooner: measure the robot.
    initial_coupling_db: float = setting(
        -10.0,
        "echo level in dB relative to the playback, assumed until measured (first ~2.5 s of speech)",
        parameter="echo_initial_coupling_db",
        low=MIN_COUPLING_DB,
        high=MAX_COUPLING_DB,
    )
    block_s: float = setting(
        1.0, "seconds per block over which the echo coupling is measured while the robot talks"
    )
    coupling_blocks: int = setting(12, "how many recent block measurements of the coupling are kept", low=1)
    # A guest talking in the first block of the first line would otherwise make the robot's voice look loud
    # and deafen it to that guest.
    min_blocks: int = setting(
        3, "blocks measured before the measured coupling replaces the initial one", low=1
    )
    coupling_percentile: float = setting(
        30.0,
        "percentile (0-100) over the blocks taken as the coupling: low, so a guest talking over counts "
        "little",
        low=0.0,
        high=100.0,
    )
    active_reference_dbfs: float = setting(
        -50.0, "dBFS below which a playback frame is a pause, not speech", high=0.0
    )

    def __post_init__(self) -> None:
        check_bounds(self, "echo")
        if self.hold_margin_db > self.margin_db:
            raise ValueError(
                f"echo hold_margin_db must be <= margin_db, got {self.hold_margin_db} and {self.margin_db} "
                "(dB above the expected echo)"
            )
        if self.block_s <= 0.0 or self.min_blocks > self.coupling_blocks:
            raise ValueError("echo block_s must be positive and 1 <= min_blocks <= coupling_blocks")


@dataclass(frozen=True)
class _RefFrame:
    t_start: float
    t_end: float
    level_db: float


class EchoReference:
    """Bounded history of what the robot played (frame levels with wall times) and the measured coupling.

    feed_reference() from the playback side, observe_mic() for every mic frame (it measures the coupling),
    is_echo() to classify a mic frame. Thread-safe: playback and microphone arrive on different threads.
    """

    def __init__(self, config: EchoReferenceConfig | None = None, sample_rate: int = SAMPLE_RATE) -> None:
        self.config = config or EchoReferenceConfig()
        self.sample_rate = sample_rate
        self._lock = threading.Lock()
        self._frames: deque[_RefFrame] = deque()
        self._blocks: deque[float] = deque(maxlen=self.config.coupling_blocks)
        self._block_start: float | None = None
        self._block_mic_db = -math.inf

    # -- the playback side ----------------------------------------------------------------------------------

    def feed_reference(self, samples: npt.NDArray[Any], t_start: float) -> None:
        """A chunk as played (any length; int16 or float), t_start = wall time its first sample plays."""
        chunk = to_mono_float32(np.asarray(samples))
        if chunk.size == 0 or not math.isfinite(t_start):
            return
        step = REFERENCE_FRAME_SAMPLES
        with self._lock:
            for begin in range(0, chunk.size, step):
                piece = chunk[begin : begin + step]
                start = t_start + begin / self.sample_rate
                self._frames.append(_RefFrame(start, start + piece.size / self.sample_rate, rms_dbfs(piece)))
            self._forget(self._frames[-1].t_end)

    def _forget(self, now: float) -> None:
        # What a mic frame and a coupling block can still look back to; older playback cannot echo.
        horizon = self.config.max_delay_s + self.config.block_s + 2 * CLOCK_SLACK_S
        # A frame stamped far ahead of the newest playback (a bad stamp, a clock stepped back) can never be
        # matched and would sit at the front forever, stopping the pruning behind it: it goes too.
        while self._frames and not now - horizon <= self._frames[0].t_end <= now + horizon:
            self._frames.popleft()

    # -- the microphone side --------------------------------------------------------------------------------

    @property
    def coupling_db(self) -> float:
        """Echo level relative to the playback (dB): measured when possible, the initial guess until then."""
        with self._lock:
            return self._coupling_locked()

    def _coupling_locked(self) -> float:
        if len(self._blocks) < self.config.min_blocks:
            return self.config.initial_coupling_db
        # "lower": an actual measurement, never interpolated towards a block a guest talked in.
        value = float(
            np.percentile(np.asarray(self._blocks), self.config.coupling_percentile, method="lower")
        )
        return min(MAX_COUPLING_DB, max(MIN_COUPLING_DB, value))

    def expected_echo_db(self, t: float) -> float | None:
        """Loudest echo the mic frame ending at t may hold (dBFS), or None with no playback to echo."""
        with self._lock:
            loudest = self._loudest_locked(t - self.config.max_delay_s, t)
            if loudest is None:
                return None
            return loudest + self._coupling_locked()

    def is_echo(self, mic_db: float, t: float, margin_db: float | None = None) -> bool:
        """True if the mic frame (level mic_db, ending at t) is not clearly above the expected echo."""
        expected = self.expected_echo_db(t)
        if expected is None:
            return False  # no reference: nothing to compare with, behave as without echo awareness
        margin = self.config.margin_db if margin_db is None else margin_db
        return mic_db < expected + margin

    def observe_mic(self, mic_db: float, t_end: float) -> None:
        """Every mic frame: measures the coupling over blocks in which the robot talked throughout."""
        with self._lock:
            if self._block_start is None or t_end < self._block_start:
                self._block_start, self._block_mic_db = t_end, mic_db
                return
            self._block_mic_db = max(self._block_mic_db, mic_db)
            if t_end - self._block_start < self.config.block_s:
                return
            start, mic_max = self._block_start, self._block_mic_db
            self._block_start, self._block_mic_db = t_end, -math.inf
            # Any echo delay up to max_delay_s must find playback in this block, or a late echo that had not
            # arrived yet would look like a weak coupling (the dangerous direction).
            if not self._talked_throughout(start - self.config.max_delay_s, t_end):
                return
            loudest = self._loudest_locked(start - self.config.max_delay_s, t_end)
            if loudest is not None:
                self._blocks.append(min(MAX_COUPLING_DB, max(MIN_COUPLING_DB, mic_max - loudest)))

    def _loudest_locked(self, t_from: float, t_to: float) -> float | None:
        loudest: float | None = None
        t_to += CLOCK_SLACK_S
        for frame in self._frames:
            if frame.t_end > t_from and frame.t_start < t_to:
                loudest = frame.level_db if loudest is None else max(loudest, frame.level_db)
        return loudest

    def _talked_throughout(self, t_from: float, t_to: float) -> bool:
        """No pause in the playback within [t_from, t_to] longer than half a block."""
        longest_gap = self.config.block_s / 2
        last_end = t_from
        for frame in self._frames:
            if frame.level_db < self.config.active_reference_dbfs or frame.t_end <= t_from:
                continue
            if frame.t_start >= t_to:
                break
            if frame.t_start - last_end > longest_gap:
                return False
            last_end = max(last_end, frame.t_end)
        return t_to - last_end <= longest_gap + CLOCK_SLACK_S
