"""Calibrates a knowledge base's thresholds on its own held-out paraphrases and on off-topic questions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence

from robot_guide.bench.match.calibration import Metrics, Outcome, calibrate, evaluate
from robot_guide.bench.match.evaluation import Ranker, run_ranker
from robot_guide.knowledge.model import DEFAULT_LANGUAGE, KnowledgeBase
from robot_guide.matching.thresholds import Thresholds

FOLDS = 5
SUMMIT_MIN_OOS_RECALL = 0.9  # at the summit an off-topic question must rarely get a confident answer


def held_out_folds(
    kb: KnowledgeBase, folds: int = FOLDS, language: str = DEFAULT_LANGUAGE
) -> list[tuple[KnowledgeBase, list[tuple[str, str]]]]:
    """(KB without some paraphrases, those paraphrases with their entry); every entry keeps one question."""
    result = []
    for fold in range(folds):
        entries = []
        held: list[tuple[str, str]] = []
        for entry in kb.entries:
            questions = entry.questions_in(language)
            kept = [q for i, q in enumerate(questions) if i % folds != fold or i == 0]
            held += [(q, entry.id) for i, q in enumerate(questions) if i % folds == fold and i != 0]
            by_language = dict(entry.questions)
            by_language[language] = tuple(kept)
            entries.append(dataclasses.replace(entry, questions=by_language))
        result.append((dataclasses.replace(kb, entries=tuple(entries)), held))
    return result


def calibrate_on_kb(
    kb: KnowledgeBase,
    off_topic: Sequence[str],
    make_ranker: Callable[[KnowledgeBase, str], Ranker],
    min_oos_recall: float = SUMMIT_MIN_OOS_RECALL,
    folds: int = FOLDS,
    language: str = DEFAULT_LANGUAGE,
) -> tuple[Thresholds, Metrics]:
    """Thresholds (see calibration.py for the objective) and the metrics they reach on these questions.

    Held-out paraphrases are the in-scope set (k-fold rather than leave-one-out: one build per fold);
    `off_topic` questions are ranked against the full KB as the out-of-scope set."""
    outcomes: list[Outcome] = []
    for fold_kb, held in held_out_folds(kb, folds, language):
        outcomes += run_ranker(make_ranker(fold_kb, language), [(q, e) for q, e in held]).outcomes
    outcomes += run_ranker(make_ranker(kb, language), [(q, None) for q in off_topic]).outcomes
    thresholds = calibrate(outcomes, min_oos_recall)
    return thresholds, evaluate(outcomes, thresholds)
