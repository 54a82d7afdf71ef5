"""Which kind of turn an utterance is, and the topic it names."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from robot_guide.dialogue.intents import Intent
from robot_guide.dialogue.parser import parse_turn
from robot_guide.dialogue.phrases import PHRASE_SETS
from robot_guide.dialogue.phrases.en import ENGLISH
from robot_guide.dialogue.rules import Names, OneOf
from robot_guide.guide.text import clean_utterance


@pytest.mark.parametrize(
    ("text", "intent", "topic"),
    [
        ("How do I get to Hall B?", Intent.DIRECTIONS, "hall b"),
        ("Where's the loo?", Intent.DIRECTIONS, "loo"),
        ("where is the nearest toilet please", Intent.DIRECTIONS, "toilet"),
        ("Hello, can you tell me where the restrooms are?", Intent.DIRECTIONS, "restrooms"),
        ("where can I find registration", Intent.DIRECTIONS, "registration"),
        ("Wait, where are the toilets?", Intent.DIRECTIONS, "toilets"),  # a barge-in's first word
        ("oh, and when does it start", Intent.WHEN_IT, ""),
        ("well, what's next?", Intent.ON_NEXT, ""),
        ("where is it?", Intent.WHERE_IT, ""),
        ("how do I get there", Intent.WHERE_IT, ""),
        ("When is the crash challenge?", Intent.WHEN, "crash challenge"),
        ("When does the KOC forum start?", Intent.WHEN, "koc forum"),
        ("what time is the opening", Intent.WHEN, "opening"),
        ("when does it start?", Intent.WHEN_IT, ""),
        ("what's on now?", Intent.ON_NOW, ""),
        ("What is happening right now", Intent.ON_NOW, ""),
        ("what's next?", Intent.ON_NEXT, ""),
        ("and the exhibition?", Intent.AND_ALSO, "exhibition"),
        ("what about the food court", Intent.AND_ALSO, "food court"),
        ("say that again", Intent.REPEAT, ""),
        ("Pardon?", Intent.REPEAT, ""),
        ("could you repeat that please", Intent.REPEAT, ""),
        ("slower please", Intent.SLOWER, ""),
        ("you are talking too fast", Intent.SLOWER, ""),
        ("yes please", Intent.YES, ""),
        ("No thanks", Intent.NO, ""),
        ("let's go", Intent.YES, ""),
        ("Take me to the crash challenge", Intent.ESCORT, "crash challenge"),
        ("Can you show me the way to Hall B?", Intent.ESCORT, "hall b"),
        ("walk me to hall c please", Intent.ESCORT, "hall c"),
        ("could you take me there", Intent.ESCORT, ""),
        ("show me the way to the food court", Intent.ESCORT, "food court"),
        ("the way to hall b", Intent.DIRECTIONS, "hall b"),  # no request to be taken: directions
        ("Stop!", Intent.STOP, ""),
        ("never mind", Intent.STOP, ""),
        ("wait, cancel", Intent.STOP, ""),
        ("are we there yet?", Intent.HOW_FAR, ""),
        ("how much further", Intent.HOW_FAR, ""),
        ("the first one", Intent.FIRST, ""),
        ("the other one", Intent.SECOND, ""),
        ("what is the Tiggo 9", Intent.QUESTION, ""),
        ("tell me about the summit", Intent.QUESTION, ""),
    ],
)
def test_parse_turn(text: str, intent: Intent, topic: str) -> None:
    parsed = parse_turn(text)
    assert (parsed.intent, parsed.topic) == (intent, topic)


def test_the_guests_own_words_are_kept_for_replies() -> None:
    assert parse_turn("where is the swimming pool?").said == "the swimming pool"
    assert parse_turn("when does the gala dinner start").said == "the gala dinner"


def test_clean_utterance_removes_controls_and_bounds_length() -> None:
    assert clean_utterance("  hi\x00\x1b there\u200b\n ") == "hi there"
    assert len(clean_utterance("a" * 100_000)) == 2_000
    assert clean_utterance("\x00\x01") == ""


def test_a_language_with_its_own_phrase_set_is_read_with_it_and_others_as_english() -> None:
    spanish = replace(
        ENGLISH,
        language="es",
        polite_prefix=re.compile(r"^(?:(?:hola|perdone|por favor)\s+)*"),
        polite_suffix=re.compile(r"(?:\s+(?:por favor|gracias))+$"),
        articles=re.compile(r"^(?:el|la|los|las|un|una)\s+"),
        pronouns=frozenset({"eso", "ello"}),
        rules=(
            OneOf(Intent.YES, frozenset({"si", "sí", "claro"})),
            Names(
                Intent.DIRECTIONS, re.compile(r"^d[oó]nde (?:est[aá]n?|queda)\s+(?P<x>.+)$"), Intent.WHERE_IT
            ),
        ),
    )
    sets = {**PHRASE_SETS, "es": spanish}
    assert parse_turn("Sí, por favor", "es", sets).intent is Intent.YES
    found = parse_turn("Perdone, ¿dónde están los baños?", "es", sets)
    assert (found.intent, found.topic, found.said) == (Intent.DIRECTIONS, "baños", "los baños")
    assert parse_turn("¿Dónde está eso?", "es", sets).intent is Intent.WHERE_IT
    assert parse_turn("where is the loo", "es", sets).intent is Intent.QUESTION  # Spanish rules only
    assert parse_turn("where is the loo", "fr", sets).topic == "loo"  # no French set: read as English
