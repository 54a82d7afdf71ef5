"""Guests in their own language: detected from typed words, English answers with an apology, switching,
groups, the greeting's languages, and each language's repair, yes/no and follow-up phrases."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from types import MappingProxyType

import pytest

from robot_guide.contracts.messages import UNKNOWN_LANGUAGE, GuestEvent, Reply, Utterance
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.engine import DialogueEngine
from robot_guide.dialogue.intents import Intent
from robot_guide.dialogue.parser import parse_turn
from robot_guide.dialogue.phrases import PHRASE_SETS
from robot_guide.knowledge.loader import load_knowledge
from robot_guide.knowledge.model import KnowledgeBase, LanguageSettings
from robot_guide.matching import build_matcher
from robot_guide.paths import default_knowledge_dir

NOW = datetime(2025, 10, 18, 9, 35)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(default_knowledge_dir())


def engine(kb: KnowledgeBase) -> DialogueEngine:
    return DialogueEngine(kb, build_matcher(kb, semantic=False), DialogueConfig(greet_first_words=False))


def say(
    dialogue: DialogueEngine, text: str, guest: str = "g1", language: str = UNKNOWN_LANGUAGE
) -> list[Reply]:
    return dialogue.on_utterance(Utterance(text, guest, language=language), NOW)


def test_a_typed_spanish_question_is_answered_in_spanish(kb: KnowledgeBase) -> None:
    [reply] = say(engine(kb), "¿Cuándo es la cumbre?")
    entry = kb.entry(reply.entry or "")
    assert entry is not None and reply.language == "es" and reply.text == entry.answers["es"]


def test_an_answer_written_only_in_english_comes_after_an_apology_in_the_guests_language(
    kb: KnowledgeBase,
) -> None:
    dates = kb.entry("summit_dates")
    assert dates is not None
    english_only = replace(dates, answers=MappingProxyType({"en": dates.answers["en"]}))
    entries = tuple(english_only if e.id == dates.id else e for e in kb.entries)
    apology, answer = say(engine(replace(kb, entries=entries)), "¿Cuándo es la cumbre?")
    assert (apology.kind, apology.language) == ("english_only", "es")
    assert apology.text in kb.persona.options("answer_in_english_apology", "es")
    assert (answer.entry, answer.language, answer.text) == ("summit_dates", "en", dates.answers["en"])


@pytest.mark.parametrize(
    ("asked", "language"),
    [
        ("Do you speak Spanish?", "es"),
        ("¿Habla inglés?", "en"),
        ("中文可以吗", "zh"),
        ("Вы говорите по-русски?", "ru"),
        ("Você fala português?", "pt"),
        ("هل تتكلم العربية؟", "ar"),
        ("Can we speak in Arabic?", "ar"),
    ],
)
def test_a_guest_switches_language_and_is_answered_in_it(
    kb: KnowledgeBase, asked: str, language: str
) -> None:
    dialogue = engine(kb)
    [confirmed] = say(dialogue, asked)
    assert (confirmed.kind, confirmed.language) == ("language_switch", language)
    assert confirmed.text in kb.persona.options("language_switched", language)
    session = dialogue.session("g1")
    assert session is not None and session.language == language
    [again] = say(dialogue, "ok")  # too short to tell: the guest's language holds
    assert again.language == language


def test_a_language_not_served_is_declined_with_the_ones_that_are(kb: KnowledgeBase) -> None:
    [reply] = say(engine(kb), "Do you speak French?")
    assert (reply.kind, reply.language) == ("language_unavailable", "en")
    assert "español" in reply.text and "中文" in reply.text


def test_words_that_name_no_language_are_a_question(kb: KnowledgeBase) -> None:
    [reply] = say(engine(kb), "can you speak loudly")
    assert reply.kind == "fallback"


def test_each_guest_in_a_group_is_answered_in_their_own_language(kb: KnowledgeBase) -> None:
    dialogue = engine(kb)
    [spanish] = say(dialogue, "¿Cuándo es la cumbre?", guest="ana")
    [russian] = say(dialogue, "Когда проходит саммит?", guest="ivan")
    [english] = say(dialogue, "When is the summit?", guest="joe")
    assert [spanish.language, russian.language, english.language] == ["es", "ru", "en"]
    [repeated] = say(dialogue, "repita, por favor", guest="ana")
    assert (repeated.kind, repeated.language, repeated.text) == ("repeat", "es", spanish.text)


def test_the_greeting_is_in_the_greeting_languages_then_in_the_guests(kb: KnowledgeBase) -> None:
    bilingual = engine(kb)
    [hello] = bilingual.on_guest_event(GuestEvent("arrive", "g1"), NOW)
    english, chinese = kb.persona.options("greeting", "en"), kb.persona.options("greeting", "zh")
    assert any(hello.text == f"{en} {zh}" for en in english for zh in chinese)
    spanish_first = replace(
        kb, language_settings=LanguageSettings(served=kb.languages, greeting_language="es")
    )
    [hola] = engine(spanish_first).on_guest_event(GuestEvent("arrive", "g1"), NOW)
    assert hola.language == "es" and hola.text in kb.persona.options("greeting", "es")
    say(bilingual, "Вы говорите по-русски?")
    [bye] = bilingual.on_guest_event(GuestEvent("leave", "g1"), NOW)
    assert bye.language == "ru" and bye.text in kb.persona.options("goodbye", "ru")


# Each language's phrase set reads repair, yes and no, choices, follow-ups and a walk's progress.
PHRASES = {
    "zh": ["再说一遍", "说慢一点", "是的", "不用了", "第一个", "另一个", "在哪里", "什么时候开始",
           "还有多远", "算了"],
    "es": ["¿Puede repetirlo?", "más despacio, por favor", "sí, por favor", "no, gracias", "el primero",
           "el otro", "¿y dónde está?", "¿a qué hora empieza?", "¿falta mucho?", "olvídelo"],
    "pt": ["pode repetir?", "mais devagar, por favor", "sim, por favor", "não, obrigado", "o primeiro",
           "o outro", "onde fica isso?", "que horas começa?", "falta muito?", "deixa pra lá"],
    "ru": ["повторите, пожалуйста", "говорите помедленнее", "да, пожалуйста", "нет, спасибо", "первый",
           "другой", "а где это?", "когда это начинается?", "ещё далеко?", "стоп"],
    "ar": ["أعد من فضلك", "تكلم ببطء من فضلك", "نعم من فضلك", "لا شكرا", "الأول", "الآخر", "أين هو؟",
           "متى يبدأ؟", "هل وصلنا؟", "توقف"],
}  # fmt: skip
INTENTS = [Intent.REPEAT, Intent.SLOWER, Intent.YES, Intent.NO, Intent.FIRST, Intent.SECOND,
           Intent.WHERE_IT, Intent.WHEN_IT, Intent.HOW_FAR, Intent.STOP]  # fmt: skip


@pytest.mark.parametrize("language", sorted(PHRASES))
def test_each_language_reads_its_own_short_turns(language: str) -> None:
    assert language in PHRASE_SETS
    read = [parse_turn(text, language).intent for text in PHRASES[language]]
    assert read == INTENTS


@pytest.mark.parametrize(
    ("language", "yes", "no"),
    [
        ("es", "sí", "no, gracias"),
        ("zh", "好的", "不用了"),
        ("ru", "да", "нет"),
        ("ar", "نعم", "لا"),
        ("pt", "sim", "não"),
    ],
)
def test_yes_and_no_answer_the_staff_offer_in_each_language(
    kb: KnowledgeBase, language: str, yes: str, no: str
) -> None:
    dialogue = DialogueEngine(
        kb,
        build_matcher(kb, semantic=False),
        DialogueConfig(greet_first_words=False, max_misunderstandings=1),
    )
    [offer] = say(dialogue, "qwzx vbnm", language=language)
    assert offer.kind == "offer_staff" and offer.language == language
    [called] = say(dialogue, yes, language=language)
    assert called.kind == "staff_call" and called.text in kb.persona.options("staff_called", language)
    say(dialogue, "qwzx vbnm", language=language)
    [declined] = say(dialogue, no, language=language)
    assert declined.kind == "staff_declined" and declined.language == language


def test_a_stale_typed_question_is_asked_again_in_its_language(kb: KnowledgeBase) -> None:
    reply = engine(kb).ask_again(Utterance("¿Dónde están los baños?", "g1", language=UNKNOWN_LANGUAGE))
    assert reply.language == "es" and reply.text in kb.persona.options("not_heard", "es")
