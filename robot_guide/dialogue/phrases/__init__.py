"""The phrase set of each language the dialogue reads; a language without its own set is read as English."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from robot_guide.dialogue.phrases.en import ENGLISH
from robot_guide.dialogue.rules import PhraseSet

DEFAULT_LANGUAGE = "en"

PHRASE_SETS: Mapping[str, PhraseSet] = MappingProxyType({ENGLISH.language: ENGLISH})


def phrases_for(language: str, sets: Mapping[str, PhraseSet] = PHRASE_SETS) -> PhraseSet:
    return sets.get(language) or sets[DEFAULT_LANGUAGE]
