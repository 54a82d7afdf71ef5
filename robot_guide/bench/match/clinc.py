"""CLINC150 (Larson et al. 2019) loading and knowledge bases built from labelled questions, for benchmarks."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from robot_guide.knowledge.model import Entry as KbEntry
from robot_guide.knowledge.model import KnowledgeBase, Persona
from robot_guide.paths import clinc_file

DEFAULT_CLINC = clinc_file()  # the shared data folder ($ROBOT_GUIDE_DATA, else ../shared/data)
OOS_LABEL = "oos"
SPLITS = ("train", "val", "test", "oos_train", "oos_val", "oos_test")

Labelled = list[tuple[str, str]]  # (question, intent)


def load_clinc(path: Path) -> dict[str, Labelled]:
    """The splits of data_full.json; raises OSError/ValueError with the path on unreadable files."""
    with path.open(encoding="utf-8") as handle:
        data = json.load(handle)
    missing = [split for split in SPLITS if split not in data]
    if missing:
        raise ValueError(f"{path} lacks the CLINC150 splits {', '.join(missing)}")
    return {split: [(str(q), str(label)) for q, label in data[split]] for split in SPLITS}


def labelled(data: dict[str, Labelled], split: str, oos_split: str) -> list[tuple[str, str | None]]:
    """A split and its out-of-scope twin as (question, intent or None for out-of-scope)."""
    rows = data[split] + data[oos_split]
    return [(q, None if label == OOS_LABEL else label) for q, label in rows]


def first_per_intent(pairs: Labelled, limit: int) -> Labelled:
    """The first `limit` questions of each intent (the few-shot protocol)."""
    seen: dict[str, int] = {}
    kept = []
    for question, intent in pairs:
        if seen.get(intent, 0) < limit:
            seen[intent] = seen.get(intent, 0) + 1
            kept.append((question, intent))
    return kept


def kb_from_pairs(pairs: Sequence[tuple[str, str]], language: str = "en") -> KnowledgeBase:
    """A knowledge base with one entry per label whose questions are the labelled questions."""
    grouped: dict[str, list[str]] = {}
    for question, label in pairs:
        grouped.setdefault(label, []).append(question)
    entries = tuple(
        KbEntry(id=label, questions={language: tuple(questions)}, answers={language: label})
        for label, questions in grouped.items()
    )
    return KnowledgeBase(
        entries=entries, venues={}, schedule=(), persona=Persona(), posts={}, synonyms={}, vocabulary=()
    )
