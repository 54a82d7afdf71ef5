"""Where guests say each of the summit's names: the words just before it and the words that come with it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from robot_guide.knowledge.model import DEFAULT_LANGUAGE, KnowledgeBase

# A cue must come mostly with the name: "export" is asked about Chery, "car" about parking as much.
MIN_CUE_SHARE = 0.5
MIN_CUE_LETTERS = 3  # "E S G" spelled out for the voice leaves letters, which say nothing
SENTENCE_START = "^"  # stands for "the name opens the question" in `before`
MAX_ACRONYM_LETTERS = 5  # "KOC", "ESG": said letter by letter, no sound-alike word to look for
_WORD = re.compile(r"\w+")
# Words that say nothing about the topic, in any question (and "s" of a split "Chery's").
_FUNCTION_TEXT = """
    a an the is are was were be been am do does did can could would will shall should may might must
    i me my you your we our us it its this that these those there here what which who whom whose when where
    why how to of in on at for from by with about as into and or but if then so not no any some get got
    have has had tell know want need like please much many being s
"""
_FUNCTION_WORDS = frozenset(_FUNCTION_TEXT.split())


def cue_stem(word: str) -> str:
    """A plural's "s" dropped ("records" -> "record"), so a cue counts however the recogniser wrote it."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@dataclass(frozen=True)
class NameContext:
    """The contexts of one name in the KB's own guest questions (lowercase words)."""

    before: tuple[str, ...]  # words right before the name; SENTENCE_START when it opens the question
    cues: tuple[str, ...]  # stems (cue_stem) of content words that come mostly in texts naming it


def sound_alike_names(kb: KnowledgeBase) -> list[str]:
    """The content team's Latin-script names that a recogniser may write as English words ("Chery" as
    "carry", "Forbes China" as "Forum's China"); acronyms are spelled out instead."""
    names = []
    for term in kb.vocabulary:
        name = term.strip()
        acronym = name.isupper() and len(name) <= MAX_ACRONYM_LETTERS
        if name.isascii() and name[:1].isupper() and _WORD.search(name) and not acronym:
            names.append(name)
    return names


def name_contexts(kb: KnowledgeBase, language: str = DEFAULT_LANGUAGE) -> dict[str, NameContext]:
    """Each sound-alike name's contexts in the entries' guest questions and answers in `language` (not the
    KB's tests, which stay held out to measure this)."""
    questions = [
        _WORD.findall(question.casefold())
        for entry in kb.entries
        for question in entry.questions.get(language, ())
    ]
    answers = [_WORD.findall(e.answers[language].casefold()) for e in kb.entries if language in e.answers]
    return {name: _context(name.casefold(), questions, answers) for name in sound_alike_names(kb)}


def _context(name: str, questions: Sequence[list[str]], answers: Sequence[list[str]]) -> NameContext:
    """`before` from how guests ask (the questions); cues from questions and answers alike."""
    own = _WORD.findall(name)
    in_all: Counter[str] = Counter(cue_stem(w) for words in (*questions, *answers) for w in set(words))
    with_name: Counter[str] = Counter()
    before: dict[str, None] = {}
    for asked, texts in ((True, questions), (False, answers)):
        for words in texts:
            places = [i for i in range(len(words) - len(own) + 1) if words[i : i + len(own)] == own]
            if not places:
                continue
            with_name.update({cue_stem(word) for word in words})
            for index in places if asked else ():
                before.setdefault(words[index - 1] if index else SENTENCE_START, None)
    cues = sorted(
        word
        for word, count in with_name.items()
        if word not in own
        and word not in _FUNCTION_WORDS
        and len(word) >= MIN_CUE_LETTERS
        and count / in_all[word] >= MIN_CUE_SHARE
    )
    return NameContext(tuple(before), tuple(cues))
