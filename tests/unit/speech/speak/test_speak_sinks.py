"""PacedSink/RecordingSink records, chunks, WAVs and 16 kHz chunks; SoundDeviceSink against a fake device."""

from __future__ import annotations

import sys
import threading
import types
import wave
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest

from robot_guide.speech.interfaces import SpeechAudio
from robot_guide.speech.speak.sinks import PacedSink, RecordingSink, SinkError, SoundDeviceSink


def tone(seconds: float, rate: int = 22_050) -> SpeechAudio:
    t = np.arange(round(seconds * rate)) / rate
    return SpeechAudio((0.5 * np.sin(2 * np.pi * 200 * t)).astype(np.float32), rate)


def test_recording_sink_keeps_every_utterance_in_order() -> None:
    sink = RecordingSink()
    assert sink.play(tone(0.5), "first")
    assert sink.play(tone(0.25), "second")
    first, second = sink.records
    assert (first.text, second.text) == ("first", "second")
    assert first.audio_seconds == pytest.approx(0.5, abs=1e-3) and not first.cancelled
    assert first.played_seconds == pytest.approx(first.audio_seconds)
    assert [audio.sample_rate for audio in sink.played_audio] == [22_050, 22_050]
    np.testing.assert_array_equal(sink.played_audio[1].samples, tone(0.25).samples)


def test_paced_sink_hands_out_resampled_chunks_with_their_start_times() -> None:
    chunks: list[tuple[np.ndarray, float]] = []
    sink = PacedSink(
        lambda chunk, at: chunks.append((chunk, at)), chunk_s=0.032, resample_to=16_000, realtime=False
    )
    assert sink.play(tone(1.0), "hello")
    sizes = [chunk.size for chunk, _ in chunks]
    assert sizes[:-1] == [512] * (len(sizes) - 1)  # 32 ms at 16 kHz
    assert sum(sizes) == 16_000
    assert all(chunk.dtype == np.float32 for chunk, _ in chunks)
    starts = [at for _, at in chunks]
    assert starts[1] - starts[0] == pytest.approx(0.032, abs=1e-5)
    assert starts == sorted(starts)


def test_paced_utterances_start_whole_samples_apart_as_on_one_sample_clock() -> None:
    """An echo canceller fed these play times sees the same echo path from one utterance to the next only
    if the utterances sit on one sample clock, as a sound card's converter plays them."""
    sink = PacedSink(chunk_s=0.032, resample_to=16_000, realtime=False)
    starts = []
    for _ in range(5):
        assert sink.play(tone(0.1), "hello")
        starts.append(sink.records[-1].started)
        threading.Event().wait(0.0013)  # the next line comes at no particular sample
    samples_apart = (np.array(starts) - starts[0]) * 16_000
    assert np.allclose(samples_apart, np.round(samples_apart), atol=0.01)


def test_cancel_from_a_chunk_callback_stops_playback() -> None:
    sink_box: list[PacedSink] = []
    count = [0]

    def on_chunk(chunk: np.ndarray, at: float) -> None:
        count[0] += 1
        if count[0] == 3:
            sink_box[0].cancel()

    sink = PacedSink(on_chunk, chunk_s=0.032, realtime=False)
    sink_box.append(sink)
    assert not sink.play(tone(2.0), "cut short")
    assert count[0] == 3
    (record,) = sink.records
    assert record.cancelled and record.played_seconds == pytest.approx(3 * 0.032)
    assert not sink.playing()


def test_cancel_when_idle_does_not_affect_the_next_utterance() -> None:
    sink = PacedSink(chunk_s=0.032, realtime=False)
    sink.cancel()
    assert sink.play(tone(0.1), "after an idle cancel")


