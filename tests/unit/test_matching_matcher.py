"""Decisions of the lexical matcher on a small inline knowledge base, and bad input."""

from __future__ import annotations

import pytest

from robot_guide.knowledge.model import Entry, KnowledgeBase, Persona
from robot_guide.matching import Decision, build_matcher
from robot_guide.matching.matcher import LexicalMatcher
from robot_guide.matching.thresholds import ASR_CONFIDENT, ASR_PENALTY, Thresholds

ENTRIES = {
    "restrooms": [
        "where is the toilet",
        "where are the restrooms",
        "i need the bathroom",
        "where can i wash my hands",
    ],
    "crash_challenge": [
        "what is the crash challenge",
        "tell me about the safety crash challenge",
        "when is the crash test show",
    ],
    "crash_exhibition": [
        "what is the crash exhibition",
        "tell me about the safety crash exhibition",
        "where are the crashed cars shown",
    ],
    "summit_dates": ["when is the summit", "what dates is the summit", "how long does the summit last"],
    "aimoga": ["who are you", "what is aimoga", "are you a robot"],
    "seven_seater": ["is there a 7 seater model", "which car has seven seats"],
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
            keywords=("toilet",) if entry_id == "restrooms" else (),
        )
        for entry_id, questions in ENTRIES.items()
    )
    return KnowledgeBase(
        entries=entries,
        venues={},
        schedule=(),
        persona=Persona(),
        posts={},
        synonyms={"restroom": ("loo", "washroom")},
        vocabulary=(),
    )


@pytest.fixture(scope="module")
def matcher() -> LexicalMatcher:
    return LexicalMatcher(make_kb(), thresholds=Thresholds(answer=0.4, clarify_margin=0.05))


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("um where's the toilet please", "restrooms"),
        ("where is the loo", "restrooms"),
        ("When is the summit?", "summit_dates"),
        ("what is a mogga", "aimoga"),
        ("is there a seven seater", "seven_seater"),
        ("where are the crashed cars", "crash_exhibition"),
    ],
)
def test_answers_paraphrases(matcher: LexicalMatcher, question: str, entry_id: str) -> None:
    result = matcher.match(question)
    assert result.decision is Decision.ANSWER, result
    assert result.entry_id == entry_id
    assert 0.0 <= result.score <= 1.0
    assert result.candidates[0].entry_id == entry_id


def test_clarifies_when_two_entries_are_close(matcher: LexicalMatcher) -> None:
    result = matcher.match("tell me about the safety crash")
    assert result.decision is Decision.CLARIFY, result
    assert {c.entry_id for c in result.candidates[:2]} == {"crash_challenge", "crash_exhibition"}
    assert result.runner_up is not None


@pytest.mark.parametrize(
    "question", ["what is the weather in paris tomorrow", "how do I cook pasta", "stock price of apple"]
)
def test_falls_back_on_off_topic(matcher: LexicalMatcher, question: str) -> None:
    result = matcher.match(question)
    assert result.decision is Decision.FALLBACK, result
    assert result.entry_id is None


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   \n\t ",
        "x" * 100_000,
        "где туалет",
        "\x00\x01\x02\x1b[31m",
        "🚽🚽❓",
        "厕所在哪里",  # Chinese script in an English request
        None,
        12345,
    ],
)
def test_bad_input_falls_back_without_exception(matcher: LexicalMatcher, bad: object) -> None:
    result = matcher.match(bad, "en")  # type: ignore[arg-type]
    assert result.decision is Decision.FALLBACK
    assert result.entry_id is None


def test_long_input_is_capped_before_work(matcher: LexicalMatcher) -> None:
    result = matcher.match("where is the toilet " * 5_000)
    assert len(result.normalized) <= 500


def test_chinese_matches_chinese_questions_by_character(matcher: LexicalMatcher) -> None:
    result = matcher.match("厕所在哪", "zh")
    assert result.entry_id == "restrooms"
    assert result.decision is Decision.ANSWER


def test_language_without_questions_uses_english(matcher: LexicalMatcher) -> None:
    assert matcher.match("where is the toilet", "de-DE").entry_id == "restrooms"
    assert matcher.match("where is the toilet", None).entry_id == "restrooms"  # type: ignore[arg-type]


def test_low_asr_confidence_raises_the_bar(matcher: LexicalMatcher) -> None:
    question = "where is toilet hands"
    typed = matcher.match(question)
    assert typed.decision is Decision.ANSWER
    # Confidence low enough that the raised threshold sits just above this score.
    needed = (typed.score - 0.4) / ASR_PENALTY + 0.01
    doubtful = matcher.match(question, asr_confidence=ASR_CONFIDENT - needed)
    assert doubtful.decision is Decision.FALLBACK
    assert "asr confidence" in doubtful.reason
    assert matcher.match(question, asr_confidence=0.95).decision is Decision.ANSWER


def test_threshold_rule() -> None:
    thresholds = Thresholds(answer=0.5)
    assert thresholds.required(None) == 0.5
    assert thresholds.required(0.9) == 0.5
    assert thresholds.required(0.3) == pytest.approx(0.5 + ASR_PENALTY * (ASR_CONFIDENT - 0.3))
    assert thresholds.required(float("nan")) == 0.5


def test_build_matcher_lexical_and_empty_kb() -> None:
    kb = make_kb()
    matcher = build_matcher(kb, semantic=False)
    assert matcher.match("where is the toilet").entry_id == "restrooms"
    empty = KnowledgeBase(
        entries=(), venues={}, schedule=(), persona=Persona(), posts={}, synonyms={}, vocabulary=()
    )
    assert build_matcher(empty, semantic=False).match("hello").decision is Decision.FALLBACK


def test_rarity_is_counted_over_entries_not_paraphrases() -> None:
    from robot_guide.matching.lexical import LexicalIndex

    # "esg" fills every paraphrase of entry 0; "chery" is spread over both entries.
    questions = [["esg", "chery"], ["esg", "award"], ["esg", "list"], ["chery", "exports"]]
    index = LexicalIndex(questions, [0, 0, 0, 1], entry_count=2)
    assert index.idf["esg"] > index.idf["chery"]  # one entry's word beats a word every entry uses
