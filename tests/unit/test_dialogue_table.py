"""The handler table: one handler per intent and per pending question; a new intent needs no engine change."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from enum import StrEnum
from typing import cast

from test_dialogue_fixtures import KeywordMatcher, make_kb

from robot_guide.contracts.messages import Reply, Utterance
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.context import Turn
from robot_guide.dialogue.engine import DialogueEngine
from robot_guide.dialogue.intents import Intent
from robot_guide.dialogue.phrases import PHRASE_SETS
from robot_guide.dialogue.phrases.en import ENGLISH
from robot_guide.dialogue.rules import Whole
from robot_guide.dialogue.session import Awaiting
from robot_guide.dialogue.table import HANDLERS, PENDING_HANDLERS
from robot_guide.guide.schedule import sentence
from robot_guide.guide.spoken import clock_words

NOW = datetime(2025, 10, 18, 9, 35)


def test_every_intent_has_exactly_one_handler() -> None:
    assert sorted(HANDLERS) == sorted(Intent)
    assert all(callable(handler) for handler in HANDLERS.values())


def test_every_pending_question_has_a_handler_for_its_answer() -> None:
    assert sorted(PENDING_HANDLERS) == sorted(set(Awaiting) - {Awaiting.NOTHING})


def test_every_intent_but_a_plain_question_has_an_english_pattern() -> None:
    recognised = {rule.intent for rule in PHRASE_SETS["en"].rules}
    assert recognised == set(Intent) - {Intent.QUESTION}


class Extra(StrEnum):
    """Stands in for a new Intent value: an enum cannot grow at run time, so the test brings its own."""

    TIME_NOW = "time_now"


def time_now(turn: Turn) -> Reply:
    return Reply(
        text=sentence(f"it is {clock_words(turn.now)}"),
        kind="answer",
        decision="answer",
        language=turn.language,
    )


def test_an_intent_added_through_a_pattern_and_a_table_line_is_served() -> None:
    new_intent = cast(Intent, Extra.TIME_NOW)
    # Before the follow-ups: "what time is it" would otherwise read as "when does it start?".
    pattern = Whole(new_intent, re.compile(r"^what time is it(?: now)?$"))
    english = replace(ENGLISH, rules=(pattern, *ENGLISH.rules))
    kb = make_kb()
    engine = DialogueEngine(
        kb,
        KeywordMatcher(kb),
        DialogueConfig(greet_first_words=False),
        handlers={**HANDLERS, new_intent: time_now},
        phrase_sets={"en": english},
    )
    reply = engine.on_utterance(Utterance("What time is it?"), NOW)[0]
    assert reply.text == "It is nine thirty five a.m." and reply.kind == "answer"
    # Everything else is served as before.
    assert engine.on_utterance(Utterance("what is the crash challenge"), NOW)[0].entry == "crash_challenge"
    assert engine.on_utterance(Utterance("when does it start?"), NOW)[0].kind == "schedule"
