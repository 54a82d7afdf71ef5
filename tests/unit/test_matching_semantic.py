"""The semantic re-ranker with the real default embedding engine (part of the default install)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import numpy as np
import pytest

from robot_guide.knowledge.model import Entry, KnowledgeBase, Persona
from robot_guide.matching import Decision, build_matcher

if TYPE_CHECKING:
    from robot_guide.matching.semantic import SemanticMatcher

ENTRIES = {
    "restrooms": [
        "where is the toilet",
        "where are the restrooms",
        "i need the bathroom",
        "where can i wash my hands",
    ],
    "summit_dates": ["when is the summit", "what dates is the summit", "how long does the summit last"],
    "aimoga": ["who are you", "what is aimoga", "are you a robot"],
    "parking": ["where can i park my car", "is there a car park", "where is parking"],
}


def make_kb() -> KnowledgeBase:
    entries = tuple(
        Entry(
            id=entry_id,
            questions={
                "en": tuple(questions),
                **({"zh": ("厕所在哪里", "洗手间在哪")} if entry_id == "restrooms" else {}),
            },
            answers={"en": f"answer for {entry_id}"},
        )
        for entry_id, questions in ENTRIES.items()
    )
    return KnowledgeBase(
        entries=entries, venues={}, schedule=(), persona=Persona(), posts={}, synonyms={}, vocabulary=()
    )


@pytest.fixture(scope="module")
def semantic_matcher() -> SemanticMatcher:
    from robot_guide.matching.semantic import SemanticMatcher as Semantic

    matcher = build_matcher(make_kb())  # the default: semantic re-ranking
    assert isinstance(matcher, Semantic)
    return matcher


def test_paraphrase_without_shared_words_is_answered(semantic_matcher: SemanticMatcher) -> None:
    # No word in common with any restroom paraphrase: only the embedding head can rank it first.
    result = semantic_matcher.match("I have to pee")
    assert result.candidates[0].entry_id == "restrooms"
    answered = semantic_matcher.match("where can I find a lavatory")
    assert answered.decision is Decision.ANSWER and answered.entry_id == "restrooms"


def test_off_topic_falls_back(semantic_matcher: SemanticMatcher) -> None:
    assert semantic_matcher.match("what will the weather be like in paris").decision is Decision.FALLBACK


def test_bad_input_and_chinese_keep_lexical_rules(semantic_matcher: SemanticMatcher) -> None:
    assert semantic_matcher.match("").decision is Decision.FALLBACK
    assert semantic_matcher.match("🚽" * 1000).decision is Decision.FALLBACK
    assert semantic_matcher.match("厕所在哪", "zh").entry_id == "restrooms"


def test_rebuild_shares_the_model_and_embeds_only_new_paraphrases(
    semantic_matcher: SemanticMatcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A knowledge reload builds a new matcher: no second model load, no re-embedding of old paraphrases.
    kb = make_kb()
    added = "where is the nearest washroom please"
    restrooms = kb.entries[0]
    edited_entry = dataclasses.replace(
        restrooms, questions={**restrooms.questions, "en": (*restrooms.questions["en"], added)}
    )
    edited = dataclasses.replace(kb, entries=(edited_entry, *kb.entries[1:]))
    engine = semantic_matcher.embedder.engine
    embedded: list[str] = []
    real_embed = engine.embed

    def counting_embed(texts: list[str]) -> object:
        embedded.extend(texts)
        return real_embed(texts)

    monkeypatch.setattr(engine, "embed", counting_embed)
    rebuilt = build_matcher(edited)
    assert rebuilt.embedder is semantic_matcher.embedder  # type: ignore[attr-defined]
    assert rebuilt.lexical.normalizer(added) in embedded  # type: ignore[attr-defined]
    unchanged = {semantic_matcher.lexical.normalizer(q) for qs in ENTRIES.values() for q in qs}
    assert not unchanged & set(embedded)


def test_question_mostly_about_unknown_things_gets_no_head_score(semantic_matcher: SemanticMatcher) -> None:
    # No word of it is known to the KB: the head would still put it near some paraphrase; the lexical
    # ranking (and its thresholds) decide instead.
    question = "when does the zorbing trampoline open"
    ranked = semantic_matcher.rank(question)
    assert ranked.coverage < semantic_matcher.min_coverage
    lexical = semantic_matcher.lexical.rank(question)
    assert ranked.scores is not None and lexical.scores is not None
    assert np.allclose(ranked.scores, lexical.scores)
    assert semantic_matcher.match(question).decision is Decision.FALLBACK
