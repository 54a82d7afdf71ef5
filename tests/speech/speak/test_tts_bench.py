"""Speed of the speaking side (slow, real espeak): synthesis per sentence, cache-hit time to first audio,
worker restart after a hang. Run: .venv/bin/pytest -m slow -s tests/speech/speak/test_tts_bench.py"""

from __future__ import annotations

import statistics
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from espeak_faults import FaultyEspeakWorker

from robot_guide.speech.interfaces import Voice
from robot_guide.speech.speak.engines.espeak import EspeakSynthesizer
from robot_guide.speech.speak.prerender import PrerenderCache
from robot_guide.speech.speak.sinks import PacedSink
from robot_guide.speech.speak.speaker import Speaker, SpokenRecord

pytest.importorskip(
    "pyttsx3", reason="pyttsx3 not installed (pip install pyttsx3; apt-get install espeak-ng)"
)
pytestmark = pytest.mark.slow

VOICE = Voice("en-us", 175)
SENTENCES = [
    f"Sentence {i}: the Chery International User Summit runs from October 17 to 21; the forum is in Hall B."
    for i in range(20)
]


def report(name: str, values: list[float]) -> float:
    median = statistics.median(values)
    low, high = min(values) * 1000, max(values) * 1000
    print(f"\n{name}: median {median * 1000:.1f} ms, min {low:.1f}, max {high:.1f}, n={len(values)}")
    return median


@pytest.mark.parametrize("backend", ["espeak", "pyttsx3"])
def test_synthesis_time_per_sentence(backend: str) -> None:
    with EspeakSynthesizer(backend=backend) as engine:
        engine.synthesize("warm up", VOICE)
        times, audio = [], []
        for sentence in SENTENCES:
            started = time.perf_counter()
            audio.append(engine.synthesize(sentence, VOICE).seconds)
            times.append(time.perf_counter() - started)
    print(f"\naudio per sentence: median {statistics.median(audio):.2f} s")
    assert report(f"{backend} synthesis per sentence", times) < 0.25


def time_to_first_audio(cached: bool) -> list[float]:
    with EspeakSynthesizer() as engine:
        cache = PrerenderCache(engine, VOICE)
        if cached:
            cache.warm(SENTENCES)
        first_chunk: dict[int, float] = {}
        records: list[SpokenRecord] = []
        lock = threading.Lock()

        def on_chunk(chunk: np.ndarray, at: float) -> None:
            with lock:
                first_chunk.setdefault(len(records), time.time())

        def on_spoken(record: SpokenRecord) -> None:
            with lock:
                records.append(record)

        # realtime=False: measure from say() to the first chunk, without waiting out each sentence
        sink = PacedSink(on_chunk, realtime=False)
        speaker = Speaker(engine, sink, VOICE, lambda _: None, on_spoken, cache=cache)
        latencies = []
        for sentence in SENTENCES:
            speaker.say(sentence)
            assert speaker.wait_idle(10.0)
            latencies.append(first_chunk[len(records) - 1] - records[-1].queued)
            assert records[-1].cache_hit == cached
        speaker.close()
    return latencies


def test_cache_hit_time_to_first_audio() -> None:
    hit = report("say() to first audio, cache hit", time_to_first_audio(cached=True))
    miss = report("say() to first audio, cache miss (espeak)", time_to_first_audio(cached=False))
    assert hit < 0.05
    assert hit < miss


def test_worker_restart_after_a_hang(tmp_path: Path) -> None:
    restarts, recoveries = [], []
    for attempt in range(3):
        hang_once = FaultyEspeakWorker("hang", str(tmp_path / f"hung-{attempt}"))
        with EspeakSynthesizer(timeout_s=1.0, worker_main=hang_once) as engine:
            started = time.perf_counter()
            assert engine.synthesize("Back after a hang.", VOICE).seconds > 0.5
            recoveries.append(time.perf_counter() - started)
            restarts.append(engine.last_restart_seconds)
    report("worker kill + restart", restarts)
    report("hung request to audio (timeout 1.0 s + restart + render)", recoveries)
    assert statistics.median(restarts) < 3.0
