"""Words the knowledge base never uses but means: a guest's "lavatory" is the KB's "restroom" (MiniLM)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import numpy as np

from robot_guide.matching.coverage import FUNCTION_WORDS
from robot_guide.matching.lexical import light_stem

MAX_CACHED_WORDS = 100_000  # guests' words are few; the bound only keeps a long-running robot flat


class Embedder(Protocol):
    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class NearWords:
    """Per word, the highest cosine between its embedding and any KB content word (cached per word)."""

    def __init__(self, embedder: Embedder, vocabulary: Sequence[str]) -> None:
        self._embedder = embedder
        self._vocabulary = np.asarray(embedder.encode(list(vocabulary)), dtype=np.float32)
        self._similarity: dict[str, float] = {}

    def similarities(self, words: Sequence[str]) -> list[float]:
        missing = [word for word in dict.fromkeys(words) if word not in self._similarity]
        if missing:
            if len(self._similarity) > MAX_CACHED_WORDS:
                self._similarity.clear()
            if len(self._vocabulary):
                best = (self._embedder.encode(missing) @ self._vocabulary.T).max(axis=1).tolist()
            else:
                best = [0.0] * len(missing)
            self._similarity.update(zip(missing, best, strict=True))
        return [self._similarity[word] for word in words]

    def near_stems(self, tokens: Sequence[str], threshold: float) -> frozenset[str]:
        """Stems of the question's content words whose nearest KB word is at least `threshold` close
        (KB words themselves are at 1.0: they are known anyway)."""
        words = [token for token in tokens if token not in FUNCTION_WORDS and not token.isdigit()]
        return frozenset(
            light_stem(word)
            for word, similarity in zip(words, self.similarities(words), strict=True)
            if similarity >= threshold
        )
