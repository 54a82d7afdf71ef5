"""Group similar guest questions ("where can I charge my phone" ~ "phone charging?") by fuzzy similarity."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from robot_guide.guide.text import simplify

DEFAULT_SIMILARITY = 75.0  # rapidfuzz token_set_ratio on content words; tuned on the simulated-day test

# Words that say nothing about the topic: without them "where is the pool" and "pool where" compare equal.
_FILLER_WORDS = """
a an the is are was were be do does did can could would will shall should i me my we you your it its
to of in on at for and or please tell there here this that what where when how which who any some
hello hi excuse sorry thanks thank know want like get find go see
"""
_FILLER = frozenset(_FILLER_WORDS.split())
_NON_WORD = re.compile(r"[^\w\s]")


def normalise_question(text: str) -> str:
    """Lower case, contractions expanded, no punctuation, single spaces: what makes two wordings the same."""
    return " ".join(_NON_WORD.sub(" ", simplify(text)).split())


def topic_key(text: str) -> str:
    """The content words, the part compared between questions."""
    words = normalise_question(text).split()
    content = [w for w in words if w not in _FILLER]
    return " ".join(content or words)


@dataclass(frozen=True)
class Cluster:
    """Similar questions with how often each was asked; `questions` is most frequent first, each in the
    guests' most common spelling of it."""

    representative: str
    count: int
    questions: tuple[tuple[str, int], ...]


def cluster_questions(questions: Iterable[str], similarity: float = DEFAULT_SIMILARITY) -> list[Cluster]:
    """Greedy clustering: the most frequent question founds a cluster; later ones join the closest cluster
    whose founder is at least `similarity` alike, else found their own. Largest clusters first."""
    from rapidfuzz import fuzz, process

    spellings: dict[str, Counter[str]] = {}
    for text in questions:
        key = normalise_question(text)
        if key:
            spellings.setdefault(key, Counter())[" ".join(text.split())] += 1
    counts = {key: sum(variants.values()) for key, variants in spellings.items()}
    founders: list[str] = []  # topic keys of the cluster founders
    members: list[list[tuple[str, int]]] = []
    for question, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        key = topic_key(question)
        best = process.extractOne(key, founders, scorer=fuzz.token_set_ratio, score_cutoff=similarity)
        if best is None:
            founders.append(key)
            members.append([(question, count)])
        else:
            members[best[2]].append((question, count))
    shown = [[(spellings[q].most_common(1)[0][0], c) for q, c in group] for group in members]
    clusters = [Cluster(group[0][0], sum(c for _, c in group), tuple(group)) for group in shown]
    return sorted(clusters, key=lambda c: (-c.count, c.representative))
