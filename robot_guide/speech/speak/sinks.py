"""Where speech goes: the robot's loudspeaker (sounddevice), or a real-time paced recorder for simulation."""

from __future__ import annotations

import math
import re
import threading
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from robot_guide.contracts.errors import RobotGuideError
from robot_guide.speech.audio import resample
from robot_guide.speech.interfaces import AudioArray, AudioSink, SpeechAudio

REFERENCE_RATE = 16_000  # on_chunk audio of the loudspeaker sink: what the listener's echo reference takes
ChunkCallback = Callable[[AudioArray, float], None]  # (float32 chunk, wall time the chunk starts playing)


class SinkError(RobotGuideError, RuntimeError):
    """The audio output cannot be used; the message names the device and the fix."""


@dataclass(frozen=True)
class PlaybackRecord:
    """One utterance as it was played."""

    text: str
    started: float  # wall time (time.time()) of the first sample
    ended: float  # wall time playback stopped (end of audio, or the cancel)
    played_seconds: float
    audio_seconds: float
    cancelled: bool
    wav_path: str = ""


def write_wav(path: Path, samples: AudioArray, sample_rate: int) -> None:
    """Write mono 16-bit PCM (stdlib only, readable by every tool)."""
    pcm = np.round(np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2")
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(sample_rate)
        wav.writeframes(pcm.tobytes())


class PacedSink(AudioSink):
    """'Plays' audio in real time without a sound card: chunk by chunk on a monotonic clock, cancellable.

    Each chunk goes to `on_chunk` (the simulator mixes the robot's voice into its microphone for echo
    tests); every utterance is recorded in `records`, and optionally written as a WAV into `record_dir`.
    """

    def __init__(
        self,
        on_chunk: ChunkCallback | None = None,
        chunk_s: float = 0.032,
        resample_to: int | None = 16_000,
        *,
        record_dir: str | Path | None = None,
        realtime: bool = True,
        keep_audio: bool = False,
        speed: float = 1.0,
    ) -> None:
        if chunk_s <= 0:
            raise ValueError(f"chunk_s must be positive, got {chunk_s}; pass e.g. 0.032")
        self._on_chunk = on_chunk
        self._chunk_s = chunk_s
        self._resample_to = resample_to
        self._record_dir = Path(record_dir) if record_dir is not None else None
        if self._record_dir is not None:
            self._record_dir.mkdir(parents=True, exist_ok=True)
        self._realtime = realtime
        self._keep_audio = keep_audio
        if not 0.1 <= speed <= 20.0:
            raise ValueError(f"speed must be between 0.1 and 20, got {speed}; 1.0 is real time")
        # > 1 plays faster than real time: long scripted visits in CI need not wait out every answer.
        self._speed = speed
        self._lock = threading.Lock()
        self._records: list[PlaybackRecord] = []
        self._played: list[SpeechAudio] = []
        self._current_cancel: threading.Event | None = None
        self._clock_origin = time.time()

    @property
    def records(self) -> list[PlaybackRecord]:
        with self._lock:
            return list(self._records)

    @property
    def played_audio(self) -> list[SpeechAudio]:
        """The audio of each utterance as played (only with keep_audio=True)."""
        with self._lock:
            return list(self._played)

    @property
    def playback_rate(self) -> int | None:
        return self._resample_to

    def playing(self) -> bool:
        with self._lock:
            return self._current_cancel is not None

    def cancel(self) -> None:
        """Stop the utterance being played within one chunk; a no-op when nothing plays."""
        with self._lock:
            if self._current_cancel is not None:
                self._current_cancel.set()

    def play(self, audio: SpeechAudio, text: str) -> bool:
        rate = self._resample_to or audio.sample_rate
        samples = resample(audio.samples, audio.sample_rate, rate)
        chunk = max(1, round(self._chunk_s * rate))
        cancelled_event = threading.Event()
        with self._lock:
            self._current_cancel = cancelled_event
        # One sample clock for every utterance, as a sound card's converter has: each one starts on a tick of
        # it, so the stamps of successive utterances stay whole samples apart and an echo canceller fed these
        # stamps sees the same echo path from one utterance to the next.
        now_wall, now = time.time(), time.monotonic()
        started_wall = self._clock_origin + math.ceil((now_wall - self._clock_origin) * rate) / rate
        started = now + (started_wall - now_wall)
        played = 0
        cancelled = False
        try:
            for begin in range(0, samples.size, chunk):
                if cancelled_event.is_set():
                    cancelled = True
                    break
                piece = samples[begin : begin + chunk]
                if self._on_chunk is not None:
                    self._on_chunk(piece, started_wall + begin / rate)
                played = begin + piece.size
                if self._realtime:
                    # Absolute deadlines from one start time: waits never accumulate drift.
                    remaining = started + played / rate / self._speed - time.monotonic()
                    if remaining > 0 and cancelled_event.wait(remaining):
                        cancelled = True
                        break
        finally:
            with self._lock:
                self._current_cancel = None
        if self._realtime and cancelled:  # the chunk being played was cut part-way
            played_seconds = min((time.monotonic() - started) * self._speed, played / rate)
        else:
            played_seconds = played / rate
        self._record(text, samples, rate, started_wall, played_seconds, cancelled)
        return not cancelled

    def _record(
        self, text: str, samples: AudioArray, rate: int, started_wall: float, played_s: float, cancelled: bool
    ) -> None:
        played_samples = samples[: round(played_s * rate)]
        wav_path = ""
        with self._lock:
            index = len(self._records)
        if self._record_dir is not None:
            path = self._record_dir / f"{index:04d}-{_slug(text)}.wav"
            write_wav(path, played_samples, rate)
            wav_path = str(path)
        record = PlaybackRecord(
            text=text,
            started=started_wall,
            ended=started_wall + played_s,
            played_seconds=played_s,
            audio_seconds=samples.size / rate,
            cancelled=cancelled,
            wav_path=wav_path,
        )
        with self._lock:
            self._records.append(record)
            if self._keep_audio:
                self._played.append(SpeechAudio(played_samples.copy(), rate))


class RecordingSink(PacedSink):
    """Records every utterance instantly (no real-time pacing, original sample rate): for fast tests."""

    def __init__(
        self, on_chunk: ChunkCallback | None = None, *, record_dir: str | Path | None = None
    ) -> None:
        super().__init__(on_chunk, resample_to=None, record_dir=record_dir, realtime=False, keep_audio=True)


class SoundDeviceSink(AudioSink):
    """Plays through a sounddevice OutputStream (the robot's loudspeaker); cancellable mid-sentence."""

    def __init__(
        self, device: int | str | None = None, chunk_s: float = 0.05, on_chunk: ChunkCallback | None = None
    ) -> None:
        """on_chunk gets each chunk resampled to 16 kHz with the wall time it starts to sound (the listener's
        echo reference), as PacedSink's does."""
        self._on_chunk = on_chunk
        try:
            import sounddevice
        except OSError as exc:  # the Python package is there but the PortAudio library is not
            raise SinkError(
                f"cannot play audio: PortAudio is missing ({exc}); "
                "install it with `apt-get install libportaudio2`"
            ) from exc
        self._sd: Any = sounddevice
        try:
            info = sounddevice.query_devices(device, "output")
        except (ValueError, sounddevice.PortAudioError) as exc:
            what = (
                "no default audio output device"
                if device is None
                else f"audio output device {device!r} not found"
            )
            raise SinkError(
                f"{what} ({exc}); list the devices with `robot-guide devices` and pass one of their names or "
                "numbers, or use the simulated (paced) sink on a machine without a sound card"
            ) from exc
        self._device = device
        self.device_name = str(info["name"])
        self._rate = int(info["default_samplerate"])  # resample to what the device takes natively
        self._chunk_s = chunk_s
        self._lock = threading.Lock()
        self._current_cancel: threading.Event | None = None

    @property
    def playback_rate(self) -> int | None:
        return self._rate

    def cancel(self) -> None:
        with self._lock:
            if self._current_cancel is not None:
                self._current_cancel.set()

    def play(self, audio: SpeechAudio, text: str) -> bool:
        samples = resample(audio.samples, audio.sample_rate, self._rate)
        chunk = max(1, round(self._chunk_s * self._rate))
        cancelled_event = threading.Event()
        with self._lock:
            self._current_cancel = cancelled_event
        try:
            stream = self._sd.OutputStream(
                samplerate=self._rate, channels=1, dtype="float32", device=self._device
            )
            stream.start()
            try:
                for begin in range(0, samples.size, chunk):
                    if cancelled_event.is_set():
                        stream.abort()  # drop what is buffered: a barge-in must silence the robot now
                        return False
                    piece = samples[begin : begin + chunk]
                    if self._on_chunk is not None:
                        # Written now, heard after what the device still buffers (its output latency).
                        sounds_at = time.time() + float(getattr(stream, "latency", 0.0) or 0.0)
                        self._on_chunk(resample(piece, self._rate, REFERENCE_RATE), sounds_at)
                    stream.write(piece.reshape(-1, 1))  # blocks: paces playback
                stream.stop()  # waits until the buffered audio has really been played
            finally:
                stream.close()
        except self._sd.PortAudioError as exc:
            raise SinkError(
                f"audio output device {self.device_name!r} failed ({exc}); "
                "check it with `robot-guide devices`"
            ) from exc
        finally:
            with self._lock:
                self._current_cancel = None
        return not cancelled_event.is_set()


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return slug[:40] or "utterance"
