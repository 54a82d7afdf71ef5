"""The dialogue on the bundled summit knowledge with the real (lexical) matcher: one visit end to end."""

from __future__ import annotations

from datetime import datetime

import pytest

from robot_guide.contracts.messages import GuestEvent, Reply, Utterance
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.engine import DialogueEngine
from robot_guide.knowledge.loader import load_knowledge
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.matching import build_matcher
from robot_guide.paths import default_knowledge_dir

NOW = datetime(2025, 10, 18, 13, 40)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(default_knowledge_dir())


def say(dialogue: DialogueEngine, text: str, now: datetime = NOW) -> Reply:
    return dialogue.on_utterance(Utterance(text, "visitor"), now)[0]


def test_a_visit(kb: KnowledgeBase) -> None:
    post = next(iter(kb.posts))
    dialogue = DialogueEngine(kb, build_matcher(kb, semantic=False), DialogueConfig(post=post))
    greeting = dialogue.on_guest_event(GuestEvent("arrive", "visitor"), NOW)
    # The summit greets in English, then Chinese (greeting_languages), in one reply.
    assert [r.kind for r in greeting] == ["greeting"] and greeting[0].language == "en"
    english, chinese = kb.persona.options("greeting", "en"), kb.persona.options("greeting", "zh")
    assert any(greeting[0].text == f"{en} {zh}" for en in english for zh in chinese)

    loo = say(dialogue, "where's the loo?")
    restroom = next(v for v in kb.venues.values() if "restroom" in v.id)
    assert loo.kind == "directions" and loo.text == restroom.route_from(post, "en")

    crash = say(dialogue, "What is the crash challenge?")
    assert crash.kind == "answer" and crash.entry == "crash_challenge"
    assert say(dialogue, "where is it?").kind == "directions"
    when = say(dialogue, "when does it start?")
    assert when.kind == "schedule" and "crash challenge" in when.text.lower()
    assert not any(ch.isdigit() for ch in when.text)  # numbers are spoken as words

    assert say(dialogue, "say that again").text == when.text
    assert say(dialogue, "slower please").rate_scale == 0.75
    assert say(dialogue, "what's on now?").kind == "schedule"
    assert say(dialogue, "where is the swimming pool").kind == "unknown_place"
    bye = dialogue.on_guest_event(GuestEvent("leave", "visitor"), NOW)
    assert [r.kind for r in bye] == ["goodbye"] and bye[0].rate_scale == 0.75


def test_outside_the_summit_uses_the_content_line(kb: KnowledgeBase) -> None:
    config = DialogueConfig(greet_first_words=False)  # the content line alone, no hello in front
    dialogue = DialogueEngine(kb, build_matcher(kb, semantic=False), config)
    reply = say(dialogue, "what's on now?", datetime(2025, 12, 1, 12, 0))
    assert reply.kind == "schedule_outside" and reply.text in kb.persona.options("schedule_outside", "en")
