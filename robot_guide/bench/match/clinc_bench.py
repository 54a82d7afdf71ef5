"""CLINC150 in-scope accuracy and out-of-scope recall for one matcher: train on `train`, tune on val, test."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from robot_guide.bench.match.calibration import Outcome, calibrate, evaluate
from robot_guide.bench.match.clinc import kb_from_pairs, labelled
from robot_guide.bench.match.evaluation import Progress, percentile_ms, run_ranker
from robot_guide.bench.match.latency import time_matcher
from robot_guide.bench.match.matchers import Embedders, make_matcher
from robot_guide.matching.thresholds import Thresholds

CLINC_MIN_OOS_RECALL = 0.7  # stated objective: best in-scope accuracy with val OOS recall >= 70 %


def pct(value: float) -> float:
    return round(100.0 * value, 2)


def top1_accuracy(outcomes: Sequence[Outcome]) -> float:
    """In-scope questions whose best candidate is right, nothing rejected: no threshold can do better."""
    in_scope = [o for o in outcomes if o.expected is not None]
    return sum(o.top == o.expected for o in in_scope) / max(len(in_scope), 1)


def bench_clinc(
    data: dict[str, Any],
    train: list[tuple[str, str]],
    kind: str,
    embedders: Embedders,
    progress: Progress,
) -> dict[str, Any]:
    """One threshold tuned on val + oos_val (as Larson et al.), reported on test + oos_test."""
    kb = kb_from_pairs(train)
    semantic = kind != "lexical"
    if semantic:  # bulk embedding in batches; the matcher build below then finds every paraphrase memoised
        from robot_guide.matching.normalize import Normalizer

        normalizer = Normalizer(kb.synonyms)
        embedders.get(kind).warm([normalizer(q) for q, _ in train], progress=True)
    started = time.perf_counter()
    matcher = make_matcher(kind, kb, embedders)
    build_s = time.perf_counter() - started
    val, test = labelled(data, "val", "oos_val"), labelled(data, "test", "oos_test")
    timed = time_matcher(matcher, embedders, kind, data, progress)
    tuned = run_ranker(matcher.rank, val, progress(f"{kind} val"))
    # One threshold; the clarify margin is reported separately (a clarification counts as not answered).
    full = calibrate(tuned.outcomes, CLINC_MIN_OOS_RECALL)
    threshold = Thresholds(full.answer, 0.0)
    tested = run_ranker(matcher.rank, test, progress(f"{kind} test"))
    metrics = evaluate(tested.outcomes, threshold)
    with_clarify = evaluate(tested.outcomes, full)
    result: dict[str, Any] = {
        "in_scope_accuracy": pct(metrics.in_scope_accuracy),
        "oos_recall": pct(metrics.oos_recall),
        "top1_accuracy": pct(top1_accuracy(tested.outcomes)),
        "wrong_answer_rate": pct(metrics.wrong_answer_rate),
        "threshold": round(threshold.answer, 4),
        "p50_ms": percentile_ms(timed.latencies_ms, 50),
        "p99_ms": percentile_ms(timed.latencies_ms, 99),
        "latency_questions": len(timed.latencies_ms),
        "build_s": round(build_s, 2),
        "with_clarify": {
            "clarify_margin": full.clarify_margin,
            "in_scope_accuracy": pct(with_clarify.in_scope_accuracy),
            "oos_recall": pct(with_clarify.oos_recall),
            "clarify_rate": pct(with_clarify.clarify_rate),
        },
        "train_questions": len(train),
        "test_questions": len(test),
    }
    if semantic:
        result["engine"] = embedders.get(kind).name
        result["latency_note"] = "p50/p99 include embedding the question (memo bypassed while timing)"
    return result