def test_writes_each_utterance_as_a_wav(tmp_path: Path) -> None:
    sink = PacedSink(chunk_s=0.05, resample_to=16_000, record_dir=tmp_path / "voice", realtime=False)
    sink.play(tone(0.5), "Welcome to Hall B!")
    (record,) = sink.records
    path = Path(record.wav_path)
    assert path.parent == tmp_path / "voice" and path.name == "0000-welcome-to-hall-b.wav"
    with wave.open(str(path), "rb") as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getsampwidth()) == (16_000, 1, 2)
        assert wav.getnframes() == 8_000


def test_records_are_safe_to_read_from_other_threads() -> None:
    sink = RecordingSink()
    threads = [threading.Thread(target=sink.play, args=(tone(0.05), f"t{i}")) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(record.text for record in sink.records) == [f"t{i}" for i in range(8)]


def test_rejects_a_nonpositive_chunk() -> None:
    with pytest.raises(ValueError, match="chunk_s"):
        PacedSink(chunk_s=0)


class FakeStream:
    """Stands in for sounddevice.OutputStream: counts what was written, started, stopped, aborted."""

    instances: ClassVar[list[FakeStream]] = []

    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.written = 0
        self.events: list[str] = []
        FakeStream.instances.append(self)

    def start(self) -> None:
        self.events.append("start")

    def write(self, data: np.ndarray) -> None:
        assert data.ndim == 2 and data.shape[1] == 1
        self.written += data.shape[0]
        on_write = self.kwargs.get("_on_write")
        if callable(on_write):
            on_write()

    def stop(self) -> None:
        self.events.append("stop")

    def abort(self) -> None:
        self.events.append("abort")

    def close(self) -> None:
        self.events.append("close")


class FakePortAudioError(Exception):
    pass


@pytest.fixture
def fake_sounddevice(monkeypatch: pytest.MonkeyPatch) -> types.SimpleNamespace:
    def query_devices(device: Any = None, kind: str | None = None) -> dict[str, Any]:
        if device not in (None, "speaker", 3):
            raise ValueError(f"No output device matching {device!r}")
        return {"name": "speaker", "default_samplerate": 48_000.0}

    module = types.SimpleNamespace(
        query_devices=query_devices, OutputStream=FakeStream, PortAudioError=FakePortAudioError
    )
    monkeypatch.setitem(sys.modules, "sounddevice", module)
    FakeStream.instances.clear()
    return module


def test_sounddevice_sink_names_a_missing_device(fake_sounddevice: types.SimpleNamespace) -> None:
    with pytest.raises(SinkError, match=r"'front-left'.*robot-guide devices"):
        SoundDeviceSink("front-left")


def test_sounddevice_sink_plays_to_the_end_at_the_device_rate(
    fake_sounddevice: types.SimpleNamespace,
) -> None:
    sink = SoundDeviceSink("speaker")
    assert sink.play(tone(0.5), "hello")
    (stream,) = FakeStream.instances
    assert stream.kwargs["samplerate"] == 48_000 and stream.kwargs["channels"] == 1
    assert stream.written == 24_000
    assert stream.events == ["start", "stop", "close"]  # stop() drains the buffer: the real end of audio
    assert sink.playback_rate == 48_000  # answers prepared at this rate play without a conversion


def test_paced_sink_says_the_rate_it_plays_at() -> None:
    assert PacedSink(resample_to=16_000, realtime=False).playback_rate == 16_000
    assert RecordingSink().playback_rate is None  # each clip as it came


def test_sounddevice_sink_cancel_aborts_mid_sentence(
    fake_sounddevice: types.SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    sink = SoundDeviceSink()
    writes = [0]

    def cancel_on_second_write() -> None:
        writes[0] += 1
        if writes[0] == 2:
            sink.cancel()

    monkeypatch.setattr(
        fake_sounddevice, "OutputStream", lambda **kw: FakeStream(**kw, _on_write=cancel_on_second_write)
    )
    assert not sink.play(tone(2.0), "long sentence")
    (stream,) = FakeStream.instances
    assert stream.events == ["start", "abort", "close"]
    assert stream.written == 2 * round(0.05 * 48_000)
