"""The robot's open question (a choice offered, staff offered) is explicit on the session, one at a time."""

from __future__ import annotations

from datetime import datetime

from test_dialogue_fixtures import KeywordMatcher, make_kb

from robot_guide.contracts.messages import Reply, Utterance
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.engine import DialogueEngine
from robot_guide.dialogue.session import NOTHING_PENDING, Awaiting, Pending, Session

NOW = datetime(2025, 10, 18, 9, 35)


def make() -> DialogueEngine:
    kb = make_kb()
    return DialogueEngine(kb, KeywordMatcher(kb), DialogueConfig(greet_first_words=False))


def say(engine: DialogueEngine, text: str) -> Reply:
    return engine.on_utterance(Utterance(text, "g1"), NOW)[0]


def pending(engine: DialogueEngine) -> Pending:
    session = engine.session("g1")
    assert session is not None
    return session.pending


def test_a_new_session_waits_for_nothing() -> None:
    session = Session("g1", started=0.0, last_active=0.0)
    assert session.pending == NOTHING_PENDING and session.pending.awaiting is Awaiting.NOTHING


def test_a_clarification_waits_for_a_choice_between_its_options_until_one_is_chosen() -> None:
    engine = make()
    assert say(engine, "crash or expo").kind == "clarify"
    assert pending(engine) == Pending.choice(("crash_challenge", "exhibition"))
    assert say(engine, "the second one").entry == "exhibition"
    assert pending(engine) == NOTHING_PENDING


def test_a_new_question_instead_of_a_choice_drops_the_choice() -> None:
    engine = make()
    say(engine, "crash or expo")
    assert say(engine, "tell me about the tiggo").entry == "tiggo_9"
    assert pending(engine).awaiting is Awaiting.NOTHING
    assert say(engine, "the second one").kind == "fallback"  # no longer an answer to anything


def test_no_to_a_choice_ends_it_and_counts_as_a_misunderstanding() -> None:
    engine = make()
    say(engine, "crash or expo")
    assert say(engine, "no").kind == "clarify_unclear"
    assert pending(engine) == NOTHING_PENDING


def test_an_offer_of_staff_waits_for_yes_or_no() -> None:
    engine = make()
    for text in ("blah", "blah blah"):
        say(engine, text)
        assert pending(engine) == NOTHING_PENDING
    assert say(engine, "qwerty").kind == "offer_staff"
    assert pending(engine) == Pending.staff()
    assert say(engine, "yes").kind == "staff_call"
    assert pending(engine) == NOTHING_PENDING


def test_words_nobody_heard_leave_the_open_question_open() -> None:
    engine = make()
    say(engine, "crash or expo")
    assert say(engine, "   ").kind == "not_heard"
    assert pending(engine).awaiting is Awaiting.CHOICE
    assert say(engine, "yes").entry == "crash_challenge"
