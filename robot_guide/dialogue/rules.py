"""The kinds of pattern a language's phrase set is written in, and what each reads from a turn."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Protocol

from robot_guide.dialogue.intents import Intent, ParsedTurn
from robot_guide.guide.schedule import names_whole_event
from robot_guide.guide.topics import clean_topic


@dataclass(frozen=True)
class Words:
    """One utterance as the rules see it, with the language's topic cleaning at hand."""

    simple: str  # lower case, punctuation out (guide.text.simplify)
    core: str  # the same without polite openings and endings ("excuse me, ..., please")
    articles: re.Pattern[str]
    pronouns: frozenset[str]

    def topic(self, name: str) -> str:
        return clean_topic(name, self.articles)

    def names_nothing(self, topic: str) -> bool:
        """ "it", "that", "" : the guest means the last topic rather than naming a new one."""
        return not topic or topic in self.pronouns


class Rule(Protocol):
    @property
    def intent(self) -> Intent:
        """The intent this rule recognises."""
        ...

    def read(self, words: Words) -> ParsedTurn | None:
        """The turn this rule sees in `words`, or None to let the next rule try."""
        ...


@dataclass(frozen=True)
class Whole:
    """The whole turn is this phrase ("where is it", "the first one")."""

    intent: Intent
    pattern: re.Pattern[str]
    unstripped_too: bool = False  # also try the words before politeness was stripped ("sorry?")

    def read(self, words: Words) -> ParsedTurn | None:
        if self.pattern.match(words.core) or (self.unstripped_too and self.pattern.match(words.simple)):
            return ParsedTurn(self.intent)
        return None


@dataclass(frozen=True)
class OneOf:
    """The whole turn is one of these phrases, with or without its polite wrapping ("yes please")."""

    intent: Intent
    phrases: frozenset[str]

    def read(self, words: Words) -> ParsedTurn | None:
        return ParsedTurn(self.intent) if words.core in self.phrases or words.simple in self.phrases else None


@dataclass(frozen=True)
class Mentions:
    """A short turn that says this somewhere ("you are talking too fast")."""

    intent: Intent
    pattern: re.Pattern[str]
    max_words: int  # longer turns are questions that happen to contain the words

    def read(self, words: Words) -> ParsedTurn | None:
        if len(words.core.split()) <= self.max_words and self.pattern.search(words.core):
            return ParsedTurn(self.intent)
        return None


@dataclass(frozen=True)
class Names:
    """A turn that names a place or event in the group `x` ("how do I get to <x>")."""

    intent: Intent
    pattern: re.Pattern[str]
    # When the name is only "it"/"that": this intent (a follow-up on the last topic), or None for no match.
    without_name: Intent | None = None
    # Trailing words that are not part of an event's name ("the forum start" -> "forum").
    tail: re.Pattern[str] | None = None
    # Read the words before politeness is stripped: "can you show me the way" asks for more than "the way".
    unstripped: bool = False
    # "When is the summit" names the whole event, not a session: its dates are a question for the knowledge.
    whole_event_is_question: bool = False

    def read(self, words: Words) -> ParsedTurn | None:
        found = self.pattern.match(words.simple if self.unstripped else words.core)
        if not found:
            return None
        named = found.group("x")
        if self.tail is None:
            topic, said = words.topic(named), named.strip()
        else:
            topic = self._without_tail(named, words)
            said = self.tail.sub("", named).strip() or topic
        if words.names_nothing(topic):
            return ParsedTurn(self.without_name) if self.without_name is not None else None
        if self.whole_event_is_question and names_whole_event(topic):
            return ParsedTurn(Intent.QUESTION)
        return ParsedTurn(self.intent, topic, said)

    def _without_tail(self, text: str, words: Words) -> str:
        """Drop trailing verbs while a name is left: "the forum start" -> "forum", "the opening" stays."""
        assert self.tail is not None
        while True:
            shorter = self.tail.sub("", text)
            if shorter == text or not words.topic(shorter):
                return words.topic(text)
            text = shorter


@dataclass(frozen=True)
class PhraseSet:
    """Everything one language needs to read a turn; another language is another PhraseSet, not code."""

    language: str
    polite_prefix: re.Pattern[str]  # openings that carry no request ("excuse me, could you tell me ...")
    polite_suffix: re.Pattern[str]  # endings that carry none ("... please", "... thanks")
    articles: re.Pattern[str]  # words in front of a name that are not part of it
    pronouns: frozenset[str]  # "names" that point back at the last topic
    rules: tuple[Rule, ...]  # tried in order; the first that reads the turn decides it
    # Ways of naming a language that its written name does not cover ("по русски" -> "ru"); the names
    # themselves ("spanish", "español", "西班牙语") come from the locale data.
    language_names: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def words(self, simple: str) -> Words:
        core = self.polite_suffix.sub("", self.polite_prefix.sub("", simple)).strip()
        return Words(simple=simple, core=core or simple, articles=self.articles, pronouns=self.pronouns)
