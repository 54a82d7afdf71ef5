"""A guest who speaks before any arrival is seen hears a short hello with the answer, and is greeted once."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from types import MappingProxyType

from test_dialogue_fixtures import FakeSeconds, KeywordMatcher, make_kb

from robot_guide.contracts.messages import GuestEvent, Reply, Utterance
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.engine import DialogueEngine
from robot_guide.knowledge.loader import load_knowledge
from robot_guide.knowledge.model import Persona
from robot_guide.matching import build_matcher

NOW = datetime(2025, 10, 18, 9, 35)
SUMMIT = "The summit runs from October seventeenth to twenty first."
HELLOS = {"en": ("Hello!", "Hi there!"), "zh": ("您好！",)}


def make(**config: object) -> tuple[DialogueEngine, FakeSeconds]:
    kb = make_kb()
    lines = {**kb.persona.lines, "first_words_greeting": MappingProxyType(HELLOS)}
    kb = replace(kb, persona=Persona(MappingProxyType(lines)))
    seconds = FakeSeconds()
    engine = DialogueEngine(kb, KeywordMatcher(kb), DialogueConfig(**config), monotonic=seconds)  # type: ignore[arg-type]
    return engine, seconds


def say(engine: DialogueEngine, text: str, guest: str = "g1", language: str = "en") -> Reply:
    (reply,) = engine.on_utterance(Utterance(text, guest, language=language), NOW)
    return reply


def arrive(engine: DialogueEngine, guest: str = "g1") -> list[Reply]:
    return engine.on_guest_event(GuestEvent("arrive", guest), NOW)


def test_first_words_without_an_arrival_get_a_hello_with_the_answer() -> None:
    engine, _ = make()
    first = say(engine, "when is the summit")
    assert first.text == f"Hello! {SUMMIT}"
    assert first.kind == "answer" and first.entry == "summit_dates"  # the reply is still the answer
    assert say(engine, "when is the summit").text == SUMMIT  # once per visit


def test_each_guest_gets_their_own_hello_in_their_language() -> None:
    engine, _ = make()
    assert say(engine, "tiggo", guest="a").text.startswith("Hello! ")
    assert say(engine, "tiggo", guest="b").text.startswith("Hi there! ")  # lines rotate
    assert say(engine, "crash", guest="c", language="zh").text.startswith("您好！ [zh] The safety crash")


def test_a_guest_greeted_on_arrival_gets_no_second_hello() -> None:
    engine, _ = make()
    assert [r.kind for r in arrive(engine)] == ["greeting"]
    assert say(engine, "when is the summit").text == SUMMIT


def test_an_arrival_seen_after_the_first_words_does_not_greet_again() -> None:
    engine, seconds = make(regreet_after_s=120.0)
    assert say(engine, "tiggo").text.startswith("Hello! ")
    seconds.advance(5)
    assert arrive(engine) == []  # the camera caught up: the guest was already greeted


def test_back_within_the_regreet_interval_no_hello_after_it_a_hello_again() -> None:
    engine, seconds = make(regreet_after_s=120.0)
    arrive(engine)
    engine.on_guest_event(GuestEvent("leave", "g1"), NOW)
    seconds.advance(60)
    assert say(engine, "tiggo").text == "The Tiggo 9 is a seven seater SUV."  # greeted a minute ago
    engine.on_guest_event(GuestEvent("leave", "g1"), NOW)
    seconds.advance(121)
    assert say(engine, "tiggo").text == "Hello! The Tiggo 9 is a seven seater SUV."


def test_a_hello_never_comes_in_the_middle_of_a_conversation() -> None:
    engine, seconds = make(regreet_after_s=120.0, session_timeout_s=300.0)
    arrive(engine)
    for _ in range(5):  # a long talk, well past the regreet interval, in one session
        seconds.advance(100)
        assert not say(engine, "tiggo").text.startswith(("Hello", "Hi there"))


def test_say_that_again_repeats_the_answer_without_the_hello() -> None:
    engine, _ = make()
    say(engine, "when is the summit")
    again = say(engine, "say that again")
    assert again.kind == "repeat" and again.text == SUMMIT


def test_the_hello_can_be_switched_off() -> None:
    engine, _ = make(greet_first_words=False)
    assert say(engine, "when is the summit").text == SUMMIT


def test_the_bundled_knowledge_words_the_hello() -> None:
    kb = load_knowledge(Path(__file__).resolve().parents[2] / "knowledge")
    hellos = kb.persona.options("first_words_greeting", "en")
    assert hellos and all(len(h.split()) <= 3 for h in hellos)  # short: the answer is what was asked for
    engine = DialogueEngine(kb, build_matcher(kb, semantic=False))
    reply = engine.on_utterance(Utterance("when is the summit", "visitor"), NOW)[0]
    hello = next(h for h in hellos if reply.text.startswith(h + " "))
    answer = kb.entry("summit_dates")
    assert answer is not None and reply.text == f"{hello} {answer.answer_in('en')}"


def leave(engine: DialogueEngine, guest: str) -> list[Reply]:
    return engine.on_guest_event(GuestEvent("leave", guest), NOW)


def test_heard_words_belong_to_the_guest_the_camera_sees() -> None:
    """The recogniser's one guest id cannot tell guests apart; the camera's arrival can."""
    engine, _ = make()
    assert [r.kind for r in arrive(engine, "face-1")] == ["greeting"]
    reply = say(engine, "when is the summit", guest="guest")
    assert reply.text == SUMMIT  # no second hello: this is the guest just greeted
    assert reply.guest_id == "face-1"
    assert engine.session("guest") is None
    assert [r.kind for r in leave(engine, "face-1")] == ["goodbye"]


def test_a_guest_heard_before_being_seen_keeps_one_conversation() -> None:
    engine, _ = make()
    assert say(engine, "when is the summit", guest="guest").text == f"Hello! {SUMMIT}"
    assert arrive(engine, "face-1") == []  # already greeted with the answer: the camera adds no greeting
    session = engine.session("face-1")
    assert session is not None and session.last_entry == "summit_dates"  # the same conversation
    assert say(engine, "say that again", guest="guest").text == SUMMIT
    assert [r.kind for r in leave(engine, "face-1")] == ["goodbye"]


def test_with_two_guests_in_view_words_go_to_the_one_who_came_last() -> None:
    engine, _ = make()
    arrive(engine, "face-1")
    arrive(engine, "face-2")
    assert say(engine, "when is the summit", guest="guest").guest_id == "face-2"
    leave(engine, "face-2")
    assert say(engine, "when is the summit", guest="guest").guest_id == "face-1"


def test_explicit_guest_ids_are_kept_when_they_have_a_conversation() -> None:
    engine, _ = make()
    arrive(engine, "g1")
    arrive(engine, "g2")
    assert say(engine, "when is the summit", guest="g1").guest_id == "g1"


def test_a_guest_heard_and_then_seen_under_their_own_id_is_never_adopted_by_another() -> None:
    engine, _ = make()
    say(engine, "when is the summit", guest="guest")
    assert arrive(engine, "guest") == []
    assert [r.kind for r in arrive(engine, "ana")] == ["greeting"]
    assert engine.session("guest") is not None
