"""Word languages in Cyrillic and Arabic script are matched by their words; question kinds ignore them."""

from __future__ import annotations

from robot_guide.knowledge.model import Entry, KnowledgeBase, Persona
from robot_guide.matching import Decision
from robot_guide.matching.matcher import LexicalMatcher
from robot_guide.matching.thresholds import Thresholds

RESTROOMS = {
    "en": ("where is the toilet", "where are the restrooms", "i need the bathroom", "toilet please"),
    "ru": ("где туалет", "где здесь туалет", "мне нужно в туалет"),
    "ar": ("أين الحمام", "أين دورات المياه", "هل يوجد حمام قريب"),
}
WIFI = {
    "en": ("what is the wifi password", "is there wifi", "how do i get online", "wifi network name"),
    "ru": ("здесь есть вайфай", "какой пароль от вайфая", "как подключиться к интернету"),
    "ar": ("هل يوجد واي فاي", "ما كلمة سر الواي فاي", "كيف أتصل بالإنترنت"),
}


def make_kb() -> KnowledgeBase:
    entries = tuple(
        Entry(id=entry_id, questions=questions, answers={"en": entry_id})
        for entry_id, questions in (("restrooms", RESTROOMS), ("wifi", WIFI))
    )
    return KnowledgeBase(
        entries=entries, venues={}, schedule=(), persona=Persona(), posts={}, synonyms={}, vocabulary=()
    )


MATCHER = LexicalMatcher(make_kb(), thresholds=Thresholds(answer=0.4, clarify_margin=0.05))


def test_russian_and_arabic_questions_match_their_entries() -> None:
    for text, language, entry_id in (
        ("где туалет?", "ru", "restrooms"),
        ("какой пароль от вайфая?", "ru", "wifi"),
        ("أين الحمام؟", "ar", "restrooms"),
        ("ما كلمة سر الواي فاي؟", "ar", "wifi"),
    ):
        result = MATCHER.match(text, language)
        assert (result.decision, result.entry_id) == (Decision.ANSWER, entry_id), (text, result)


def test_a_question_in_the_wrong_script_still_falls_back() -> None:
    assert MATCHER.match("where is the toilet", "ru").decision is Decision.FALLBACK
    assert MATCHER.match("厕所在哪里", "en").decision is Decision.FALLBACK


def test_question_kinds_count_only_languages_with_cues() -> None:
    from robot_guide.matching.question_kind import QuestionKind

    place_share = MATCHER.kinds.share(QuestionKind.PLACE)
    assert place_share[0] == 0.5  # two of the four English restroom questions say "where"
