"""The unknown-content signal: questions about things the KB never heard of fall back, verbose ones don't."""

from __future__ import annotations

import pytest

from robot_guide.bench.match.calibration import Outcome
from robot_guide.bench.match.coverage_calibration import utility
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.matching import Decision
from robot_guide.matching.coverage import KnownWords, known_share
from robot_guide.matching.matcher import LexicalMatcher
from robot_guide.matching.thresholds import Thresholds

UNKNOWN_THINGS = [
    "when does the bar open",
    pytest.param(
        "what time does the bar open tonight",
        marks=pytest.mark.xfail(strict=True, reason="known weak spot: 3 known words carry 0.306 past 0.268"),
    ),
    "where is the swimming pool",
    "is there a prayer room",
    "can I buy a hot dog",
]
VERBOSE_ON_TOPIC = [
    ("where can I find the toilets my friend", "restrooms"),
    ("excuse me sorry where can i find the toilets please", "restrooms"),
    pytest.param(
        "could you tell me when the summit is happening this year",
        "summit_dates",
        marks=pytest.mark.xfail(
            strict=True, reason="known weak spot (also before coverage): summit_activities"
        ),
    ),
]


@pytest.fixture(scope="module")
def matcher(kb: KnowledgeBase) -> LexicalMatcher:
    return LexicalMatcher(kb)


def test_share_weighs_unknown_words_at_the_maximum_idf() -> None:
    idf = {"open": 2.0, "toilet": 4.0}
    assert known_share(["when", "does", "the", "open"], idf, 4.0) == 1.0
    assert known_share(["when", "does", "the", "bar", "open"], idf, 4.0) == pytest.approx(2.0 / 6.0)
    assert known_share(["the", "is"], idf, 4.0) == 1.0  # nothing but stop words: no evidence either way


def test_known_words_and_whole_names_count_as_known() -> None:
    known = KnownWords(frozenset({"umbrella"}), (frozenset({"coffee", "bar"}),))
    assert known_share(["lost", "umbrella"], {"lost": 3.0}, 4.0, known) == 1.0
    assert known_share(["coffee", "bar", "open"], {"open": 2.0}, 4.0, known) == 1.0
    assert known_share(["bar", "open"], {"open": 2.0}, 4.0, known) == pytest.approx(2.0 / 6.0)


def test_the_summit_kb_knows_its_venue_names_only_as_whole_names(matcher: LexicalMatcher) -> None:
    assert "bar" not in matcher.also_known.words
    assert any("bar" in name for name in matcher.also_known.names)


@pytest.mark.parametrize("question", UNKNOWN_THINGS)
def test_questions_about_unknown_things_fall_back(matcher: LexicalMatcher, question: str) -> None:
    result = matcher.match(question)
    assert result.decision is Decision.FALLBACK, (question, result)
    assert matcher.rank(question).coverage < 0.7


@pytest.mark.parametrize(("question", "entry"), VERBOSE_ON_TOPIC)
def test_verbose_on_topic_questions_keep_their_entry(
    matcher: LexicalMatcher, question: str, entry: str
) -> None:
    result = matcher.match(question)
    assert result.decision is not Decision.FALLBACK, (question, result)
    assert entry in [c.entry_id for c in result.candidates[:2]]


def test_penalty_zero_restores_the_plain_score(kb: KnowledgeBase) -> None:
    plain = LexicalMatcher(kb, thresholds=Thresholds(0.0), coverage_penalty=0.0)
    penalised = LexicalMatcher(kb, thresholds=Thresholds(0.0), coverage_penalty=0.3)
    question = "when does the bar open"
    assert penalised.match(question).score < plain.match(question).score - 0.1
    assert penalised.match("where is the toilet").score == pytest.approx(
        plain.match("where is the toilet").score
    )


def test_balanced_utility_weighs_both_halves_equally() -> None:
    outcomes = [
        Outcome("a", "a", 0.9),
        Outcome(None, "a", 0.9),
        Outcome(None, "a", 0.1),
        Outcome(None, "b", 0.1),
    ]
    # in-scope: one right answer = +1; out-of-scope: one answered (-1) and two fallbacks (0) -> -1/3
    assert utility(outcomes, Thresholds(0.5)) == pytest.approx(1.0 - 1.0 / 3.0)
