"""Where guests say the summit's names, read from the knowledge base's own questions and answers."""

from __future__ import annotations

from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.knowledge.name_context import SENTENCE_START, name_contexts, sound_alike_names


def test_names_not_acronyms_take_part(kb: KnowledgeBase) -> None:
    names = sound_alike_names(kb)
    assert {"Chery", "Kantar", "Forbes China"} <= set(names)
    assert "KOC" not in names and "ESG" not in names  # said letter by letter
    assert all(name.isascii() for name in names)


def test_chery_is_asked_about_after_auxiliaries_with_its_own_topics(kb: KnowledgeBase) -> None:
    chery = name_contexts(kb)["Chery"]
    assert {"did", "does", "is", "about"} <= set(chery.before)
    assert {"export", "record", "kantar"} <= set(chery.cues)
    # Words asked about every part of the summit come with no name in particular.
    assert not {"car", "summit", "where", "the"} & set(chery.cues)


def test_before_comes_from_questions_only(kb: KnowledgeBase) -> None:
    for context in name_contexts(kb).values():
        assert all(word == SENTENCE_START or word.isalnum() for word in context.before)
    assert "year" not in name_contexts(kb)["Chery"].before  # "...this year Chery..." is an answer's wording
