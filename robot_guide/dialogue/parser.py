"""Reads one utterance into a ParsedTurn with the phrase set of its language."""

from __future__ import annotations

from collections.abc import Mapping

from robot_guide.dialogue.intents import Intent, ParsedTurn
from robot_guide.dialogue.phrases import DEFAULT_LANGUAGE, PHRASE_SETS, phrases_for
from robot_guide.dialogue.rules import PhraseSet
from robot_guide.guide.text import simplify


def parse_turn(
    text: str, language: str = DEFAULT_LANGUAGE, sets: Mapping[str, PhraseSet] = PHRASE_SETS
) -> ParsedTurn:
    """Classify one utterance (already cleaned of control characters); anything unrecognised is a question."""
    phrases = phrases_for(language, sets)
    words = phrases.words(simplify(text))
    for rule in phrases.rules:
        parsed = rule.read(words)
        if parsed is not None:
            return parsed
    return ParsedTurn(Intent.QUESTION)
