"""The process-wide MiniLM embedder: created once, lazily, even when threads ask for it at the same time."""

from __future__ import annotations

import threading
import time

import pytest

from robot_guide.matching import embedder


class SlowModelLoad:
    """Stands in for MiniLmEmbedder: loading takes a while, so racing threads would each load one."""

    created = 0

    def __init__(self) -> None:
        time.sleep(0.05)  # widens the window a missing lock would leave open (not an assertion on time)
        SlowModelLoad.created += 1


def test_shared_embedder_is_created_once_across_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embedder, "_shared", None)
    monkeypatch.setattr(embedder, "MiniLmEmbedder", SlowModelLoad)
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
