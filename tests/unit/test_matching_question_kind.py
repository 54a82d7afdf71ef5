"""Question kinds (where / when / what is / price) and how they separate an activity from its directions."""

from __future__ import annotations

import numpy as np
import pytest

from robot_guide.knowledge.model import Entry, KnowledgeBase, Persona
from robot_guide.matching.matcher import LexicalMatcher
from robot_guide.matching.normalize import normalize
from robot_guide.matching.question_kind import KindProfile, QuestionKind, question_kind
from robot_guide.matching.result import Decision
from robot_guide.matching.thresholds import Thresholds
from robot_guide.matching.venue_pairs import VenuePairs


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("where's the crash challenge", QuestionKind.PLACE),
        ("how do I get to hall B", QuestionKind.PLACE),
        ("which way to the forum", QuestionKind.PLACE),
        ("碰撞挑战在哪里", QuestionKind.PLACE),
        ("what time does the opening start", QuestionKind.CLOCK),
        ("which days is the summit", QuestionKind.DATE),
        ("峰会几号开始", QuestionKind.DATE),
        ("when is the summit", QuestionKind.TIME),
        ("what is the crash challenge", QuestionKind.ABOUT),
        ("介绍一下碰撞挑战", QuestionKind.ABOUT),
        ("which activities can I join", QuestionKind.LIST),
        ("峰会有哪些活动", QuestionKind.LIST),
        ("is there a sound demo", QuestionKind.EXISTS),
        ("how much will the new suv cost", QuestionKind.PRICE),
        ("what is the price of a ticket", QuestionKind.PRICE),
        ("wifi password?", None),
        ("thanks a lot", None),
    ],
)
def test_question_kind_reads_the_cue(question: str, kind: QuestionKind | None) -> None:
    assert question_kind(normalize(question)) is kind


