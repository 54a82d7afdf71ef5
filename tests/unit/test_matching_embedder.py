"""The process-wide embedder: created once, lazily, even by racing threads; texts memoised."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence

import numpy as np
import pytest

from robot_guide.matching import embedder


class SlowModelLoad(embedder.Embedder):
    """Stands in for an engine: loading takes a while, so racing threads would each load one."""

    name = "slow"
    dimension = 2
    created = 0

    def __init__(self) -> None:
        time.sleep(0.05)  # widens the window a missing lock would leave open (not an assertion on time)
        SlowModelLoad.created += 1
        self.embedded: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded += texts
        rows = np.asarray([[1.0, float(len(text))] for text in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_shared_embedder_is_created_once_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedder, "_shared", {})
    monkeypatch.setattr(embedder, "make_engine", lambda name: SlowModelLoad())
    SlowModelLoad.created = 0
    got: list[object] = []
    threads = [threading.Thread(target=lambda: got.append(embedder.shared_embedder())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert SlowModelLoad.created == 1
    assert len(got) == 8 and all(instance is got[0] for instance in got)
    assert embedder.shared_embedder() is got[0]


def test_texts_are_embedded_once_and_kept_on_disk(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = SlowModelLoad()
    cached = embedder.CachedEmbedder(engine, cache_dir=tmp_path)
    first = cached.encode(["hello", "hi", "hello"])
    assert engine.embedded == ["hello", "hi"]
    assert np.allclose(first[0], first[2])
    again = embedder.CachedEmbedder(SlowModelLoad(), cache_dir=tmp_path)
    assert np.allclose(again.encode(["hi"]), first[1:2])
    assert again.engine.embedded == []  # type: ignore[attr-defined]
    assert cached.encode([]).shape == (0, 2)


def test_unknown_or_missing_engines_name_the_fix() -> None:
    assert not embedder.engine_available("no-such-engine")
    with pytest.raises(ModuleNotFoundError, match="use one of"):
        embedder.make_engine("no-such-engine")
    assert embedder.engine_available(embedder.DEFAULT_ENGINE)  # the default install has it


def test_uncached_embeds_every_text_afresh() -> None:
    engine = SlowModelLoad()
    cached = embedder.CachedEmbedder(engine)
    cached.encode(["hello"])
    with cached.uncached():
        cached.encode(["hello"])
    assert engine.embedded == ["hello", "hello"]
    cached.encode(["hello"])
    assert engine.embedded == ["hello", "hello"]  # memoised again outside
