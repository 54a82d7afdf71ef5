"""Shared test fixtures: a small inline knowledge base and a keyword matcher (no real matcher needed)."""

from __future__ import annotations

from datetime import datetime
from types import MappingProxyType

from robot_guide.knowledge.model import Entry, KnowledgeBase, Persona, ScheduleItem, Venue
from robot_guide.matching.result import Candidate, Decision, MatchResult


def _entry(
    entry_id: str,
    questions: list[str],
    answer: str,
    keywords: list[str],
    venue: str | None = None,
    schedule: tuple[str, ...] = (),
    tags: tuple[str, ...] = (),
) -> Entry:
    return Entry(
        id=entry_id,
        questions=MappingProxyType({"en": tuple(questions)}),
        answers=MappingProxyType({"en": answer, "zh": f"[zh] {answer}"}),
        keywords=tuple(keywords),
        tags=tags,
        venue=venue,
        schedule=schedule,
    )


def make_kb(greetings: tuple[str, ...] = ("Hello and welcome!", "Hi there, welcome!")) -> KnowledgeBase:
    entries = (
        _entry(
            "crash_challenge",
            ["What is the crash challenge?", "tell me about the crash test"],
            "The safety crash challenge shows how Chery cars protect you.",
            ["crash"],
            venue="hall_b",
            schedule=("crash_day1", "crash_day2"),
            tags=("safety",),
        ),
        _entry(
            "exhibition",
            ["What is in the exhibition?"],
            "The ecosystem exhibition shows Ecosystem two point oh.",
            ["exhibition", "expo"],
            venue="expo_hall",
            tags=("exhibition",),
        ),
        _entry(
            "restrooms",
            ["Where are the restrooms?"],
            "The restrooms are next to the cloakroom.",
            ["restroom", "toilet", "loo"],
            venue="restrooms",
        ),
        _entry(
            "summit_dates",
            ["When is the summit?"],
            "The summit runs from October seventeenth to twenty first.",
            ["dates", "summit"],
        ),
        _entry(
            "koc_forum",
            ["What is the KOC forum?"],
            "The KOC co-creation forum brings users and engineers together.",
            ["koc", "forum"],
        ),
        _entry("tiggo_9", ["Tell me about the Tiggo 9"], "The Tiggo 9 is a seven seater SUV.", ["tiggo"]),
    )
    venues = {
        "hall_b": Venue(
            "hall_b",
            MappingProxyType({"en": ("Hall B", "the crash challenge arena")}),
            MappingProxyType(
                {
                    "default": {"en": "Hall B is behind me, past the registration desk."},
                    "east_gate": {"en": "From the east gate, follow the blue carpet to Hall B."},
                }
            ),
        ),
        "hall_a": Venue(
            "hall_a",
            MappingProxyType({"en": ("Hall A",)}),
            MappingProxyType({"default": {"en": "Hall A is on your left."}}),
        ),
        "expo_hall": Venue(
            "expo_hall",
            MappingProxyType({"en": ("the Exhibition Hall", "expo")}),
            MappingProxyType({"default": {"en": "The Exhibition Hall is up the stairs."}}),
        ),
        "restrooms": Venue(
            "restrooms",
            MappingProxyType({"en": ("the restrooms", "toilets")}),
            MappingProxyType({"default": {"en": "The restrooms are to your right, next to the cloakroom."}}),
        ),
    }
    schedule = (
        ScheduleItem(
            "opening",
            MappingProxyType({"en": "the opening ceremony"}),
            "hall_a",
            datetime(2025, 10, 17, 9, 0),
            datetime(2025, 10, 17, 10, 0),
        ),
        ScheduleItem(
            "crash_day1",
            MappingProxyType({"en": "the safety crash challenge"}),
            "hall_b",
            datetime(2025, 10, 18, 10, 0),
            datetime(2025, 10, 18, 11, 30),
            entry="crash_challenge",
        ),
        ScheduleItem(
            "koc_forum_day1",
            MappingProxyType({"en": "the KOC co-creation forum"}),
            "hall_a",
            datetime(2025, 10, 18, 14, 0),
            datetime(2025, 10, 18, 15, 30),
            entry="koc_forum",
        ),
        ScheduleItem(
            "crash_day2",
            MappingProxyType({"en": "the safety crash challenge"}),
            "hall_b",
            datetime(2025, 10, 19, 10, 0),
            datetime(2025, 10, 19, 11, 30),
            entry="crash_challenge",
        ),
        ScheduleItem(
            "closing",
            MappingProxyType({"en": "the closing party"}),
            "hall_a",
            datetime(2025, 10, 21, 18, 0),
            datetime(2025, 10, 21, 20, 0),
        ),
    )
    persona = Persona(MappingProxyType({"greeting": MappingProxyType({"en": greetings})}))
    return KnowledgeBase(
        entries=entries,
        venues=MappingProxyType(venues),
        schedule=schedule,
        persona=persona,
        posts=MappingProxyType({"main_entrance": "Main entrance", "east_gate": "East gate"}),
        synonyms=MappingProxyType({"restroom": ("toilet", "loo", "bathroom", "restrooms")}),
        vocabulary=(),
    )


class KeywordMatcher:
    """Answers when exactly one entry's keyword occurs; clarifies when two do; records what it was asked."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.calls: list[tuple[str, str, float | None]] = []

    def match(self, text: str, language: str = "en", asr_confidence: float | None = None) -> MatchResult:
        self.calls.append((text, language, asr_confidence))
        lowered = text.lower()
        hits = [e.id for e in self.kb.entries if any(k in lowered for k in e.keywords)]
        candidates = tuple(Candidate(entry_id, 0.9 - 0.1 * i) for i, entry_id in enumerate(hits))
        if len(hits) == 1:
            return MatchResult(Decision.ANSWER, hits[0], 0.9, candidates)
        if len(hits) >= 2:
            return MatchResult(Decision.CLARIFY, hits[0], 0.55, candidates)
        return MatchResult(Decision.FALLBACK, None, 0.1, ())


class FakeSeconds:
    """A monotonic clock the test moves by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def test_keyword_matcher_decides_like_the_real_one() -> None:
    kb = make_kb()
    matcher = KeywordMatcher(kb)
    assert matcher.match("tell me about the crash").decision is Decision.ANSWER
    assert matcher.match("crash or expo").decision is Decision.CLARIFY
    assert matcher.match("weather in paris").decision is Decision.FALLBACK
