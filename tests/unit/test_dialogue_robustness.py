"""Bad input never breaks the dialogue: huge or odd text, clock jumps, crowds, dates outside the summit."""

from __future__ import annotations

from datetime import datetime, timedelta

from test_dialogue_fixtures import FakeSeconds, KeywordMatcher, make_kb

from robot_guide.contracts.messages import MAX_TEXT_CHARS, GuestEvent, Utterance
from robot_guide.dialogue.clock import Clock
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.engine import DialogueEngine

NOW = datetime(2025, 10, 18, 9, 35)


def make(seconds: FakeSeconds | None = None) -> tuple[DialogueEngine, KeywordMatcher]:
    kb = make_kb()
    matcher = KeywordMatcher(kb)
    config = DialogueConfig(greet_first_words=False)  # answers alone, no hello before first words
    return DialogueEngine(kb, matcher, config, monotonic=seconds or FakeSeconds()), matcher


def test_a_100_kb_utterance_is_cut_and_answered() -> None:
    dialogue, matcher = make()
    reply = dialogue.on_utterance(Utterance("tiggo " + "x" * 100_000), NOW)[0]
    assert reply.entry == "tiggo_9"
    assert len(matcher.calls[0][0]) <= MAX_TEXT_CHARS


def test_control_characters_are_ignored() -> None:
    dialogue, _ = make()
    reply = dialogue.on_utterance(Utterance("where\x00 is\x1b[31m hall\u200b b?\x07"), NOW)[0]
    assert reply.kind == "directions"
    only_controls = dialogue.on_utterance(Utterance("\x00\x01\x02\n\t"), NOW)[0]
    assert only_controls.kind == "not_heard"


def test_schedule_question_outside_the_event_days() -> None:
    dialogue, _ = make()
    reply = dialogue.on_utterance(Utterance("what's on now?"), datetime(2025, 11, 3, 12, 0))[0]
    assert reply.kind == "schedule_outside"
    assert reply.text == "The summit runs October seventeenth to twenty first; there is nothing on today."


def test_clock_jumps_do_not_break_a_session() -> None:
    seconds = FakeSeconds()
    dialogue, _ = make(seconds)
    clock = Clock(NOW)
    dialogue.on_utterance(Utterance("tell me about the crash test"), clock.now())
    clock.set(NOW - timedelta(days=3))  # someone sets the clock back
    assert dialogue.on_utterance(Utterance("where is it?"), clock.now())[0].kind == "directions"
    clock.set(NOW + timedelta(days=30))  # and far forward: the session is still there (monotonic ages)
    assert dialogue.on_utterance(Utterance("where is it?"), clock.now())[0].kind == "directions"
    assert dialogue.on_utterance(Utterance("when does it start?"), clock.now())[0].kind == "schedule"


def test_silent_sessions_are_forgotten_after_the_timeout() -> None:
    seconds = FakeSeconds()
    dialogue, _ = make(seconds)
    dialogue.on_utterance(Utterance("tiggo"), NOW)
    seconds.advance(301)
    assert dialogue.on_utterance(Utterance("say that again"), NOW)[0].kind == "repeat_none"


def test_simultaneous_arrivals_are_each_greeted_once() -> None:
    dialogue, _ = make()
    events = [GuestEvent("arrive", f"guest-{i}") for i in range(5)] * 2  # perception repeats itself
    replies = [r for e in events for r in dialogue.on_guest_event(e, NOW)]
    assert sorted(r.guest_id for r in replies) == [f"guest-{i}" for i in range(5)]
    assert {r.kind for r in replies} == {"greeting"}
    dialogue.on_utterance(Utterance("tiggo", "guest-1"), NOW)
    assert dialogue.on_utterance(Utterance("say that again", "guest-2"), NOW)[0].kind == "repeat"
    assert dialogue.on_utterance(Utterance("say that again", "guest-2"), NOW)[0].text.startswith("Hello")


def test_unknown_event_and_empty_knowledge() -> None:
    dialogue, _ = make()
    assert dialogue.on_utterance(Utterance("when is the moon landing"), NOW)[0].kind == "unknown_event"
    empty = make_kb()
    empty = type(empty)(**{**empty.__dict__, "entries": (), "schedule": (), "venues": {}})
    bare = DialogueEngine(empty, KeywordMatcher(empty))
    for text in ("what's on now", "where is hall b", "when is the crash challenge", "hello"):
        reply = bare.on_utterance(Utterance(text), NOW)[0]
        assert reply.text  # always something to say