def test_profile_penalises_only_entries_asked_another_kind() -> None:
    profile = KindProfile(
        [
            ["where is hall b", "how do i get to hall b", "hall b?"],  # 2 of 3 ask where
            ["what is the crash challenge", "tell me about the crash test"],  # all ask what
            ["wifi password", "internet"],  # no cue: neutral
            [],  # no questions at all
        ]
    )
    place = profile.conflict(QuestionKind.PLACE)
    about = profile.conflict(QuestionKind.ABOUT)
    assert place is not None and about is not None
    np.testing.assert_allclose(place, [0.0, 1.0, 0.0, 0.0])
    np.testing.assert_allclose(about, [2 / 3, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(profile.share(QuestionKind.PLACE), [2 / 3, 0.0, 0.0, 0.0])
    assert profile.conflict(None) is None
    assert profile.conflict(QuestionKind.EXISTS) is None  # EXISTS never penalises


def test_when_is_compatible_with_dates_and_times() -> None:
    profile = KindProfile([["what dates is it", "how long does it last"], ["what time does it open"]])
    time = profile.conflict(QuestionKind.TIME)
    clock = profile.conflict(QuestionKind.CLOCK)
    assert time is not None and clock is not None
    np.testing.assert_allclose(time, [0.0, 0.0])
    np.testing.assert_allclose(clock, [1.0, 0.0])  # a time of day is not a list of dates


def test_price_is_unanswerable_only_when_no_entry_is_asked_one() -> None:
    without = KindProfile([["what is the suv"], ["where is parking"]])
    with_price = KindProfile([["what is the suv"], ["how much does parking cost"]])
    assert without.unanswerable(QuestionKind.PRICE)
    assert not with_price.unanswerable(QuestionKind.PRICE)
    assert not without.unanswerable(QuestionKind.PLACE)  # only price-like kinds need asking first
    assert not without.unanswerable(None)


def _entry(entry_id: str, questions: list[str], venue: str | None = None) -> Entry:
    return Entry(
        id=entry_id, questions={"en": tuple(questions)}, answers={"en": f"answer {entry_id}"}, venue=venue
    )


def _kb(entries: tuple[Entry, ...]) -> KnowledgeBase:
    return KnowledgeBase(
        entries=entries, venues={}, schedule=(), persona=Persona(), posts={}, synonyms={}, vocabulary=()
    )


ENTRIES = (
    _entry(
        "crash_challenge",
        [
            "what is the crash challenge",
            "tell me about the crash challenge",
            "what happens at the crash challenge",
            "explain the crash challenge",
        ],
        venue="hall_b",
    ),
    _entry(
        "directions_crash_challenge",
        [
            "where is the crash challenge",
            "how do i get to the crash challenge",
            "where can i watch the crash challenge",
            "crash arena?",
        ],
        venue="hall_b",
    ),
    _entry("suv", ["what is the new suv", "tell me about the new suv", "is there a new suv"]),
    _entry("wifi", ["what is the wifi password", "how do i get online", "is there wifi"]),
)


@pytest.fixture(scope="module")
def matcher() -> LexicalMatcher:
    return LexicalMatcher(_kb(ENTRIES), thresholds=Thresholds(answer=0.3, clarify_margin=0.05))


@pytest.mark.parametrize(
    ("question", "entry_id"),
    [
        ("where do they do the crash challenge", "directions_crash_challenge"),
        ("how to get to the crash challenge", "directions_crash_challenge"),
        ("what do they do at the crash challenge", "crash_challenge"),
        ("is there a crash challenge", "crash_challenge"),
    ],
)
def test_question_kind_picks_within_a_venue_pair(
    matcher: LexicalMatcher, question: str, entry_id: str
) -> None:
    result = matcher.match(question)
    assert result.decision is Decision.ANSWER, result
    assert result.entry_id == entry_id
    # The partner dropped out: no clarify question between the thing and the way to it.
    partner = {"crash_challenge": "directions_crash_challenge"}.get(entry_id, "crash_challenge")
    assert partner not in [c.entry_id for c in result.candidates if c.score > 0.0]


def test_no_kind_leaves_the_evidence_alone(matcher: LexicalMatcher) -> None:
    assert matcher.match("crash arena").entry_id == "directions_crash_challenge"


def test_price_question_falls_back_when_the_kb_has_no_prices(matcher: LexicalMatcher) -> None:
    assert matcher.match("what is the new suv").entry_id == "suv"  # the topic itself is known
    result = matcher.match("how much will the new suv cost")
    assert result.decision is Decision.FALLBACK, result
    assert result.entry_id is None


def test_pairs_need_one_directions_entry_on_a_shared_venue() -> None:
    entries = (
        _entry("talk", ["what is the talk"], venue="room"),
        _entry("forum", ["what is the forum"], venue="room"),
        _entry("way", ["where is the room", "how do i get to the room"], venue="room"),
        _entry("elsewhere", ["where is the bar"]),  # no venue: never paired
    )
    profile = KindProfile([e.questions["en"] for e in entries])
    pairs = VenuePairs(entries, profile.share(QuestionKind.PLACE))
    assert sorted(pairs.partners[2]) == [0, 1]
    assert pairs.partners[0] == [2]  # two activities in one room are not a pair
    assert 3 not in pairs.partners
    scores = np.array([0.6, 0.2, 0.5, 0.4], dtype=np.float32)
    np.testing.assert_allclose(pairs.resolve(scores, QuestionKind.PLACE), [0.0, 0.2, 0.6, 0.4])
    np.testing.assert_allclose(pairs.resolve(scores, QuestionKind.ABOUT), [0.6, 0.2, 0.0, 0.4])
    np.testing.assert_allclose(pairs.resolve(scores, None), scores)


def test_without_a_kind_a_pair_shares_its_best_head_score() -> None:
    entries = (
        _entry("launch", ["what is the launch"], venue="stage"),
        _entry("way", ["where is the stage", "how do i get to the stage"], venue="stage"),
        _entry("other", ["what is wifi"]),
    )
    profile = KindProfile([e.questions["en"] for e in entries])
    pairs = VenuePairs(entries, profile.share(QuestionKind.PLACE))
    head = np.array([0.2, 0.55, 0.1], dtype=np.float32)
    np.testing.assert_allclose(pairs.tie_without_kind(head, None), [0.55, 0.55, 0.1])
    np.testing.assert_allclose(pairs.tie_without_kind(head, QuestionKind.PLACE), head)  # the kind decides
