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

    def unseen(self, tokens: Sequence[str]) -> list[str]:
        """The content words among `tokens` whose similarity is not known yet (each once)."""
        return [word for word in dict.fromkeys(_content_words(tokens)) if word not in self._similarity]

    def learn(self, words: Sequence[str], vectors: np.ndarray) -> None:
        """Remembers the similarity of `words` from their embeddings (rows of `vectors`, in order): lets a
        caller embed them in the same pass as the question, so the encoder's weights are read once."""
        if not words:
            return
        if len(self._similarity) > MAX_CACHED_WORDS:
            self._similarity.clear()
        if len(self._vocabulary):
            best = (np.asarray(vectors, dtype=np.float32) @ self._vocabulary.T).max(axis=1).tolist()
        else:
            best = [0.0] * len(words)
        self._similarity.update(zip(words, best, strict=True))

    def similarities(self, words: Sequence[str]) -> list[float]:
        missing = [word for word in dict.fromkeys(words) if word not in self._similarity]
        if missing:
            self.learn(missing, self._embedder.encode(missing))
        return [self._similarity[word] for word in words]

    def near_stems(self, tokens: Sequence[str], threshold: float) -> frozenset[str]:
        """Stems of the question's content words whose nearest KB word is at least `threshold` close
        (KB words themselves are at 1.0: they are known anyway)."""
        words = _content_words(tokens)
        return frozenset(
            light_stem(word)
            for word, similarity in zip(words, self.similarities(words), strict=True)
            if similarity >= threshold
        )


def _content_words(tokens: Sequence[str]) -> list[str]:
    return [token for token in tokens if token not in FUNCTION_WORDS and not token.isdigit()]
