"""load_audio: any rate, channels and format to 16 kHz mono float32; bad files -> one clear line; resample."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from robot_guide.speech.audio import AudioFileError, load_audio, resample, rms_dbfs, to_mono_float32


def sine(rate: int, seconds: float, freq: float = 440.0, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(int(rate * seconds)) / rate
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.float32)


def dominant_frequency(samples: np.ndarray, rate: int = 16_000) -> float:
    spectrum = np.abs(np.fft.rfft(samples))
    return float(np.fft.rfftfreq(samples.size, 1 / rate)[int(np.argmax(spectrum))])


@pytest.mark.parametrize("subtype", ["PCM_16", "FLOAT"])
def test_8khz_is_resampled_to_16khz(tmp_path: Path, subtype: str) -> None:
    path = tmp_path / "eight.wav"
    sf.write(path, sine(8_000, 1.0), 8_000, subtype=subtype)
    audio = load_audio(path)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert abs(audio.size - 16_000) <= 160
    assert dominant_frequency(audio) == pytest.approx(440.0, abs=3.0)


def test_stereo_44k_is_mixed_down(tmp_path: Path) -> None:
    path = tmp_path / "stereo.wav"
    left = sine(44_100, 0.5, amplitude=0.4)
    sf.write(path, np.stack([left, left], axis=1), 44_100, subtype="PCM_24")
    audio = load_audio(path)
    assert audio.ndim == 1 and abs(audio.size - 8_000) <= 160
    assert float(np.max(np.abs(audio))) == pytest.approx(0.4, abs=0.05)


def test_16k_float_is_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "same.wav"
    original = sine(16_000, 0.25)
    sf.write(path, original, 16_000, subtype="FLOAT")
    np.testing.assert_allclose(load_audio(path), original, atol=1e-4)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AudioFileError, match="no such file"):
        load_audio(tmp_path / "absent.wav")


def test_text_file_named_wav_is_not_audio(tmp_path: Path) -> None:
    path = tmp_path / "fake.wav"
    path.write_text("this is not audio\n")
    with pytest.raises(AudioFileError, match="not audio") as info:
        load_audio(path)
    assert "\n" not in str(info.value)


def test_empty_file_and_empty_audio(tmp_path: Path) -> None:
    empty = tmp_path / "empty.wav"
    empty.write_bytes(b"")
    with pytest.raises(AudioFileError, match="empty"):
        load_audio(empty)
    no_frames = tmp_path / "noframes.wav"
    sf.write(no_frames, np.zeros(0, dtype=np.float32), 16_000)
    with pytest.raises(AudioFileError):
        load_audio(no_frames)


def test_directory_is_rejected(tmp_path: Path) -> None:
    with pytest.raises(AudioFileError, match="not a file"):
        load_audio(tmp_path)


def test_to_mono_float32_and_dbfs() -> None:
    stereo_int = np.array([[16384, -16384], [32767, 32767]], dtype=np.int16)
    mono = to_mono_float32(stereo_int)
    assert mono.dtype == np.float32
    np.testing.assert_allclose(mono, [0.0, 32767 / 32768], atol=1e-6)
    assert rms_dbfs(np.zeros(100, dtype=np.float32)) <= -119.0
    assert rms_dbfs(np.ones(100, dtype=np.float32)) == pytest.approx(0.0, abs=1e-6)


def test_resample_keeps_duration_level_and_pitch() -> None:
    source = sine(22_050, 1.0, freq=1_000.0)
    out = resample(source, 22_050, 16_000)
    assert out.size == 16_000 and out.dtype == np.float32
    assert float(np.max(np.abs(out))) == pytest.approx(0.5, abs=0.01)
    assert dominant_frequency(out) == pytest.approx(1_000.0, abs=2.0)
    assert resample(source, 22_050, 22_050) is source


def test_resample_drops_content_above_the_new_nyquist_instead_of_aliasing() -> None:
    out = resample(sine(22_050, 1.0, freq=10_000.0, amplitude=0.3), 22_050, 16_000)  # 10 kHz > 8 kHz
    assert float(np.sqrt(np.mean(out**2))) < 0.01


@pytest.mark.parametrize(
    ("size", "from_rate", "to_rate"),
    [
        (1, 22_050, 16_000),
        (7, 48_000, 16_000),
        (512, 16_000, 48_000),
        (2_400, 48_000, 16_000),
        (12_345, 44_100, 16_000),
    ],
)
def test_resample_gives_the_length_the_duration_asks_for_and_keeps_timing(
    size: int, from_rate: int, to_rate: int
) -> None:
    impulse = np.zeros(size, dtype=np.float32)
    impulse[size // 2] = 1.0
    out = resample(impulse, from_rate, to_rate)
    assert out.size == round(size * to_rate / from_rate) and out.dtype == np.float32
    if size >= 512:  # the peak stays where it was in time: no filter delay added
        assert int(np.argmax(out)) == pytest.approx(size // 2 * to_rate / from_rate, abs=1)
