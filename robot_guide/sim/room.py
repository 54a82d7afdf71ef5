"""The simulated room: one real-time microphone stream mixing the guest's voice and the robot's echo."""

from __future__ import annotations

import math
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
STOPPED_AFTER_SAMPLES = 1600  # 0.1 s past the last chunk's echo without another: the robot stopped talking
SAME_STREAM_SAMPLES = 800  # a chunk within 50 ms of where the last one ended continues the same playback
# With an echo, each chunk goes out this long after its last sample is captured, stamped with its capture
# time, as a sound card delivers blocks. The echo is mixed in as the chunk goes out, so the echo of a
# robot/audio_out message that arrived late (a loaded machine: measured up to 0.11 s after its echo was due,
# with two node sets on 2 cores) is still where the robot's loudspeaker put it; a real hall never loses it.
ECHO_CAPTURE_LATENCY_S = 0.15


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
    """Publishes microphone chunks at real-time pace: silence, guest audio, plus the robot's echo.

    publish(chunk, t_end) gets each chunk with the wall time its last sample was captured."""

    def __init__(
        self,
        publish: Callable[[npt.NDArray[np.int16], float], None],
        echo: EchoSettings | None = None,
        noise_dbfs: float = -70.0,
        latency_s: float | None = None,
    ) -> None:
        self._publish = publish
        self._echo = echo or EchoSettings()
        if latency_s is None:
            latency_s = ECHO_CAPTURE_LATENCY_S if self._echo.gain > 0.0 else 0.0
        self._latency_s = latency_s
        # Captured chunks not yet published: (index of their first sample, guest and noise, capture end time).
        self._captured: deque[tuple[int, npt.NDArray[np.float32], float]] = deque()
        self._path = EchoPath(impulse_response(self._echo.gain, self._echo.lowpass_hz, self._echo.reverb_s))
        self._noise_amplitude = 10 ** (noise_dbfs / 20.0)
        self._guest: deque[npt.NDArray[np.float32]] = deque()
        # The echo on the microphone's own timeline: (index of its first sample in the mic stream, samples).
        self._robot: deque[tuple[int, npt.NDArray[np.float32]]] = deque()
        self._next_robot_index: int | None = None  # where the echo of the chunk played next would begin
        self._mic_index = 0  # samples published so far
        self._mic_t0 = time.time()  # wall time of the mic stream's first sample
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._guest_done = threading.Event()
        self._guest_done.set()
        self._rng = np.random.default_rng(7)
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

    def hear_robot(self, samples: npt.NDArray[np.float32], t_start: float | None = None) -> None:
        """The robot's played audio (t_start: wall time its first sample plays; None = now). It reaches the
        microphone after the echo delay, through the hall's echo path, at the place its play time gives
        it on the microphone's timeline, so a late message does not shift the echo against the playback."""
        if self._echo.gain <= 0.0 or samples.size == 0:
            return
        played = time.time() if t_start is None else t_start
        with self._lock:
            index = round((played + self._echo.delay_s - self._mic_t0) * SAMPLE_RATE)
            expected = self._next_robot_index
            if expected is not None and abs(index - expected) <= SAME_STREAM_SAMPLES:
                index = expected  # the next chunk of the same stream: no crack from rounding or jitter
            elif expected is not None and self._path.ringing():
                self._robot.append((expected, self._path.flush()))  # a pause: the hall rang on meanwhile
            self._robot.append((index, self._path.process(samples.astype(np.float32))))
            self._next_robot_index = index + samples.size

    def _capture(self) -> None:
        """The next chunk as the microphone captures it: room noise and the guest; the echo comes later."""
        chunk = (self._rng.standard_normal(CHUNK) * self._noise_amplitude).astype(np.float32)
        with self._lock:
            if self._guest:
                guest = self._guest.popleft()
                chunk[: len(guest)] += guest
                if not self._guest:
                    self._guest_done.set()
            begin = self._mic_index
            self._mic_index += CHUNK
            self._captured.append((begin, chunk, self._mic_t0 + self._mic_index / SAMPLE_RATE))

    def _with_echo(self, begin: int, chunk: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        """The chunk plus the echo of what the robot played, at its place on the microphone's timeline."""
        end = begin + CHUNK
        with self._lock:
            last = self._next_robot_index
            if last is not None and begin > last + STOPPED_AFTER_SAMPLES and self._path.ringing():
                self._robot.append((last, self._path.flush()))  # the robot stopped: the hall rings on
            kept: deque[tuple[int, npt.NDArray[np.float32]]] = deque()
            for start, robot in self._robot:
                lo, hi = max(begin, start), min(end, start + robot.size)
                if lo < hi:
                    chunk[lo - begin : hi - begin] += robot[lo - start : hi - start]
                if start + robot.size > end:
                    kept.append((start, robot))  # still to come (echo later than the latency is lost)
            self._robot = kept
        return chunk

    def _due(self) -> list[tuple[int, npt.NDArray[np.float32], float]]:
        """Captured chunks whose latency has passed, oldest first."""
        latest = time.time() - self._latency_s if self._latency_s > 0.0 else math.inf
        due = []
        with self._lock:
            while self._captured and self._captured[0][2] <= latest:
                due.append(self._captured.popleft())
        return due

    def _run(self) -> None:
        # A chunk is captured once its last sample is "heard", as by a sound card: sample n of the stream is
        # heard at _mic_t0 + n / rate, the clock the robot's echo is placed by. It goes out latency_s later.
        period = CHUNK / SAMPLE_RATE
        with self._lock:
            self._mic_t0 = time.time()
        next_due = time.monotonic() + period
        while not self._stop.is_set():
            delay = next_due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            elif delay < -1.0:  # we fell far behind (a stalled machine): resync, do not burst
                next_due = time.monotonic()
                with self._lock:
                    self._mic_t0 = time.time() - self._mic_index / SAMPLE_RATE
            self._capture()
            for begin, captured, t_end in self._due():
                chunk = np.clip(self._with_echo(begin, captured), -1.0, 1.0)
                try:
                    self._publish((chunk * 32767).astype(np.int16), t_end)
                except Exception:
                    if self._stop.is_set():  # the simulator is shutting ROS down under a late chunk
                        return
                    raise
            next_due += period
