"""The phrase set of each language the dialogue reads; a language without its own set is read as English."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from robot_guide.dialogue.phrases.ar import ARABIC
from robot_guide.dialogue.phrases.en import ENGLISH
from robot_guide.dialogue.phrases.es import SPANISH
from robot_guide.dialogue.phrases.pt import PORTUGUESE
from robot_guide.dialogue.phrases.ru import RUSSIAN
from robot_guide.dialogue.phrases.zh import CHINESE
from robot_guide.dialogue.rules import PhraseSet

DEFAULT_LANGUAGE = "en"

PHRASE_SETS: Mapping[str, PhraseSet] = MappingProxyType(
    {phrases.language: phrases for phrases in (ENGLISH, CHINESE, SPANISH, PORTUGUESE, RUSSIAN, ARABIC)}
)


def phrases_for(language: str, sets: Mapping[str, PhraseSet] = PHRASE_SETS) -> PhraseSet:
    return sets.get(language) or sets[DEFAULT_LANGUAGE]
