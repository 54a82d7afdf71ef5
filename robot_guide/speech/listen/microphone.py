"""Microphone input over sounddevice (PortAudio): 16 kHz mono float32 blocks with wall-clock end times."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from robot_guide.contracts.errors import RobotGuideError
from robot_guide.speech.audio import to_mono_float32
from robot_guide.speech.interfaces import SAMPLE_RATE, AudioArray


class MicrophoneError(RobotGuideError, RuntimeError):
    """No usable microphone; the message names the device and how to list devices."""


def list_input_devices() -> list[dict[str, Any]]:
    """Input-capable devices as dicts (index, name, channels, default_samplerate). Raises MicrophoneError."""
    sd = _sounddevice()
    try:
        devices = sd.query_devices()
    except Exception as exc:
        raise MicrophoneError(f"cannot list audio devices ({exc})") from None
    result = []
    for index, device in enumerate(devices):
        if int(device.get("max_input_channels", 0)) > 0:
            result.append(
                {
                    "index": index,
                    "name": str(device.get("name", "")),
                    "channels": int(device["max_input_channels"]),
                    "default_samplerate": float(device.get("default_samplerate", 0.0)),
                }
            )
    return result


def _sounddevice() -> Any:
    try:
        import sounddevice
    except (ImportError, OSError) as exc:  # OSError: the PortAudio library itself is missing
        raise MicrophoneError(
            f"PortAudio/sounddevice is not available ({exc}); install libportaudio2"
        ) from None
    return sounddevice


class MicrophoneSource:
    """Calls on_audio(samples, t_end) from PortAudio's thread per block; start()/stop() or a with-block."""

    def __init__(
        self,
        device: str | int | None,
        on_audio: Callable[[AudioArray, float], None],
        block_s: float = 0.032,
    ) -> None:
        self.device = device
        self._on_audio = on_audio
        self._block = max(1, round(block_s * SAMPLE_RATE))
        self._stream: Any = None

    def _describe(self) -> str:
        return "the default input device" if self.device in (None, "") else f"input device '{self.device}'"

    def start(self) -> None:
        sd = _sounddevice()
        device = None if self.device == "" else self.device
        if isinstance(device, str) and device.isdigit():
            device = int(device)

        def callback(indata: Any, frames: int, time_info: Any, status: Any) -> None:
            # time_info.inputBufferAdcTime is in PortAudio's clock, not wall time: use wall time now.
            self._on_audio(to_mono_float32(indata.copy()), time.time())

        try:
            self._stream = sd.InputStream(
                samplerate=SAMPLE_RATE,
                channels=1,
                dtype="float32",
                blocksize=self._block,
                device=device,
                callback=callback,
            )
            self._stream.start()
        except Exception as exc:
            self._stream = None
            raise MicrophoneError(
                f"cannot open {self._describe()} at 16 kHz mono ({exc}); "
                "list the devices with 'robot-guide devices' and pass one by index or name"
            ) from None

    def stop(self) -> None:
        if self._stream is not None:
            try:
                self._stream.stop()
                self._stream.close()
            finally:
                self._stream = None

    def __enter__(self) -> MicrophoneSource:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
