"""The simulated room: one real-time microphone stream mixing the guest's voice and the robot's echo."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from robot_guide.sim.echo_path import EchoPath, impulse_response
from robot_guide.speech.interfaces import SAMPLE_RATE

CHUNK = 512  # 32 ms, the frame size of the VAD
STOPPED_AFTER_S = 0.1  # no robot audio for this long (past the echo delay) = it stopped talking


@dataclass(frozen=True)
class EchoSettings:
    """How much of the robot's own voice reaches its microphone, how late, and how changed by the hall."""

    gain: float = 0.0  # 0 = no echo; 0.3 = a loud echo at -10 dB
    delay_s: float = 0.05
    lowpass_hz: float = 0.0  # 0 = full band; 4000 = a small loudspeaker heard through its casing
    reverb_s: float = 0.0  # 0 = dry; 0.15 = a short tail (RT60) of a furnished hall

    def __post_init__(self) -> None:
        if not (0.0 <= self.gain <= 2.0 and 0.0 <= self.delay_s <= 5.0):
            raise ValueError(f"echo gain must be 0-2 and delay 0-5 s, got {self.gain} and {self.delay_s}")
        if self.lowpass_hz < 0.0 or not 0.0 <= self.reverb_s <= 2.0:
            raise ValueError(
                f"echo lowpass_hz must be >= 0 and reverb_s 0-2 s, got {self.lowpass_hz} and {self.reverb_s}"
            )


class Room:
    """Publishes microphone chunks at real-time pace: silence, guest audio, plus the robot's echo."""

    def __init__(
        self,
        publish: Callable[[npt.NDArray[np.int16]], None],
        echo: EchoSettings | None = None,
        noise_dbfs: float = -70.0,
    ) -> None:
        self._publish = publish
        self._echo = echo or EchoSettings()
        self._path = EchoPath(impulse_response(self._echo.gain, self._echo.lowpass_hz, self._echo.reverb_s))
        self._noise_amplitude = 10 ** (noise_dbfs / 20.0)
        self._guest: deque[npt.NDArray[np.float32]] = deque()
        self._robot: deque[tuple[float, npt.NDArray[np.float32]]] = deque()  # (due time, samples)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._guest_done = threading.Event()
        self._guest_done.set()
        self._rng = np.random.default_rng(7)
        self._last_robot = float("-inf")
        self._thread = threading.Thread(target=self._run, name="sim-room", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2.0)

    def play_guest(self, samples: npt.NDArray[np.float32], tail_silence_s: float = 0.0) -> None:
        """Queue the guest's speech (16 kHz mono float32); it plays after what is already queued."""
        padded = np.concatenate(
            [samples.astype(np.float32), np.zeros(int(tail_silence_s * SAMPLE_RATE), np.float32)]
        )
        with self._lock:
            for start in range(0, len(padded), CHUNK):
                self._guest.append(padded[start : start + CHUNK])
            self._guest_done.clear()

    def guest_playing(self) -> bool:
        return not self._guest_done.is_set()

    def hear_robot(self, samples: npt.NDArray[np.float32]) -> None:
        """The robot's played audio; it reaches the microphone after the echo delay, attenuated."""
        if self._echo.gain <= 0.0:
            return
        with self._lock:
            self._last_robot = time.monotonic()
            self._robot.append((self._last_robot + self._echo.delay_s, self._path.process(samples)))

    def _next_chunk(self) -> npt.NDArray[np.float32]:
        chunk = (self._rng.standard_normal(CHUNK) * self._noise_amplitude).astype(np.float32)
        with self._lock:
            if self._guest:
                guest = self._guest.popleft()
                chunk[: len(guest)] += guest
                if not self._guest:
                    self._guest_done.set()
            filled = 0
            now = time.monotonic()
            # The robot stopped (no chunk for a while, not just a late one): the hall rings on.
            stopped = now - self._last_robot > self._echo.delay_s + STOPPED_AFTER_S
            if not self._robot and stopped and self._path.ringing():
                self._robot.append((now, self._path.flush()))
            while self._robot and filled < CHUNK and self._robot[0][0] <= now:
                due, robot = self._robot.popleft()
                take = min(CHUNK - filled, len(robot))
                chunk[filled : filled + take] += robot[:take]
                if take < len(robot):
                    self._robot.appendleft((due, robot[take:]))
                filled += take
        return chunk

    def _run(self) -> None:
        period = CHUNK / SAMPLE_RATE
        next_due = time.monotonic()
        while not self._stop.is_set():
            chunk = np.clip(self._next_chunk(), -1.0, 1.0)
            self._publish((chunk * 32767).astype(np.int16))
            next_due += period
            delay = next_due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            elif delay < -1.0:
                next_due = time.monotonic()  # we fell far behind (a stalled machine): resync, do not burst
