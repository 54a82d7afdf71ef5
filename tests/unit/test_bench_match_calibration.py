"""Threshold calibration picks values that separate labelled validation questions."""

from __future__ import annotations

import random

import pytest

from robot_guide.bench.match.calibration import Outcome, calibrate, evaluate
from robot_guide.matching.thresholds import Thresholds


def synthetic(seed: int = 3) -> list[Outcome]:
    """In-scope questions score 0.6-0.9 and are right; out-of-scope ones score 0.1-0.4."""
    rng = random.Random(seed)
    outcomes = [Outcome("a", "a", rng.uniform(0.6, 0.9), "b", rng.uniform(0.0, 0.3)) for _ in range(200)]
    outcomes += [Outcome(None, "a", rng.uniform(0.1, 0.4), "b", rng.uniform(0.0, 0.1)) for _ in range(50)]
    return outcomes


def test_threshold_separates_a_separable_set() -> None:
    outcomes = synthetic()
    thresholds = calibrate(outcomes, min_oos_recall=0.9)
    highest_oos = max(o.top_score for o in outcomes if o.expected is None)
    lowest_in_scope = min(o.top_score for o in outcomes if o.expected is not None)
    assert highest_oos < thresholds.answer <= lowest_in_scope
    metrics = evaluate(outcomes, thresholds)
    assert metrics.in_scope_accuracy == 1.0
    assert metrics.oos_recall == 1.0
    assert thresholds.clarify_margin == 0.0  # nothing to gain from asking back here


def test_recall_floor_is_respected_on_overlapping_scores() -> None:
    rng = random.Random(5)
    outcomes = [Outcome("a", "a", rng.uniform(0.3, 0.9)) for _ in range(300)]
    outcomes += [Outcome(None, "a", rng.uniform(0.1, 0.6)) for _ in range(100)]
    for floor in (0.5, 0.8, 0.95):
        metrics = evaluate(outcomes, calibrate(outcomes, min_oos_recall=floor))
        assert metrics.oos_recall >= floor


def test_margin_chosen_when_runner_up_is_often_right() -> None:
    # Close calls where the top entry is wrong and the runner-up right: asking back pays off.
    outcomes = [Outcome("b", "a", 0.8, "b", 0.79) for _ in range(30)]
    outcomes += [Outcome("a", "a", 0.8, "b", 0.4) for _ in range(100)]
    outcomes += [Outcome(None, "a", 0.2) for _ in range(20)]
    thresholds = calibrate(outcomes)
    assert 0.01 < thresholds.clarify_margin <= 0.4
    assert evaluate(outcomes, thresholds).clarify_rate == pytest.approx(30 / 150)


def test_wrong_answers_and_clarify_rate_are_counted() -> None:
    outcomes = [Outcome("a", "b", 0.9, "a", 0.5), Outcome("a", "a", 0.9, "b", 0.88), Outcome(None, "a", 0.95)]
    metrics = evaluate(outcomes, Thresholds(answer=0.5, clarify_margin=0.05))
    assert metrics.wrong_answer_rate == 0.5
    assert metrics.in_scope_accuracy == 0.0  # the clarified one counts as not answered
    assert metrics.oos_recall == 0.0
    assert metrics.clarify_rate == pytest.approx(1 / 3)


def test_empty_validation_set_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least one"):
        calibrate([])
