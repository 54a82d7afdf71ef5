"""Typed, immutable model of the summit knowledge base (what the loader builds from YAML)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType

from robot_guide.contracts.escort import Pose2D

DEFAULT_LANGUAGE = "en"
FALLBACK_EXPECTATION = "fallback"


@dataclass(frozen=True)
class SourceRef:
    """Where a piece of content was written, so every message can name file and line."""

    file: str
    line: int
    column: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class KbTest:
    """A content-team regression question: `expect` is an entry id or FALLBACK_EXPECTATION."""

    ask: str
    expect: str
    language: str = DEFAULT_LANGUAGE
    source: SourceRef | None = None


@dataclass(frozen=True)
class Entry:
    """One thing the robot can answer: paraphrased questions and a spoken answer per language."""

    id: str
    questions: Mapping[str, tuple[str, ...]]
    answers: Mapping[str, str]
    keywords: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    venue: str | None = None
    schedule: tuple[str, ...] = ()
    sample_data: bool = False
    source: SourceRef | None = None

    def questions_in(self, language: str) -> tuple[str, ...]:
        return self.questions.get(language, ())

    def answer_in(self, language: str) -> str:
        """The answer in `language`, else in the default language (a guest gets an answer, not silence)."""
        return (
            self.answers.get(language)
            or self.answers.get(DEFAULT_LANGUAGE)
            or next(iter(self.answers.values()))
        )


@dataclass(frozen=True)
class Venue:
    """A place at the summit and how to reach it from each robot post."""

    id: str
    names: Mapping[str, tuple[str, ...]]
    routes: Mapping[str, Mapping[str, str]]
    sample_data: bool = False
    source: SourceRef | None = None

    def name_in(self, language: str) -> str:
        names = self.names.get(language) or self.names.get(DEFAULT_LANGUAGE) or (self.id,)
        return names[0]

    def route_from(self, post: str, language: str) -> str | None:
        """The spoken route from `post`, or from the `default` post when this post has none."""
        for key in (post, "default"):
            by_language = self.routes.get(key)
            if by_language:
                return by_language.get(language) or by_language.get(DEFAULT_LANGUAGE)
        return None


@dataclass(frozen=True)
class ScheduleItem:
    """A session in the summit programme (local venue time, naive datetimes)."""

    id: str
    titles: Mapping[str, str]
    venue: str
    start: datetime
    end: datetime
    entry: str | None = None
    sample_data: bool = False
    source: SourceRef | None = None

    def title_in(self, language: str) -> str:
        return self.titles.get(language) or self.titles.get(DEFAULT_LANGUAGE) or self.id


@dataclass(frozen=True)
class Persona:
    """The robot's own lines: greetings, goodbyes, fallbacks and dialogue prompts, per language."""

    lines: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=lambda: MappingProxyType({}))
    sources: Mapping[str, SourceRef] = field(default_factory=lambda: MappingProxyType({}))

    def options(self, kind: str, language: str) -> tuple[str, ...]:
        by_language = self.lines.get(kind, {})
        return tuple(by_language.get(language) or by_language.get(DEFAULT_LANGUAGE) or ())


@dataclass(frozen=True)
class LanguageSettings:
    """Which languages the knowledge serves, which the robot greets in, and whose tests must all pass."""

    served: tuple[str, ...] = (DEFAULT_LANGUAGE,)
    greeting_language: str = DEFAULT_LANGUAGE
    greeting_languages: tuple[str, ...] = ()  # a bilingual greeting; empty: greeting_language alone
    tests_must_pass: tuple[str, ...] = ()  # empty: every language's kb tests must pass
    source: SourceRef | None = None

    @property
    def greeting(self) -> tuple[str, ...]:
        return self.greeting_languages or (self.greeting_language,)


# Persona line kinds the dialogue uses; the loader requires each in the default language.
PERSONA_KINDS = (
    "greeting",  # a guest arrives
    "greeting_again",  # a guest returns after the re-greet interval
    "goodbye",  # a guest leaves
    "fallback",  # the robot does not know; sends the guest to staff
    "clarify",  # template with {first} and {second}
    "not_heard",  # an empty or unusable utterance
    "offer_staff",  # after repeated misunderstandings
)


@dataclass(frozen=True)
class VenueMap:
    """Where the posts and venues are on the robot's navigation map, for walking guests there."""

    posts: Mapping[str, Pose2D] = field(default_factory=lambda: MappingProxyType({}))
    venues: Mapping[str, Pose2D] = field(default_factory=lambda: MappingProxyType({}))
    sample_data: bool = False
    source: SourceRef | None = None

    @property
    def defined(self) -> bool:
        """A folder without a map: the robot gives directions only, and nothing is missing."""
        return self.source is not None

    def post(self, post_id: str) -> Pose2D | None:
        return self.posts.get(post_id)

    def venue(self, venue_id: str) -> Pose2D | None:
        return self.venues.get(venue_id)


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything the robot knows, loaded from one folder; immutable so it can be swapped atomically."""

    entries: tuple[Entry, ...]
    venues: Mapping[str, Venue]
    schedule: tuple[ScheduleItem, ...]
    persona: Persona
    posts: Mapping[str, str]
    synonyms: Mapping[str, tuple[str, ...]]
    vocabulary: tuple[str, ...]
    tests: tuple[KbTest, ...] = ()
    language_settings: LanguageSettings = field(default_factory=LanguageSettings)
    root: str = ""
    version: str = ""
    map: VenueMap = field(default_factory=VenueMap)

    def entry(self, entry_id: str) -> Entry | None:
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        return None

    @property
    def languages(self) -> tuple[str, ...]:
        """The languages this knowledge serves, as declared (the default language first)."""
        return self.language_settings.served

    def all_tests(self) -> tuple[KbTest, ...]:
        return self.tests
