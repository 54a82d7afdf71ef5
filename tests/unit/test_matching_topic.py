"""Topic overlap (entries matched by sentence frame alone) and near words (MiniLM-known unknown words)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

import numpy as np

from robot_guide.matching.matcher import Ranked, result_for
from robot_guide.matching.near_words import NearWords
from robot_guide.matching.result import Candidate, Decision
from robot_guide.matching.thresholds import Thresholds
from robot_guide.matching.topic import TopicOverlap


def test_entries_sharing_no_content_word_are_flagged() -> None:
    overlap = TopicOverlap(
        [["where", "is", "the", "koc", "forum", "being", "held"], ["when", "is", "the", "summit"]]
    )
    unshared = overlap.unshared(["where", "is", "the", "summit", "being", "held"])
    assert unshared is not None
    assert unshared.tolist() == [True, False]  # "held" is frame, "summit" is the topic


def test_questions_without_known_content_words_have_no_view() -> None:
    overlap = TopicOverlap([["where", "is", "the", "toilet"]])
    assert overlap.unshared(["hello", "there"]) is None
    assert overlap.unshared(["swimming", "pool"]) is None  # unknown words are the coverage signal's job


class _TableEmbedder:
    """Fixed 2-d vectors: "lavatory" sits next to "restroom", "bar" halfway to "cafe"."""

    vectors: ClassVar[dict[str, tuple[float, float]]] = {
        "restroom": (1.0, 0.0),
        "cafe": (0.0, 1.0),
        "lavatory": (0.95, 0.312),
        "bar": (0.6, 0.8),
        "open": (0.5, -0.866),
    }

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        rows = np.asarray([self.vectors[t] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_near_words_need_a_close_kb_word_and_are_cached() -> None:
    embedder = _TableEmbedder()
    near = NearWords(embedder, ["restroom", "cafe"])
    assert near.near_stems(["where", "is", "a", "lavatory"], 0.9) == frozenset({"lavatory"})
    assert near.near_stems(["when", "does", "the", "bar", "open"], 0.9) == frozenset()
    calls = embedder.calls
    near.near_stems(["lavatory", "bar"], 0.9)
    assert embedder.calls == calls  # both words were embedded before


def _ranked(off_topic: frozenset[str]) -> Ranked:
    candidates = (Candidate("directions_koc_forum", 0.30), Candidate("directions_crash_challenge", 0.29))
    return Ranked("where is the summit being held", "en", candidates, off_topic_candidates=off_topic)


def test_clarifying_between_two_entries_the_guest_never_named_falls_back() -> None:
    thresholds = Thresholds(answer=0.2, clarify_margin=0.05)
    both = frozenset({"directions_koc_forum", "directions_crash_challenge"})
    result = result_for(_ranked(both), thresholds, None)
    assert result.decision is Decision.FALLBACK and result.entry_id is None
    assert "content word" in result.reason
    # One option the guest did name: asking back is still useful.
    assert result_for(_ranked(frozenset({"directions_crash_challenge"})), thresholds, None).decision is (
        Decision.CLARIFY
    )


def test_words_embedded_with_the_question_need_no_second_pass() -> None:
    embedder = _TableEmbedder()
    near = NearWords(embedder, ["restroom", "cafe"])
    tokens = ["where", "is", "a", "lavatory", "bar"]
    words = near.unseen(tokens)
    assert words == ["lavatory", "bar"]  # content words only
    near.learn(words, embedder.encode(words))
    calls = embedder.calls
    assert near.unseen(tokens) == []
    assert near.near_stems(tokens, 0.9) == frozenset({"lavatory"})
    assert embedder.calls == calls
