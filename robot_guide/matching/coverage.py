"""How much of a question's content the knowledge base has heard of: the known share of its IDF weight."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.matching.lexical import STOP_WORDS, light_stem

# Words that carry no topic on top of the lexical stop words: vague pronouns, courtesy, vague verbs and nouns,
# and the frame of a where/when question ("being held", "located": asked of every venue and session).
# Third-person pronouns stay content: "she called his name" talks about someone, not to the guide. Months and
# weekdays are the frame of a "when" question ("is the summit in october"): the topic is the rest.
_FUNCTION_TEXT = """
mine yours ours one ones someone something anything
just also too very now then again still yet even only ever all every each other others
thank thanks sorry excuse hello hi hey yes yeah ok okay sure right
say said go going come coming find look looking see show let lets give take put make
year years day days today time times bit lot little thing things stuff way kind sort
held hold holding located happen happens happening
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday weekend
"""
FUNCTION_WORDS = STOP_WORDS | frozenset(_FUNCTION_TEXT.split())


@dataclass(frozen=True)
class KnownWords:
    """Stems the KB knows outside its paraphrases; a name's words count only when the whole name is asked."""

    words: frozenset[str] = frozenset()
    names: tuple[frozenset[str], ...] = ()  # content stems of multi-word venue names and session titles


def _content_stems(tokens: Iterable[str]) -> frozenset[str]:
    return frozenset(light_stem(token) for token in tokens if token not in FUNCTION_WORDS)


def known_vocabulary(kb: KnowledgeBase, tokens_of: Callable[[str], list[str]]) -> KnownWords:
    """Keywords and synonyms (both sides) are known words; venue names, session titles and the recogniser
    vocabulary are known as whole names ("the coffee bar" does not make "bar" alone a known topic)."""
    texts: list[str] = []
    for entry in kb.entries:
        texts += entry.keywords
    for canonical, variants in kb.synonyms.items():
        texts += [canonical, *variants]
    words = {light_stem(token) for text in texts for token in tokens_of(text)}
    names: set[frozenset[str]] = set()
    titles = [name for venue in kb.venues.values() for names_of in venue.names.values() for name in names_of]
    titles += [title for item in kb.schedule for title in item.titles.values()]
    titles += kb.vocabulary  # domain terms for the recogniser; the loader adds venue names here too
    for title in titles:
        stems = _content_stems(tokens_of(title))
        if len(stems) == 1:
            words |= stems
        elif stems:
            names.add(stems)
    return KnownWords(frozenset(words), tuple(sorted(names, key=sorted)))


def known_share(
    tokens: Sequence[str], idf: Mapping[str, float], max_idf: float, also_known: KnownWords = KnownWords()
) -> float:
    """Share in [0, 1] of the question's content weight carried by known words (1.0 with no content words).

    A content word weighs its IDF; an unknown word weighs the maximum IDF (it is rarer than anything the KB
    knows). Known = a feature of the index, a known word or part of a whole known name; spelling snaps
    happen before this."""
    stems = [light_stem(token) for token in tokens if token not in FUNCTION_WORDS and not token.isdigit()]
    present = set(stems)
    named = set().union(*(name for name in also_known.names if name <= present))
    known = total = 0.0
    for stem in stems:
        weight = idf.get(stem)
        if weight is not None or stem in also_known.words or stem in named:
            known += max_idf if weight is None else weight
        total += max_idf if weight is None else weight
    return known / total if total > 0.0 else 1.0
