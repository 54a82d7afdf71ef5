"""Questions in other languages: Snowball stems, and the multilingual head over all languages' paraphrases."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from robot_guide.knowledge.model import Entry, KnowledgeBase, Persona
from robot_guide.matching import Decision, build_matcher
from robot_guide.matching.defaults import SEMANTIC_LANGUAGE_THRESHOLDS, SEMANTIC_THRESHOLDS
from robot_guide.matching.stemming import stem_tokens

if TYPE_CHECKING:
    from robot_guide.matching.semantic import SemanticMatcher

QUESTIONS = {
    "restrooms": {
        "en": ("where is the toilet", "where are the restrooms", "i need the bathroom"),
        "es": ("¿Dónde están los baños?", "Necesito ir al servicio", "¿Hay un servicio por aquí?"),
        "ru": ("Где туалет?", "Подскажите, где уборная?"),
        "zh": ("厕所在哪里", "洗手间在哪", "洗手间怎么走"),
    },
    "parking": {
        "en": ("where can i park my car", "is there a car park", "where is parking"),
        "es": ("¿Dónde puedo aparcar?",),
        "ru": ("Где можно припарковаться?",),
        "zh": ("停车场在哪里",),
    },
    "summit_dates": {
        "en": ("when is the summit", "what dates is the summit", "how long does the summit last"),
        "es": ("¿Cuándo es la cumbre?",),
        "ru": ("Когда проходит саммит?",),
        "zh": ("峰会是什么时候",),
    },
}


def make_kb() -> KnowledgeBase:
    entries = tuple(
        Entry(id=entry_id, questions=questions, answers={"en": f"answer for {entry_id}"})
        for entry_id, questions in QUESTIONS.items()
    )
    return KnowledgeBase(
        entries=entries, venues={}, schedule=(), persona=Persona(), posts={}, synonyms={}, vocabulary=()
    )


@pytest.fixture(scope="module")
def matcher() -> SemanticMatcher:
    from robot_guide.matching.semantic import SemanticMatcher as Semantic

    built = build_matcher(make_kb())
    assert isinstance(built, Semantic)
    assert built.multilingual.wait(timeout=120)
    return built


def test_stems_fold_word_forms_per_language_and_leave_english_alone() -> None:
    assert stem_tokens(["baños"], "es") == stem_tokens(["baño"], "es")
    assert stem_tokens(["уборную"], "ru") == stem_tokens(["уборная"], "ru")
    assert stem_tokens(["bathrooms", "parking"], "en") == ["bathrooms", "parking"]
    assert stem_tokens(["bathrooms"], "xx") == ["bathrooms"]


def test_the_multilingual_head_serves_every_language_with_paraphrases_but_english(
    matcher: SemanticMatcher,
) -> None:
    assert matcher.multilingual.languages == {"es", "ru", "zh"}
    assert matcher.multilingual.probabilities("en", "where is the toilet") is None
    spanish = matcher.multilingual.probabilities("es", "¿hay un baño por aquí?")
    assert spanish is not None and int(spanish.argmax()) == 0 and spanish.sum() <= 1.0


@pytest.mark.parametrize(
    ("question", "language", "entry"),
    [
        ("¿Hay un baño cerca?", "es", "restrooms"),  # "baño" only as "baños" among the paraphrases
        ("Подскажите, где здесь уборная?", "ru", "restrooms"),
        ("В какие дни проходит саммит?", "ru", "summit_dates"),
        ("请问厕所怎么走", "zh", "restrooms"),
    ],
)
def test_questions_in_other_languages_find_their_entry(
    matcher: SemanticMatcher, question: str, language: str, entry: str
) -> None:
    result = matcher.match(question, language)
    assert (result.decision, result.entry_id) == (Decision.ANSWER, entry)


def test_each_language_is_judged_on_its_own_scale(matcher: SemanticMatcher) -> None:
    zh = matcher.rank("洗手间在哪", "zh")
    es = matcher.rank("¿Dónde están los baños?", "es")
    assert matcher.thresholds_for(zh) == SEMANTIC_LANGUAGE_THRESHOLDS["zh"]
    assert matcher.thresholds_for(es) == SEMANTIC_THRESHOLDS


def test_off_topic_questions_in_other_languages_fall_back(matcher: SemanticMatcher) -> None:
    assert matcher.match("¿Qué tiempo hará mañana en París?", "es").decision is Decision.FALLBACK
    assert matcher.match("Какая завтра будет погода в Париже?", "ru").decision is Decision.FALLBACK


def test_a_matcher_built_directly_fits_the_head_only_for_another_language(matcher: SemanticMatcher) -> None:
    from robot_guide.matching.semantic import SemanticMatcher as Semantic

    direct = Semantic(make_kb(), embedder=matcher.embedder)  # as calibration folds build theirs
    direct.match("where is the toilet")
    assert not direct.multilingual.started  # English only so far: nothing fitted
    assert direct.match("¿Dónde están los baños?", "es").entry_id == "restrooms"
    assert direct.multilingual.started and direct.multilingual.wait(timeout=0)


def test_a_head_that_cannot_be_fitted_leaves_other_languages_to_the_english_head(
    matcher: SemanticMatcher,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    tmp_path: Path,
) -> None:
    from robot_guide.matching import crosslingual
    from robot_guide.matching.semantic import SemanticMatcher as Semantic

    def broken_fit(*_: object) -> None:
        raise MemoryError("no room")

    # Its English head is fitted here; the empty folder holds no multilingual head to read back.
    direct = Semantic(make_kb(), embedder=matcher.embedder, head_folder=tmp_path)
    monkeypatch.setattr(crosslingual.SoftmaxHead, "fit", broken_fit)
    with caplog.at_level("WARNING"):
        result = direct.match("¿Dónde están los baños?", "es")
    assert result.candidates[0].entry_id == "restrooms"
    assert "multilingual head not fitted (no room)" in caplog.text
