"""Audio helpers: files to 16 kHz mono float32 (one clear error line when impossible), resampling, levels."""

from __future__ import annotations

from pathlib import Path

import av
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


def resample(samples: AudioArray, from_rate: int, to_rate: int) -> AudioArray:
    """Mono float32 at `to_rate`, same duration: FFmpeg's band-limited resampler (PyAV), so a voice's top
    octave does not alias into the lower band. The same rate returns the input itself."""
    if from_rate == to_rate or samples.size == 0:
        return samples.astype(np.float32, copy=False)
    count = round(samples.size * to_rate / from_rate)
    # swresample keeps its filter's last few samples until it sees more input: a little trailing silence
    # flushes the real tail out, and the result is cut to the exact length the duration asks for.
    flush = np.zeros(max(64, from_rate // 100), dtype=np.float32)
    padded = np.concatenate([np.asarray(samples, dtype=np.float32).reshape(-1), flush])
    frame = av.AudioFrame.from_ndarray(padded.reshape(1, -1), format="flt", layout="mono")
    frame.sample_rate = from_rate
    resampler = av.AudioResampler(format="flt", layout="mono", rate=to_rate)
    pieces = [out.to_ndarray().reshape(-1) for out in (*resampler.resample(frame), *resampler.resample(None))]
    resampled = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.float32)
    if resampled.size < count:  # inputs of a few samples can come back shorter than their duration
        resampled = np.pad(resampled, (0, count - resampled.size))
    return resampled[:count].astype(np.float32, copy=False)


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
