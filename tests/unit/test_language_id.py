"""Typed-text language detection: scripts, letter cues, py3langid among the served languages, the fallback."""

from __future__ import annotations

from collections import Counter

import pytest

from robot_guide.guide.language_id import LanguageIdentifier
from robot_guide.knowledge.loader import load_knowledge
from robot_guide.paths import default_knowledge_dir

SUMMIT = ("en", "zh", "es", "pt", "ru", "ar")


@pytest.fixture(scope="module")
def identifier() -> LanguageIdentifier:
    return LanguageIdentifier(SUMMIT)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("¿Dónde están los baños?", "es"),
        ("Onde fica o banheiro?", "pt"),
        ("Where are the toilets?", "en"),
        ("卫生间在哪里", "zh"),
        ("Где туалет?", "ru"),
        ("أين الحمامات؟", "ar"),
        ("Do you speak Spanish?", "en"),
        ("Você fala português?", "pt"),
    ],
)
def test_short_questions_are_placed_in_their_language(
    identifier: LanguageIdentifier, text: str, language: str
) -> None:
    assert identifier.identify(text).language == language


def test_too_short_or_unclear_text_keeps_the_guests_language(identifier: LanguageIdentifier) -> None:
    assert identifier.identify("ok", fallback="es").language == "es"
    assert identifier.identify("no", fallback="pt").language == "pt"
    assert identifier.identify("hiya").language == "en"  # no fallback given: the default
    guess = identifier.identify("ok", fallback="fr")  # a language not served is no fallback
    assert (guess.language, guess.confidence) == ("en", 0.0)


def test_only_served_languages_are_answered() -> None:
    english_and_spanish = LanguageIdentifier(("en", "es"))
    assert english_and_spanish.identify("Onde fica o restaurante da cúpula?").language in {"en", "es"}
    assert english_and_spanish.identify("卫生间在哪里").language == "en"  # Chinese is not served: fallback
    assert LanguageIdentifier(("zh",)).identify("where is it").language == "zh"


def test_each_languages_kb_questions_are_detected_nine_times_in_ten(identifier: LanguageIdentifier) -> None:
    kb = load_knowledge(default_knowledge_dir())
    asked = [(t.language, t.ask) for t in kb.tests]
    asked += [(lang, q) for e in kb.entries for lang, qs in e.questions.items() for q in qs]
    total, right = Counter[str](), Counter[str]()
    for language, question in asked:
        total[language] += 1
        right[language] += identifier.identify(question).language == language
    rates = {language: right[language] / total[language] for language in total}
    assert set(rates) == set(SUMMIT)
    assert min(rates.values()) >= 0.9, rates
