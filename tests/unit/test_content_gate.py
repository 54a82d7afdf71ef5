"""The content gate: fragments, word salad and symbols are not answered; real short questions still are."""

from __future__ import annotations

from datetime import datetime

import pytest

from robot_guide.contracts.messages import Decision, Utterance
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.engine import DialogueEngine
from robot_guide.knowledge.loader import load_knowledge
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.matching import build_matcher
from robot_guide.matching.content_gate import ContentGate
from robot_guide.paths import default_knowledge_dir

NOW = datetime(2025, 10, 18, 13, 40)
# Each was answered with an entry before the gate (accessibility, five_dimensions, directions to Hall C,
# lost_and_found, what_can_you_do, who_are_you) or with a follow-up line marked as an answer.
GARBAGE = ["is it and ok you where", "5", "&c]", "key: ", "what what what", "who um in", "uh where"]
REAL = {
    "what can you do": "smalltalk_what_can_you_do",
    "who are you": "smalltalk_who_are_you",
    "wifi?": "wifi",
    "wify password": "wifi",
    "i lost my keys": "lost_and_found",
    "thanks": "smalltalk_thanks",
    "how are things with you": "smalltalk_how_are_you",
}


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(default_knowledge_dir())


@pytest.fixture()
def dialogue(kb: KnowledgeBase) -> DialogueEngine:
    config = DialogueConfig(post=next(iter(kb.posts)), greet_first_words=False)
    return DialogueEngine(kb, build_matcher(kb, semantic=False), config)


@pytest.mark.parametrize("text", GARBAGE)
def test_garbage_is_not_answered(dialogue: DialogueEngine, text: str) -> None:
    reply = dialogue.on_utterance(Utterance(text, "guest"), NOW)[0]
    assert reply.decision == Decision.FALLBACK, (text, reply.kind, reply.entry)
    assert reply.entry is None


@pytest.mark.parametrize(("text", "entry"), REAL.items())
def test_short_real_questions_are_still_answered(dialogue: DialogueEngine, text: str, entry: str) -> None:
    reply = dialogue.on_utterance(Utterance(text, "guest"), NOW)[0]
    assert (reply.decision, reply.entry) == (Decision.ANSWER, entry)


def test_a_follow_up_without_a_topic_counts_as_not_understood(dialogue: DialogueEngine) -> None:
    replies = [dialogue.on_utterance(Utterance("where is it", "guest"), NOW)[0] for _ in range(3)]
    assert [r.kind for r in replies[:2]] == ["followup_none", "followup_none"]
    assert replies[2].kind == "offer_staff"  # three misunderstandings in a row: staff are offered


def test_verdicts_name_the_reason(kb: KnowledgeBase) -> None:
    gate = ContentGate(kb)
    assert gate.check("5").reason == "no words, only digits or symbols"
    assert gate.check("what what what").reason == "no content word the knowledge base knows"
    assert gate.check("key: ").reason == "a fragment with markup symbols and one known word"
    assert gate.check("где туалет").reason == "mostly letters of a script this language does not use"
    assert gate.check("wifi: password?").allowed  # two known words carry the question despite the colon


def test_character_languages_need_known_characters(kb: KnowledgeBase) -> None:
    gate = ContentGate(kb)
    assert gate.check("卫生间在哪", "zh").allowed
    assert not gate.check("龘", "zh").allowed
    assert gate.check("where is the wifi", "zh").allowed  # English typed to a zh robot is read as words
    assert (
        gate.check("卫生间在哪", "zh-CN").allowed
        and gate.check("who are you", "EN-us", "smalltalk_who_are_you").allowed
    )


def test_word_languages_in_their_own_script_are_read_as_words(kb: KnowledgeBase) -> None:
    gate = ContentGate(kb)
    # Russian and Arabic questions are judged by their words, like Latin ones: a known word lets them pass.
    assert gate.check("подскажите, где здесь уборная?", "ru").allowed
    assert gate.check("أين دورات المياه من فضلك؟", "ar").allowed
    assert gate.check("где туалет", "ar").reason == "mostly letters of a script this language does not use"
    assert gate.check("где туалет", "ru-RU").allowed
    assert not gate.check("ыыы ъъъ", "ru").allowed


def test_a_word_said_over_and_over_is_no_question_in_character_languages(kb: KnowledgeBase) -> None:
    gate = ContentGate(kb)
    assert gate.check("峰会峰会峰会", "zh").reason == "one word said over and over"
    assert gate.check("峰会是哪几天", "zh").allowed
    assert gate.check("谢谢谢谢", "zh").reason != "one word said over and over"  # doubled: ordinary speech
