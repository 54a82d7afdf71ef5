"""Real espeak + real-time PacedSink: speaking spans the audio, cache hits skip synthesis, prompt barge-in."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import numpy as np
import pytest

from robot_guide.speech.interfaces import SpeechAudio, Synthesizer, Voice
from robot_guide.speech.speak.engines.espeak import EspeakSynthesizer
from robot_guide.speech.speak.prerender import PrerenderCache
from robot_guide.speech.speak.sinks import PacedSink
from robot_guide.speech.speak.speaker import Speaker, SpokenRecord

pytest.importorskip(
    "pyttsx3", reason="pyttsx3 not installed (pip install pyttsx3; apt-get install espeak-ng)"
)

VOICE = Voice("en-us", 175)


class CountingProxy(Synthesizer):
    """The real engine, with a count of the calls that reached it."""

    def __init__(self, inner: Synthesizer) -> None:
        self.inner = inner
        self.calls: list[str] = []

    def synthesize(self, text: str, voice: Voice) -> SpeechAudio:
        self.calls.append(text)
        return self.inner.synthesize(text, voice)


@pytest.fixture(scope="module")
def espeak() -> Iterator[EspeakSynthesizer]:
    with EspeakSynthesizer() as engine:
        yield engine


class Timeline:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.speaking: list[tuple[float, bool]] = []
        self.chunks: list[tuple[float, int]] = []
        self.records: list[SpokenRecord] = []

    def on_speaking(self, value: bool) -> None:
        with self.lock:
            self.speaking.append((time.time(), value))

    def on_chunk(self, chunk: np.ndarray, at: float) -> None:
        with self.lock:
            self.chunks.append((at, chunk.size))

    def on_spoken(self, record: SpokenRecord) -> None:
        with self.lock:
            self.records.append(record)


def test_speaking_flag_spans_the_real_audio(espeak: EspeakSynthesizer) -> None:
    timeline = Timeline()
    sink = PacedSink(timeline.on_chunk, chunk_s=0.032, resample_to=16_000)
    speaker = Speaker(espeak, sink, VOICE, timeline.on_speaking, timeline.on_spoken)
    speaker.say("The Tiggo 9 is on the main stage.", turn_id="t1")
    assert speaker.wait_idle(20.0)
    speaker.close()
    (record,) = timeline.records
    assert not record.cancelled and not record.error and record.synth_seconds > 0
    (on_at, on), (off_at, off) = timeline.speaking
    assert (on, off) == (True, False)
    first_chunk_at = timeline.chunks[0][0]
    assert on_at <= first_chunk_at
    assert sum(size for _, size in timeline.chunks) / 16_000 == pytest.approx(record.audio_seconds, abs=0.01)
    # "speaking" covers the whole audio: it goes off only once the last chunk has had its time
    assert off_at >= first_chunk_at + record.audio_seconds - 0.01
    assert record.ended - record.started == pytest.approx(record.audio_seconds, abs=0.3)


def test_prerendered_answer_plays_without_synthesis(espeak: EspeakSynthesizer) -> None:
    proxy = CountingProxy(espeak)
    cache = PrerenderCache(proxy, VOICE)
    answer = "The KOC forum is in Hall B at two p.m."
    report = cache.warm([answer, "Welcome to the Chery International User Summit!"])
    assert report.rendered == 2 and not report.failed
    proxy.calls.clear()
    timeline = Timeline()
    speaker = Speaker(
        proxy, PacedSink(timeline.on_chunk), VOICE, timeline.on_speaking, timeline.on_spoken, cache
    )
    speaker.say(answer)
    assert speaker.wait_idle(20.0)
    speaker.close()
    (record,) = timeline.records
    assert record.cache_hit and record.synth_seconds == 0.0 and proxy.calls == []
    assert record.audio_seconds > 1.5


def test_barge_in_stops_real_speech_mid_sentence(espeak: EspeakSynthesizer) -> None:
    timeline = Timeline()
    sink = PacedSink(timeline.on_chunk, chunk_s=0.032)
    speaker = Speaker(espeak, sink, VOICE, timeline.on_speaking, timeline.on_spoken)
    speaker.say("This is a long answer about every single hall and every single car at the summit this year.")
    speaker.say("And this one is dropped.")
    deadline = time.monotonic() + 10.0
    while not timeline.chunks and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)
    speaker.cancel()
    assert speaker.wait_idle(10.0)
    speaker.close()
    first, second = timeline.records
    assert first.cancelled and first.ended - first.started < first.audio_seconds / 2
    assert second.cancelled and second.started == 0.0
    assert [value for _, value in timeline.speaking] == [True, False]


def test_paced_sink_cancel_takes_effect_within_about_one_chunk() -> None:
    sink = PacedSink(None, chunk_s=0.032)
    audio = SpeechAudio(np.zeros(3 * 22_050, dtype=np.float32), 22_050)
    result: list[bool] = []
    thread = threading.Thread(target=lambda: result.append(sink.play(audio, "three seconds")))
    thread.start()
    time.sleep(0.5)
    cancelled_at = time.monotonic()
    sink.cancel()
    thread.join(5.0)
    stopped_after = time.monotonic() - cancelled_at
    assert result == [False]
    assert stopped_after < 0.032 + 0.1  # one chunk plus scheduling slack on a loaded machine
    (record,) = sink.records
    assert record.cancelled and 0.4 < record.played_seconds < 1.0


def test_paced_sink_plays_in_real_time_without_drift() -> None:
    sink = PacedSink(None, chunk_s=0.01)  # 200 short waits: per-chunk drift would add up here
    audio = SpeechAudio(np.zeros(2 * 16_000, dtype=np.float32), 16_000)
    started = time.monotonic()
    assert sink.play(audio, "two seconds")
    elapsed = time.monotonic() - started
    assert 2.0 <= elapsed < 2.15
