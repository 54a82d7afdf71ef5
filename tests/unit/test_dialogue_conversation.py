"""Conversation in one session: follow-ups, repeat, slower, clarification replies, offering staff."""

from __future__ import annotations

from datetime import datetime

from test_dialogue_fixtures import KeywordMatcher, make_kb

from robot_guide.contracts.messages import Reply, Utterance
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.engine import DialogueEngine

NOW = datetime(2025, 10, 18, 9, 35)


def make(post: str = "main_entrance") -> DialogueEngine:
    kb = make_kb()
    # Answers alone; the hello before a guest's unannounced first words: test_dialogue_greeting.py.
    return DialogueEngine(kb, KeywordMatcher(kb), DialogueConfig(post=post, greet_first_words=False))


def say(dialogue: DialogueEngine, text: str, now: datetime = NOW) -> Reply:
    return dialogue.on_utterance(Utterance(text, "g1"), now)[0]


def test_directions_from_this_robots_post_with_aliases_and_synonyms() -> None:
    main = make()
    assert say(main, "How do I get to Hall B?").text == "Hall B is behind me, past the registration desk."
    assert say(main, "where's the loo?").text == "The restrooms are to your right, next to the cloakroom."
    assert say(main, "where is the crash challenge arena").kind == "directions"
    east = make(post="east_gate")
    assert say(east, "how do i get to hall b").text == "From the east gate, follow the blue carpet to Hall B."


def test_directions_via_the_matched_entrys_venue_link() -> None:
    reply = say(make(), "where can I find the crash test")
    assert reply.kind == "directions" and reply.entry == "crash_challenge"
    assert reply.text.startswith("Hall B is behind me")


def test_unknown_place_names_the_place() -> None:
    reply = say(make(), "where is the swimming pool?")
    assert reply.kind == "unknown_place" and reply.decision == "fallback"
    assert "where the swimming pool is" in reply.text


def test_where_is_it_and_when_does_it_start_follow_the_last_topic() -> None:
    dialogue = make()
    assert say(dialogue, "What is the crash challenge?").entry == "crash_challenge"
    where = say(dialogue, "where is it?")
    assert where.kind == "directions" and where.text.startswith("Hall B is behind me")
    when = say(dialogue, "when does it start?")
    assert when.kind == "schedule"
    assert when.text == "The safety crash challenge starts in twenty five minutes in Hall B."


def test_and_the_other_topic_keeps_the_question_type() -> None:
    dialogue = make()
    say(dialogue, "how do I get to Hall B")
    assert say(dialogue, "and the exhibition?").text == "The Exhibition Hall is up the stairs."
    say(dialogue, "when is the crash challenge")
    also = say(dialogue, "and the KOC forum?")
    assert also.kind == "schedule"
    assert also.text == "The KOC co-creation forum is on today at two p.m. in Hall A."


def test_follow_up_without_a_topic() -> None:
    dialogue = make()
    assert say(dialogue, "where is it?").kind == "followup_none"
    assert say(dialogue, "when does it start?").kind == "followup_none"


def test_repeat_and_repeat_with_nothing_said() -> None:
    dialogue = make()
    assert say(dialogue, "say that again").kind == "repeat_none"
    answer = say(dialogue, "tell me about the tiggo")
    for phrase in ("say that again", "Pardon?", "repeat please"):
        again = say(dialogue, phrase)
        assert again.kind == "repeat" and again.text == answer.text and again.entry == "tiggo_9"


def test_slower_repeats_slower_and_the_rate_persists_for_this_guest_only() -> None:
    dialogue = make()
    answer = say(dialogue, "tell me about the tiggo")
    slower = say(dialogue, "slower please")
    assert slower.text == answer.text and slower.rate_scale == 0.75
    assert say(dialogue, "what is the koc forum").rate_scale == 0.75
    assert say(dialogue, "too fast").rate_scale < 0.75
    other = dialogue.on_utterance(Utterance("tiggo", "g2"), NOW)[0]
    assert other.rate_scale == 1.0


def test_clarify_yes_picks_the_first_option() -> None:
    dialogue = make()
    assert say(dialogue, "crash or expo").kind == "clarify"
    reply = say(dialogue, "yes")
    assert reply.kind == "answer" and reply.entry == "crash_challenge"


def test_clarify_choice_by_name_and_by_position() -> None:
    dialogue = make()
    say(dialogue, "crash or expo")
    assert say(dialogue, "the exhibition one").entry == "exhibition"
    say(dialogue, "crash or expo")
    assert say(dialogue, "the second one").entry == "exhibition"


def test_clarify_no_asks_again_and_a_new_question_is_answered() -> None:
    dialogue = make()
    say(dialogue, "crash or expo")
    no = say(dialogue, "no")
    assert no.kind == "clarify_unclear" and no.decision == "fallback"
    say(dialogue, "crash or expo")
    assert say(dialogue, "tell me about the tiggo").entry == "tiggo_9"


def test_three_misunderstandings_offer_staff_and_yes_calls_staff() -> None:
    dialogue = make()
    assert say(dialogue, "blah blah").kind == "fallback"
    assert say(dialogue, "   ").kind == "not_heard"
    offer = say(dialogue, "qwerty")
    assert offer.kind == "offer_staff" and "staff" in offer.text
    called = say(dialogue, "yes please")
    assert called.kind == "staff_call" and "staff" in called.text


def test_an_answer_resets_the_misunderstanding_count() -> None:
    dialogue = make()
    say(dialogue, "blah")
    say(dialogue, "blah")
    say(dialogue, "tiggo")
    assert say(dialogue, "blah").kind == "fallback"


def test_declining_staff_is_acknowledged() -> None:
    dialogue = make()
    for text in ("a", "b", "c"):
        say(dialogue, text)
    assert say(dialogue, "no thanks").kind == "staff_declined"
