"""PrerenderCache: warm, get, rebuild (reuse, render new, drop stale, atomic swap) and the disk cache."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from robot_guide.speech.interfaces import SpeechAudio, Synthesizer, Voice
from robot_guide.speech.speak.prerender import PrerenderCache

VOICE = Voice("en", 175)


class CountingSynthesizer(Synthesizer):
    """A distinct, deterministic waveform per text; counts calls; can fail on a word or block."""

    def __init__(self, fail_on: str = "") -> None:
        self.calls: list[str] = []
        self.fail_on = fail_on
        self.gate: threading.Event | None = None
        self.entered = threading.Event()

    def synthesize(self, text: str, voice: Voice) -> SpeechAudio:
        self.calls.append(text)
        self.entered.set()
        if self.gate is not None:
            self.gate.wait(5.0)
        if self.fail_on and self.fail_on in text:
            raise RuntimeError("engine broke")
        rng = np.random.default_rng(len(text) * 7919 + voice.rate_wpm)
        return SpeechAudio(rng.uniform(-0.5, 0.5, 1_000 + 10 * len(text)).astype(np.float32), 22_050)


def test_warm_then_get_returns_the_rendered_audio_without_synthesis() -> None:
    synth = CountingSynthesizer()
    cache = PrerenderCache(synth, VOICE)
    report = cache.warm(["Welcome to the summit!", "The forum is in Hall B.", "Welcome to the summit!"])
    assert (report.rendered, report.reused, report.entries) == (2, 0, 2)
    assert report.bytes == sum(
        2 * (1_000 + 10 * len(t)) for t in ["Welcome to the summit!", "The forum is in Hall B."]
    )
    synth.calls.clear()
    audio = cache.get("Welcome to the summit!", VOICE)
    assert audio is not None and synth.calls == []
    expected = CountingSynthesizer().synthesize("Welcome to the summit!", VOICE).samples
    np.testing.assert_allclose(audio.samples, expected, atol=1 / 32_000)  # int16 storage, float32 out
    assert audio.samples.dtype == np.float32 and audio.sample_rate == 22_050


def test_keys_are_text_voice_and_rate() -> None:
    cache = PrerenderCache(CountingSynthesizer(), VOICE)
    cache.warm(["Hello"])
    assert cache.get("Hello", Voice("en", 175)) is not None
    assert cache.get("Hello", Voice("en", 140)) is None  # a slower repeat is synthesized on demand
    assert cache.get("Hello", Voice("zh", 175)) is None
    assert cache.get("Hello!", VOICE) is None
    assert cache.get("**Hello**", VOICE) is not None  # looked up by the text as it will be spoken


def test_rebuild_renders_only_new_texts_and_drops_stale_ones() -> None:
    synth = CountingSynthesizer()
    cache = PrerenderCache(synth, VOICE)
    cache.warm(["A one.", "B two.", "C three."])
    synth.calls.clear()
    report = cache.rebuild(["A one.", "C three, changed.", "D four."])
    assert synth.calls == ["C three, changed.", "D four."]
    assert (report.rendered, report.reused, report.dropped, report.entries) == (2, 1, 2, 3)
    assert cache.get("B two.", VOICE) is None and cache.get("C three.", VOICE) is None
    assert cache.texts() == {"A one.", "C three, changed.", "D four."}


def test_failures_are_reported_and_the_rest_still_rendered() -> None:
    cache = PrerenderCache(CountingSynthesizer(fail_on="broken"), VOICE)
    report = cache.warm(["fine one", "broken one", "fine two", "🎉"])
    assert report.rendered == 2 and len(cache) == 2
    assert report.failed == (("broken one", "engine broke"),)


def test_the_old_table_serves_until_a_rebuild_completes() -> None:
    synth = CountingSynthesizer()
    cache = PrerenderCache(synth, VOICE)
    cache.warm(["Old answer."])
    synth.gate, synth.entered = threading.Event(), threading.Event()
    done: list[int] = []
    thread = cache.rebuild_in_background(
        ["New answer.", "Another new one."], on_done=lambda r: done.append(r.rendered)
    )
    assert synth.entered.wait(5.0)  # the rebuild is rendering right now
    assert cache.get("Old answer.", VOICE) is not None
    assert cache.get("New answer.", VOICE) is None
    synth.gate.set()
    thread.join(5.0)
    assert done == [2]
    assert cache.get("Old answer.", VOICE) is None and cache.get("New answer.", VOICE) is not None


def test_disk_cache_survives_a_restart(tmp_path: Path) -> None:
    first = CountingSynthesizer()
    PrerenderCache(first, VOICE, cache_dir=tmp_path).warm(["Hello guest.", "Goodbye guest."])
    assert len(list(tmp_path.glob("*.wav"))) == 2
    second = CountingSynthesizer()
    cache = PrerenderCache(second, VOICE, cache_dir=tmp_path)
    report = cache.warm(["Hello guest.", "Goodbye guest.", "New line."])
    assert (report.loaded, report.rendered) == (2, 1)
    assert second.calls == ["New line."]
    restored = cache.get("Hello guest.", VOICE)
    assert restored is not None
    np.testing.assert_allclose(
        restored.samples, first.synthesize("Hello guest.", VOICE).samples, atol=1 / 32_000
    )
    assert not list(tmp_path.glob("*.part"))


def test_disk_files_are_not_shared_between_engines(tmp_path: Path) -> None:
    PrerenderCache(CountingSynthesizer(), VOICE, cache_dir=tmp_path, engine_name="espeak").warm(["Hello."])
    other = CountingSynthesizer()
    report = PrerenderCache(other, VOICE, cache_dir=tmp_path, engine_name="piper").warm(["Hello."])
    assert report.rendered == 1 and other.calls == ["Hello."]


def test_a_damaged_disk_file_is_rendered_again(tmp_path: Path) -> None:
    PrerenderCache(CountingSynthesizer(), VOICE, cache_dir=tmp_path).warm(["Hello."])
    (path,) = tmp_path.glob("*.wav")
    path.write_bytes(b"not a wav file")
    synth = CountingSynthesizer()
    report = PrerenderCache(synth, VOICE, cache_dir=tmp_path).warm(["Hello."])
    assert report.rendered == 1 and synth.calls == ["Hello."]


def test_answers_on_disk_are_mapped_not_held_in_memory(tmp_path: Path) -> None:
    synth = CountingSynthesizer()
    in_memory = PrerenderCache(synth, VOICE).warm(["Hello guest.", "Goodbye guest."])
    assert in_memory.bytes > 0
    cache = PrerenderCache(CountingSynthesizer(), VOICE, cache_dir=tmp_path)
    on_disk = cache.warm(["Hello guest.", "Goodbye guest."])
    assert on_disk.rendered == 2 and on_disk.bytes == 0
    assert on_disk.audio_seconds == in_memory.audio_seconds
    spoken = cache.get("Goodbye guest.", VOICE)
    assert spoken is not None
    np.testing.assert_allclose(
        spoken.samples, synth.synthesize("Goodbye guest.", VOICE).samples, atol=1 / 32_000
    )


def test_a_truncated_disk_file_is_rendered_again(tmp_path: Path) -> None:
    PrerenderCache(CountingSynthesizer(), VOICE, cache_dir=tmp_path).warm(["Hello."])
    (path,) = tmp_path.glob("*.wav")
    path.write_bytes(path.read_bytes()[:60])  # a header that promises samples the file no longer has
    synth = CountingSynthesizer()
    report = PrerenderCache(synth, VOICE, cache_dir=tmp_path).warm(["Hello."])
    assert report.rendered == 1 and synth.calls == ["Hello."]


def test_progress_bar_goes_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    PrerenderCache(CountingSynthesizer(), VOICE).warm(["a", "b"], progress=True)
    captured = capsys.readouterr()
    assert "prerender" in captured.err and "2/2" in captured.err
    assert captured.out == ""


def test_clips_are_kept_at_the_sinks_playback_rate(tmp_path: Path) -> None:
    """The sink then plays a held answer without converting it first."""
    cache = PrerenderCache(CountingSynthesizer(), VOICE, cache_dir=tmp_path, sample_rate=16_000)
    cache.warm(["Welcome to the summit!"])
    audio = cache.get("Welcome to the summit!", VOICE)
    assert audio is not None and audio.sample_rate == 16_000
    rendered = CountingSynthesizer().synthesize("Welcome to the summit!", VOICE)
    assert audio.samples.size == round(rendered.samples.size * 16_000 / 22_050)
    reopened = PrerenderCache(CountingSynthesizer(), VOICE, cache_dir=tmp_path, sample_rate=16_000)
    assert reopened.warm(["Welcome to the summit!"]).loaded == 1


def test_a_clip_kept_at_another_rate_is_another_disk_file(tmp_path: Path) -> None:
    PrerenderCache(CountingSynthesizer(), VOICE, cache_dir=tmp_path).warm(["Hello."])
    synth = CountingSynthesizer()
    report = PrerenderCache(synth, VOICE, cache_dir=tmp_path, sample_rate=16_000).warm(["Hello."])
    assert (report.loaded, report.rendered) == (0, 1) and synth.calls == ["Hello."]
    audio = PrerenderCache(CountingSynthesizer(), VOICE, cache_dir=tmp_path).warm(["Hello."])
    assert audio.loaded == 1  # the native-rate file is still there for a sink that plays clips as they are
