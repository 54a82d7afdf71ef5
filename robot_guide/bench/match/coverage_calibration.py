"""Picks the strength (penalty) of the unknown-content signal on held-out paraphrases and off-topic questions.

Objective, per penalty: thresholds calibrated as in calibration.py (best in-scope accuracy at the summit's
out-of-scope recall floor, then the clarify margin), then the penalty whose decisions have the highest
utility wins (calibration.py's stage-2 utility: right answer +1, wrong or out-of-scope answer -1, useful
clarification +0.25, useless one -0.5); ties go to the weaker penalty. The kb tests are NOT
used: they stay an independent check.

Out-of-scope set: CLINC150 oos_train AND CLINC150 val in-scope questions (banking, travel, cooking...: all
off-topic for the summit). The latter are the hard "near misses" ("what time does the bank open" shares
"open" with the summit programme); with oos_train alone (mostly wholly unknown words) the recall floor is
met by any threshold, so the threshold simply drops by the penalty and the penalty changes nothing.

Run: robot-guide bench calibrate penalty [--matchers lexical,default] and copy the printed penalties into
matching/defaults.py, then `robot-guide bench calibrate thresholds` for the thresholds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from robot_guide.bench.match.calibration import (
    UTILITY_CLARIFY_RIGHT,
    UTILITY_CLARIFY_WRONG,
    UTILITY_RIGHT,
    UTILITY_WRONG,
    Metrics,
    Outcome,
    calibrate,
    evaluate,
)
from robot_guide.bench.match.evaluation import run_ranker
from robot_guide.bench.match.kb_calibration import FOLDS, SUMMIT_MIN_OOS_RECALL, held_out_folds
from robot_guide.knowledge.model import DEFAULT_LANGUAGE, KnowledgeBase
from robot_guide.matching.thresholds import Thresholds

PENALTIES = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8)


@dataclass(frozen=True)
class PenaltyTrial:
    penalty: float
    thresholds: Thresholds
    metrics: Metrics
    utility: float  # per question


def utility(outcomes: Sequence[Outcome], thresholds: Thresholds) -> float:
    """Utility of the decisions these thresholds make, the mean over in-scope questions plus the mean over
    out-of-scope ones (balanced: the out-of-scope set is seven times larger and would drown the in-scope
    half). An out-of-scope question is right only when not answered."""
    totals = {True: 0.0, False: 0.0}
    counts = {True: 0, False: 0}
    for o in outcomes:
        counts[o.expected is not None] += 1
        if o.top_score < thresholds.answer:
            continue  # a fallback is worth 0
        offered = o.expected is not None and o.expected in (o.top, o.second)
        if o.second is not None and o.top_score - o.second_score < thresholds.clarify_margin:
            value = UTILITY_CLARIFY_RIGHT if offered else UTILITY_CLARIFY_WRONG
        else:
            value = UTILITY_RIGHT if o.expected is not None and o.top == o.expected else UTILITY_WRONG
        totals[o.expected is not None] += value
    return sum(totals[side] / counts[side] for side in (True, False) if counts[side])


def _key(trial: PenaltyTrial) -> tuple[float, float]:
    return (round(trial.utility, 6), -trial.penalty)


def calibrate_penalty(
    kb: KnowledgeBase,
    off_topic: Sequence[str],
    make_matcher: Callable[[KnowledgeBase], Any],
    penalties: Sequence[float] = PENALTIES,
    min_oos_recall: float = SUMMIT_MIN_OOS_RECALL,
    folds: int = FOLDS,
) -> tuple[PenaltyTrial, list[PenaltyTrial]]:
    """(best trial, all trials). `make_matcher(kb)` returns an object with `rank(text, language)` and a
    settable `coverage_penalty`; each fold's matcher is built once and re-ranked per penalty."""
    if not penalties:
        raise ValueError("give at least one penalty to try")
    held_sets = [(make_matcher(fold_kb), held) for fold_kb, held in held_out_folds(kb, folds)]
    full = make_matcher(kb)
    trials = []
    for penalty in penalties:
        outcomes: list[Outcome] = []
        for matcher, held in held_sets:
            matcher.coverage_penalty = penalty
            outcomes += run_ranker(partial(matcher.rank, language=DEFAULT_LANGUAGE), held).outcomes
        full.coverage_penalty = penalty
        oos = [(q, None) for q in off_topic]
        outcomes += run_ranker(partial(full.rank, language=DEFAULT_LANGUAGE), oos).outcomes
        thresholds = calibrate(outcomes, min_oos_recall)
        trial = PenaltyTrial(
            penalty, thresholds, evaluate(outcomes, thresholds), utility(outcomes, thresholds)
        )
        trials.append(trial)
    return max(trials, key=_key), trials


def penalty_report(kb: KnowledgeBase, clinc: dict[str, Any], kinds: Sequence[str]) -> dict[str, Any]:
    """Best penalty and every trial per matcher kind; the semantic kinds sit on the lexical best penalty."""
    from robot_guide.bench.match.matchers import Embedders, make_matcher

    off_topic = [q for q, _ in clinc["oos_train"]] + [q for q, _ in clinc["val"]]
    embedders = Embedders()
    best, trials = calibrate_penalty(kb, off_topic, partial(make_matcher, "lexical", embedders=embedders))
    report: dict[str, Any] = {"lexical": describe(best, trials)}
    for kind in kinds:
        if kind == "lexical":
            continue

        def semantic(some_kb: KnowledgeBase, kind: str = kind) -> Any:
            return make_matcher(kind, some_kb, embedders, coverage_penalty=best.penalty)

        kind_best, kind_trials = calibrate_penalty(kb, off_topic, semantic)
        report[kind] = describe(kind_best, kind_trials)
    return report


def describe(best: PenaltyTrial, trials: list[PenaltyTrial]) -> dict[str, Any]:
    def row(t: PenaltyTrial) -> dict[str, float]:
        m = t.metrics
        return {
            "penalty": t.penalty,
            "answer": round(t.thresholds.answer, 4),
            "clarify_margin": t.thresholds.clarify_margin,
            "in_scope_accuracy": round(100 * m.in_scope_accuracy, 2),
            "oos_recall": round(100 * m.oos_recall, 2),
            "wrong_answer_rate": round(100 * m.wrong_answer_rate, 2),
            "utility": round(t.utility, 4),
        }

    return {"best": row(best), "trials": [row(t) for t in trials]}
