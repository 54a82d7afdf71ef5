"""Load any audio file as 16 kHz mono float32, with one clear error line when it cannot be done."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from robot_guide.contracts.errors import RobotGuideError
from robot_guide.speech.interfaces import SAMPLE_RATE, AudioArray


class AudioFileError(RobotGuideError, ValueError):
    """An audio file that cannot be used; the message names the file, the problem and the fix."""


def load_audio(path: str | Path) -> AudioArray:
    """Decode `path` (any format PyAV/FFmpeg reads, any rate and channel count) to 16 kHz mono float32."""
    file = Path(path)
    if not file.exists():
        raise AudioFileError(f"{file}: no such file (check the path)")
    if not file.is_file():
        raise AudioFileError(f"{file}: not a file (give the path of an audio file)")
    if file.stat().st_size == 0:
        raise AudioFileError(f"{file}: empty file (record or copy the audio again)")
    # PyAV resamples with FFmpeg's swresample and mixes channels down; imported lazily because it is heavy.
    from faster_whisper.audio import decode_audio

    try:
        samples = decode_audio(str(file), sampling_rate=SAMPLE_RATE)
    except Exception as exc:  # PyAV raises many types (InvalidDataError, ValueError, OSError...)
        raise AudioFileError(
            f"{file}: not audio or unreadable ({type(exc).__name__}); give a WAV/FLAC/MP3/OGG file"
        ) from None
    samples = np.asarray(samples, dtype=np.float32).reshape(-1)
    if samples.size == 0:
        raise AudioFileError(f"{file}: contains no audio samples (record or copy the audio again)")
    return samples


def to_mono_float32(samples: np.ndarray) -> AudioArray:
    """A callback chunk (int16 or float, mono or frames x channels) as mono float32."""
    array = np.asarray(samples)
    if np.issubdtype(array.dtype, np.integer):
        scale = float(np.iinfo(array.dtype).max) + 1.0
        array = array.astype(np.float32) / scale
    else:
        array = array.astype(np.float32, copy=False)
    if array.ndim == 2:
        array = array.mean(axis=1, dtype=np.float32)
    return array.reshape(-1)


def rms_dbfs(samples: AudioArray) -> float:
    """Loudness of a chunk in dB relative to full scale (silence -> -120)."""
    if samples.size == 0:
        return -120.0
    rms = float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
    return 20.0 * float(np.log10(max(rms, 1e-6)))
