"""Acoustic echo cancellation in front of the VAD: the robot's played audio subtracted from the mic."""

from __future__ import annotations

import ctypes
from abc import ABC, abstractmethod
from collections import deque
from dataclasses import dataclass
from typing import Any

import numpy as np

from robot_guide.speech.errors import SpeechEngineError
from robot_guide.speech.interfaces import SAMPLE_RATE, AudioArray
from robot_guide.speech.settings import check_bounds, setting

ECHO_CANCELLERS = ("speex", "none")
CONVERGED_PERCENTILE = 50.0


@dataclass(frozen=True)
class EchoCancellerConfig:
    engine: str = setting(
        "speex",
        "acoustic echo canceller in front of the VAD: speex (pyaec) or none; the echo-level check stays",
        parameter="aec",
    )
    # The adaptive filter must span the echo's delay plus the room's reverb tail.
    filter_s: float = setting(
        0.25,
        "seconds of echo path (delay + reverb) the canceller models",
        parameter="aec_filter_s",
        low=0.01,
        high=2.0,
    )
    # The canceller learns the echo path sample by sample: the far end and the microphone must keep their
    # alignment (a 1-3 sample shift took 25 dB of echo removal down to 2-9 dB for seconds).
    clock_hold_s: float = setting(
        0.02,
        "seconds the microphone stream's least delivery delay may move before its stamps follow it",
        parameter="mic_clock_hold_s",
        low=0.0,
        high=1.0,
    )
    join_s: float = setting(
        0.05,
        "seconds a played chunk's stamp may be off the end of the one before and still continue it "
        "sample by sample (play stamps jitter; the canceller needs one continuous far end)",
        parameter="aec_join_s",
        low=0.0,
        high=0.5,
    )
    # The far end travels another path than the microphone (a topic, not the sound card) and can come late.
    reference_wait_s: float = setting(
        0.2,
        "seconds a microphone frame may wait, while the robot plays, for the far end that covers it before "
        "it is cancelled without (0: never wait)",
        parameter="aec_reference_wait_s",
        low=0.0,
        high=1.0,
    )
    converged_db: float = setting(
        10.0,
        "dB the canceller must take off the robot's echo (median) on a line before what it leaves is judged",
        parameter="aec_converged_db",
        low=0.0,
    )
    converged_window_s: float = setting(
        1.0,
        "seconds of the robot's audible echo over which the canceller's echo removal is judged",
        parameter="aec_converged_window_s",
        low=0.05,
    )
    converged_min_s: float = setting(
        0.25, "seconds of audible echo in a line before the canceller can count as working", low=0.0
    )
    # Louder out than in: the canceller subtracted an echo that did not come (a dropped microphone block,
    # a shifted stream), and it has adapted to that; what it leaves is no guide until it relearns.
    lost_db: float = setting(
        6.0,
        "dB by which the canceller's output may exceed its input before it must show again it works",
        low=0.0,
    )
    # Speex's residual-echo preprocessor also damps a guest talking over the robot: measured with a guest
    # barging in through a -6 dB echo, it delayed the barge-in from ~0.5 s to ~1.4 s after the first word.
    preprocess: bool = setting(
        False,
        "also suppress the residual echo after the linear filter (slows barge-in: it damps the guest too)",
        parameter="aec_preprocess",
    )

    def __post_init__(self) -> None:
        check_bounds(self, "echo canceller")
        if self.engine not in ECHO_CANCELLERS:
            raise ValueError(
                f"echo canceller aec must be one of {', '.join(ECHO_CANCELLERS)}, got {self.engine!r}"
            )


class EchoCanceller(ABC):
    """mic frame and the far-end (played) samples of the same instant in, the mic without the echo out."""

    @abstractmethod
    def process(self, mic: AudioArray, far: AudioArray) -> AudioArray: ...


class PassthroughCanceller(EchoCanceller):
    """No cancellation: the echo-level check alone tells the robot's voice from a guest."""

    def process(self, mic: AudioArray, far: AudioArray) -> AudioArray:
        return mic


