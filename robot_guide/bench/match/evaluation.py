"""Runs a matcher over labelled questions: outcomes for calibration, metrics and per-query latency."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from robot_guide.bench.match.calibration import Outcome
from robot_guide.matching.matcher import Ranked

Ranker = Callable[[str], Ranked]
# A progress bar maker: a label -> a wrapper around the items being worked through.
Progress = Callable[[str], Callable[[Iterable[Any]], Iterable[Any]]]


@dataclass(frozen=True)
class Run:
    outcomes: list[Outcome]
    latencies_ms: list[float]


def run_ranker(
    ranker: Ranker,
    questions: Sequence[tuple[str, str | None]],
    progress: Callable[[Iterable], Iterable] = iter,
) -> Run:
    """Ranks each (question, expected entry or None for out-of-scope) and times each call."""
    outcomes: list[Outcome] = []
    latencies: list[float] = []
    for question, expected in progress(questions):
        start = time.perf_counter()
        ranked = ranker(question)
        latencies.append((time.perf_counter() - start) * 1000.0)
        first = ranked.candidates[0] if ranked.candidates else None
        second = ranked.candidates[1] if len(ranked.candidates) > 1 else None
        outcomes.append(
            Outcome(
                expected=expected,
                top=first.entry_id if first else None,
                top_score=first.score if first else 0.0,
                second=second.entry_id if second else None,
                second_score=second.score if second else 0.0,
            )
        )
    return Run(outcomes, latencies)


def percentile_ms(latencies: Sequence[float], q: float) -> float:
    return round(float(np.percentile(latencies, q)), 3) if latencies else 0.0
