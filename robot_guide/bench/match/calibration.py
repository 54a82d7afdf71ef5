"""Picks the answer threshold and clarify margin from labelled validation questions, by a stated objective.

Objective, stage 1 (answer threshold, margin 0): maximise in-scope accuracy (right entry AND answered) subject
to out-of-scope recall >= `min_oos_recall`; ties go to the higher OOS recall. When no threshold reaches the
recall floor, maximise in-scope accuracy + OOS recall instead.
Stage 2 (clarify margin, threshold fixed): maximise the utility of the decisions, where a right answer is +1,
a wrong or out-of-scope answer -1 (a confident wrong answer is the worst outcome), a clarification that
offers the right entry +0.25 (it costs the guest a turn), any other clarification -0.5, a fallback 0.
Margin 0 unless it strictly helps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from robot_guide.matching.thresholds import Thresholds

MARGINS = (0.0, 0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1)
UTILITY_RIGHT, UTILITY_WRONG, UTILITY_CLARIFY_RIGHT, UTILITY_CLARIFY_WRONG = 1.0, -1.0, 0.25, -0.5


@dataclass(frozen=True)
class Outcome:
    """How one validation question was ranked; `expected` is None for an out-of-scope question."""

    expected: str | None
    top: str | None
    top_score: float
    second: str | None = None
    second_score: float = 0.0


@dataclass(frozen=True)
class Metrics:
    """Rates as fractions in [0, 1]; in-scope accuracy counts a clarification as not answered."""

    in_scope_accuracy: float
    oos_recall: float
    wrong_answer_rate: float  # in-scope questions answered with the wrong entry
    clarify_rate: float  # all questions


def _arrays(outcomes: Sequence[Outcome]) -> tuple[np.ndarray, ...]:
    in_scope = np.array([o.expected is not None for o in outcomes], dtype=bool)
    right = np.array([o.expected is not None and o.top == o.expected for o in outcomes], dtype=bool)
    second_right = np.array([o.expected is not None and o.second == o.expected for o in outcomes], dtype=bool)
    top = np.array([o.top_score for o in outcomes], dtype=np.float64)
    gap = top - np.array(
        [o.second_score if o.second is not None else 0.0 for o in outcomes], dtype=np.float64
    )
    return in_scope, right, second_right, top, gap


def evaluate(outcomes: Sequence[Outcome], thresholds: Thresholds) -> Metrics:
    in_scope, right, _, top, gap = _arrays(outcomes)
    passed = top >= thresholds.answer
    clarify = passed & (gap < thresholds.clarify_margin)
    answered = passed & ~clarify
    n_in, n_oos = max(int(in_scope.sum()), 1), max(int((~in_scope).sum()), 1)
    return Metrics(
        in_scope_accuracy=float((answered & right).sum() / n_in),
        oos_recall=float((~in_scope & ~passed).sum() / n_oos),
        wrong_answer_rate=float((answered & in_scope & ~right).sum() / n_in),
        clarify_rate=float(clarify.sum() / max(len(outcomes), 1)),
    )


def _best_threshold(in_scope: np.ndarray, right: np.ndarray, top: np.ndarray, min_oos_recall: float) -> float:
    candidates = np.unique(np.concatenate([top, top + 1e-6, [0.0, 1.0 + 1e-6]]))
    if len(candidates) > 2000:  # quantiles keep the search fast on big validation sets
        candidates = np.unique(np.quantile(candidates, np.linspace(0.0, 1.0, 2000)))
    n_in, n_oos = max(int(in_scope.sum()), 1), max(int((~in_scope).sum()), 1)
    passed = top[None, :] >= candidates[:, None]
    accuracy = (passed & right[None, :]).sum(axis=1) / n_in
    recall = (~passed & ~in_scope[None, :]).sum(axis=1) / n_oos
    feasible = recall >= min_oos_recall
    # Lexicographic: accuracy first, then recall (one more right answer outweighs any recall gain).
    key = (
        np.where(feasible, accuracy * 10.0 * n_in + recall, -np.inf) if feasible.any() else accuracy + recall
    )
    return float(candidates[int(np.argmax(key))])


def calibrate(outcomes: Sequence[Outcome], min_oos_recall: float = 0.7) -> Thresholds:
    """Thresholds by the module's objective; needs in-scope and out-of-scope outcomes to be meaningful."""
    if not outcomes:
        raise ValueError("calibration needs at least one validation question")
    in_scope, right, second_right, top, gap = _arrays(outcomes)
    answer = _best_threshold(in_scope, right, top, min_oos_recall)
    passed = top >= answer
    best_margin, best_utility = 0.0, -np.inf
    for margin in MARGINS:
        clarify = passed & (gap < margin)
        answered = passed & ~clarify
        utility = (
            UTILITY_RIGHT * (answered & right).sum()
            + UTILITY_WRONG * (answered & ~right).sum()
            + UTILITY_CLARIFY_RIGHT * (clarify & (right | second_right)).sum()
            + UTILITY_CLARIFY_WRONG * (clarify & ~(right | second_right)).sum()
        )
        if utility > best_utility + 1e-9:
            best_margin, best_utility = margin, float(utility)
    return Thresholds(answer=answer, clarify_margin=best_margin)