class SpeexCanceller(EchoCanceller):
    """Speex AEC with its residual-echo preprocessor (the pyaec wheel's library), fixed frame size."""

    def __init__(self, frame_samples: int, filter_s: float, preprocess: bool, rate: int = SAMPLE_RATE):
        try:
            import pyaec
        except ImportError:
            raise SpeechEngineError(
                "echo canceller 'speex' needs the pyaec package: pip install pyaec==1.0.1, or set aec to none"
            ) from None
        self._lib: Any = pyaec.lib
        self._frame = frame_samples
        self._handle = self._lib.AecNew(
            frame_samples, max(frame_samples, round(filter_s * rate)), rate, preprocess
        )
        if not self._handle:
            raise SpeechEngineError("echo canceller 'speex' could not start (pyaec AecNew failed)")
        self._pointer = ctypes.POINTER(ctypes.c_int16)
        self._out = np.zeros(frame_samples, dtype=np.int16)

    def process(self, mic: AudioArray, far: AudioArray) -> AudioArray:
        if mic.size != self._frame or far.size != self._frame:
            raise ValueError(
                f"echo canceller frames must hold {self._frame} samples, got {mic.size}/{far.size}"
            )
        near16 = np.ascontiguousarray(_to_int16(mic))
        far16 = np.ascontiguousarray(_to_int16(far))
        self._lib.AecCancelEcho(
            self._handle,
            near16.ctypes.data_as(self._pointer),
            far16.ctypes.data_as(self._pointer),
            self._out.ctypes.data_as(self._pointer),
            self._frame,
        )
        return self._out.astype(np.float32) / 32768.0

    def __del__(self) -> None:
        handle = getattr(self, "_handle", None)
        if handle:
            self._lib.AecDestroy(handle)
            self._handle = None


def _to_int16(samples: AudioArray) -> np.ndarray:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype(np.int16)


def make_echo_canceller(config: EchoCancellerConfig, frame_samples: int) -> EchoCanceller:
    if config.engine == "none":
        return PassthroughCanceller()
    return SpeexCanceller(frame_samples, config.filter_s, config.preprocess)


class ConvergenceMonitor:
    """How much of the robot's echo the canceller takes off on this line: the median cut over the last
    window_s of audible echo, the best such median since the line started.

    Until that reaches converged_db, the echo-level check judges the untouched microphone: a canceller that
    has not learned the echo path lets the robot's own voice through, and that must not look like a guest
    barging in. A line's play stamps can sit a sample off the last line's (measured: the echo removed fell
    from 25 dB to 2-9 dB for seconds after such a shift), so each line must show it again, and what the
    canceller leaves is judged against the echo expected on the microphone less what it takes off on this
    line. The best median, not the latest, so that a guest talking over the robot (whom no canceller takes
    off) does not make the canceller look worse and deafen the robot to that guest."""

    def __init__(self, config: EchoCancellerConfig, frame_s: float = 0.032) -> None:
        self.converged_db = config.converged_db
        self._cuts: deque[float] = deque(maxlen=max(1, round(config.converged_window_s / frame_s)))
        self._min_frames = max(1, round(config.converged_min_s / frame_s))
        self._removal_db = 0.0

    def restart(self) -> None:
        """A new line starts: what the canceller did on the last one no longer counts."""
        self._cuts.clear()
        self._removal_db = 0.0

    def observe(self, raw_db: float, cleaned_db: float, echo_alone: bool) -> None:
        """echo_alone: the robot is audible and nothing louder than its echo is on the microphone."""
        if not echo_alone:
            return
        self._cuts.append(raw_db - cleaned_db)
        if len(self._cuts) >= self._min_frames:
            median = float(np.percentile(np.asarray(self._cuts), CONVERGED_PERCENTILE))
            self._removal_db = max(self._removal_db, median)

    @property
    def removal_db(self) -> float:
        """dB the canceller takes off the echo on this line (0 until measured)."""
        return self._removal_db

    @property
    def converged(self) -> bool:
        return self._removal_db >= self.converged_db
