"""DialogueEngine: greeting, answers in the guest's language, clarify/fallback, sessions, reply fields."""

from __future__ import annotations

from datetime import datetime

from test_dialogue_fixtures import FakeSeconds, KeywordMatcher, make_kb

from robot_guide.contracts.messages import GuestEvent, Reply, Utterance
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.engine import DialogueEngine
from robot_guide.matching.result import Decision, MatchResult

NOW = datetime(2025, 10, 18, 9, 35)


def engine(**config: object) -> tuple[DialogueEngine, FakeSeconds, KeywordMatcher]:
    kb = make_kb()
    seconds = FakeSeconds()
    matcher = KeywordMatcher(kb)
    dialogue = DialogueEngine(kb, matcher, DialogueConfig(**config), monotonic=seconds)  # type: ignore[arg-type]
    return dialogue, seconds, matcher


def say(dialogue: DialogueEngine, text: str, guest: str = "g1", **fields: object) -> Reply:
    replies = dialogue.on_utterance(Utterance(text, guest, **fields), NOW)  # type: ignore[arg-type]
    assert len(replies) == 1
    return replies[0]


def test_greets_on_arrive_and_rotates_greetings_between_guests() -> None:
    dialogue, _, _ = engine()
    first = dialogue.on_guest_event(GuestEvent("arrive", "a"), NOW)
    second = dialogue.on_guest_event(GuestEvent("arrive", "b"), NOW)
    assert [r.kind for r in first + second] == ["greeting", "greeting"]
    assert first[0].text == "Hello and welcome!"
    assert second[0].text == "Hi there, welcome!"  # rotation, not random
    assert first[0].guest_id == "a" and second[0].guest_id == "b"
    assert "reply_chosen" in first[0].timings


def test_same_guest_not_greeted_again_within_interval_then_greeted_again() -> None:
    dialogue, seconds, _ = engine(regreet_after_s=120.0)
    assert dialogue.on_guest_event(GuestEvent("arrive", "a"), NOW)[0].kind == "greeting"
    dialogue.on_guest_event(GuestEvent("leave", "a"), NOW)
    seconds.advance(60)
    assert dialogue.on_guest_event(GuestEvent("arrive", "a"), NOW) == []
    seconds.advance(61)
    again = dialogue.on_guest_event(GuestEvent("arrive", "a"), NOW)
    assert [r.kind for r in again] == ["greeting_again"]
    assert again[0].text == "Welcome back! What else can I help you with?"  # built-in line: persona has none


def test_goodbye_on_leave_and_unknown_guest_leave_is_silent() -> None:
    dialogue, _, _ = engine()
    dialogue.on_guest_event(GuestEvent("arrive", "a"), NOW)
    bye = dialogue.on_guest_event(GuestEvent("leave", "a"), NOW)
    assert [r.kind for r in bye] == ["goodbye"]
    assert dialogue.session("a") is None
    assert dialogue.on_guest_event(GuestEvent("leave", "never-seen"), NOW) == []


def test_answer_uses_entry_answer_in_the_utterance_language_and_copies_turn_fields() -> None:
    dialogue, _, _ = engine(greet_first_words=False)  # the answer alone, no hello in front
    reply = say(
        dialogue, "what is the crash challenge", language="zh", turn_id="t-7", timings={"speech_end": 5.0}
    )
    assert reply.kind == "answer" and reply.decision == "answer"
    assert reply.entry == "crash_challenge"
    assert reply.text.startswith("[zh] The safety crash challenge")
    assert reply.language == "zh" and reply.turn_id == "t-7" and reply.guest_id == "g1"
    assert reply.score == 0.9
    assert reply.timings["speech_end"] == 5.0 and reply.timings["reply_chosen"] > 5.0


def test_clarify_names_both_options_and_fallback_says_so() -> None:
    dialogue, _, _ = engine()
    clarify = say(dialogue, "crash or expo")
    assert clarify.kind == "clarify" and clarify.decision == "clarify"
    assert "the safety crash challenge" in clarify.text and "exhibition" in clarify.text
    fallback = say(dialogue, "what is the weather in paris", guest="g2")
    assert fallback.kind == "fallback" and fallback.decision == "fallback" and fallback.entry is None


def test_speech_confidence_goes_to_the_matcher_but_typed_text_has_none() -> None:
    dialogue, _, matcher = engine()
    say(dialogue, "tiggo please", source="speech", confidence=0.42)
    say(dialogue, "tiggo please", source="text", confidence=0.42)
    assert [call[2] for call in matcher.calls] == [0.42, None]


def test_unsure_spoken_words_that_match_nothing_are_asked_again_once() -> None:
    """A mumbled question heard as "Please, let my eyes have been a pleasure" (confidence 0.37) is more
    likely misheard than outside the knowledge: "could you say that again?", then the fallback."""
    dialogue, _, _ = engine(greet_first_words=False)
    unsure = {"source": "speech", "confidence": 0.37}
    first = say(dialogue, "please let my eyes have been a pleasure", **unsure)
    assert first.kind == "not_heard" and first.decision == "fallback"
    assert first.text == "Sorry, I didn't catch that. Could you say it again?"
    assert say(dialogue, "please let my eyes have been a pleasure", **unsure).kind == "fallback"
    assert say(dialogue, "what is the crash challenge", **unsure).kind == "answer"  # matched: answered
    assert say(dialogue, "what is the weather in paris", **unsure).kind == "not_heard"  # once in a row


def test_sure_or_typed_words_that_match_nothing_get_the_fallback() -> None:
    dialogue, _, _ = engine(greet_first_words=False)
    assert say(dialogue, "what is the weather in paris", source="speech", confidence=0.9).kind == "fallback"
    typed = say(dialogue, "what is the weather in rome", guest="g2", confidence=0.2)  # text: no confidence
    assert typed.kind == "fallback"
    strict = engine(greet_first_words=False, repeat_below_confidence=0.0)[0]
    assert say(strict, "what is the weather in paris", source="speech", confidence=0.37).kind == "fallback"


def test_sessions_are_separate_per_guest() -> None:
    dialogue, _, _ = engine()
    say(dialogue, "what is the crash challenge", guest="a")
    assert say(dialogue, "where is it", guest="b").kind == "followup_none"
    assert say(dialogue, "where is it", guest="a").kind == "directions"


def test_use_knowledge_swaps_content_between_turns() -> None:
    dialogue, _, _ = engine()
    assert say(dialogue, "tiggo").entry == "tiggo_9"
    smaller = make_kb()
    smaller = type(smaller)(**{**smaller.__dict__, "entries": smaller.entries[:1]})
    dialogue.use_knowledge(smaller, KeywordMatcher(smaller))
    assert say(dialogue, "tiggo").kind == "fallback"


def test_a_failing_matcher_gives_the_fallback_line_not_an_exception() -> None:
    class Broken:
        def match(self, text: str, language: str = "en", asr_confidence: float | None = None) -> MatchResult:
            raise RuntimeError("index corrupted")

    kb = make_kb()
    dialogue = DialogueEngine(kb, Broken())
    reply = dialogue.on_utterance(Utterance("what is this"), NOW)[0]
    assert reply.kind == "fallback" and reply.decision == Decision.FALLBACK.value
