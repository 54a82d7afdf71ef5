"""The matchers the benchmarks compare: words only, the default install's, and the optional MiniLM engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.matching.defaults import LEXICAL_THRESHOLDS, SEMANTIC_THRESHOLDS
from robot_guide.matching.embedder import (
    DEFAULT_ENGINE,
    CachedEmbedder,
    engine_available,
    make_engine,
    missing_engine_message,
)
from robot_guide.matching.thresholds import Thresholds

# lexical: words only (matcher: lexical); default: what a default install runs (semantic re-ranking with the
# default engine); semantic: the same re-ranker on the optional MiniLM engine, for comparison.
KINDS = ("lexical", "default", "semantic")
ENGINE_OF = {"default": DEFAULT_ENGINE, "semantic": "minilm"}


def unavailable(kind: str) -> str | None:
    """Why `kind` cannot run here, or None."""
    engine = ENGINE_OF.get(kind)
    if engine is None or engine_available(engine):
        return None
    return missing_engine_message(engine)


class Embedders:
    """One loaded engine per name for the whole benchmark; `cache_dir` keeps vectors on disk across runs."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        self._cache_dir = cache_dir
        self._loaded: dict[str, CachedEmbedder] = {}

    def get(self, kind: str) -> CachedEmbedder:
        engine = ENGINE_OF[kind]
        if engine not in self._loaded:
            self._loaded[engine] = CachedEmbedder(make_engine(engine), self._cache_dir)
        return self._loaded[engine]


def make_matcher(kind: str, kb: KnowledgeBase, embedders: Embedders, **lexical_options: Any) -> Any:
    from robot_guide.matching.matcher import LexicalMatcher

    lexical = LexicalMatcher(kb, **lexical_options)
    if kind == "lexical":
        return lexical
    from robot_guide.matching.semantic import SemanticMatcher

    return SemanticMatcher(kb, embedder=embedders.get(kind), lexical=lexical)


def shipped_thresholds(kind: str) -> Thresholds:
    return LEXICAL_THRESHOLDS if kind == "lexical" else SEMANTIC_THRESHOLDS
