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
    """Has the canceller learned the echo path yet? How much it takes off the microphone while the robot
    plays, over the last window_s (a high percentile, so a guest talking over the robot counts little).

    Until it has, the echo-level check judges the untouched microphone: an unconverged canceller lets the
    robot's own voice through, and that must not look like a guest barging in. Once it has, it stays so (a
    robot's loudspeaker-to-microphone path does not change), so a guest talking over the robot, which the
    canceller cannot take off, never makes it look unconverged again."""

    def __init__(self, window_s: float = 3.0, converged_db: float = 10.0, frame_s: float = 0.032) -> None:
        self.converged_db = converged_db
        self._cuts: deque[float] = deque(maxlen=max(1, round(window_s / frame_s)))
        self._converged = False

    def observe(self, raw_db: float, cleaned_db: float, echo_present: bool) -> None:
        if echo_present:
            self._cuts.append(raw_db - cleaned_db)

    @property
    def converged(self) -> bool:
        if not self._converged and len(self._cuts) >= (self._cuts.maxlen or 1) // 2:
            cut = float(np.percentile(np.asarray(self._cuts), CONVERGED_PERCENTILE))
            self._converged = cut >= self.converged_db
        return self._converged
