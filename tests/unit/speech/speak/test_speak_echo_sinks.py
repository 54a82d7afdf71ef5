"""The loudspeaker sink hands each chunk to on_chunk (16 kHz, play time) for the echo reference."""

from __future__ import annotations

import sys
import time
import types
from typing import Any, ClassVar

import numpy as np
import pytest

from robot_guide.speech.interfaces import SpeechAudio
from robot_guide.speech.speak.sinks import SoundDeviceSink


class FakeStream:
    """Stands in for sounddevice.OutputStream on a machine without a sound card."""

    written: ClassVar[list[np.ndarray]] = []

    def __init__(self, **_kwargs: Any) -> None:
        self.latency = 0.08

    def start(self) -> None: ...
    def stop(self) -> None: ...
    def abort(self) -> None: ...
    def close(self) -> None: ...

    def write(self, data: np.ndarray) -> None:
        FakeStream.written.append(data.copy())


@pytest.fixture
def fake_sounddevice(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("sounddevice")
    module.PortAudioError = RuntimeError  # type: ignore[attr-defined]
    module.query_devices = lambda device, kind: {"name": "fake", "default_samplerate": 48_000.0}  # type: ignore[attr-defined]
    module.OutputStream = FakeStream  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sounddevice", module)
    FakeStream.written = []


def test_on_chunk_gets_16khz_chunks_with_their_play_time(fake_sounddevice: None) -> None:
    chunks: list[tuple[np.ndarray, float]] = []
    sink = SoundDeviceSink(on_chunk=lambda samples, t: chunks.append((samples.copy(), t)))
    audio = SpeechAudio(np.linspace(-0.5, 0.5, 22_050, dtype=np.float32), 22_050)  # 1 s
    before = time.time()
    assert sink.play(audio, "hello")
    after = time.time()
    assert len(chunks) == len(FakeStream.written) == 20  # 50 ms chunks at the device's 48 kHz
    assert sum(c.size for c, _ in chunks) == pytest.approx(16_000, abs=20)
    assert all(c.dtype == np.float32 for c, _ in chunks)
    times = [t for _, t in chunks]
    assert times == sorted(times)
    assert before + 0.08 <= times[0] <= after + 0.08  # written now, heard after the output latency


def test_without_on_chunk_it_plays_as_before(fake_sounddevice: None) -> None:
    sink = SoundDeviceSink()
    assert sink.play(SpeechAudio(np.zeros(4_800, dtype=np.float32), 48_000), "quiet")
    assert len(FakeStream.written) == 2
