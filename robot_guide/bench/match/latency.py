"""Per-query latency of the matchers over repeated rounds: medians of each round's percentiles."""

from __future__ import annotations

import statistics
from contextlib import nullcontext
from typing import Any

from robot_guide.bench.machine import machine
from robot_guide.bench.match.clinc import kb_from_pairs, labelled
from robot_guide.bench.match.evaluation import Progress, Run, percentile_ms, run_ranker
from robot_guide.bench.match.matchers import Embedders, make_matcher

LATENCY_SAMPLE = 600  # test questions timed per round, nothing cached: the embedding is part of each query


def timed_questions(data: dict[str, Any]) -> list[tuple[str, str | None]]:
    """An even sample of test + oos_test, the same one every round and every run."""
    test = labelled(data, "test", "oos_test")
    return test[:: max(1, len(test) // LATENCY_SAMPLE)]


def time_matcher(
    matcher: Any, embedders: Embedders, kind: str, data: dict[str, Any], progress: Progress
) -> Run:
    """One round: each question pays for its own embedding, even when an earlier round memoised its text."""
    with embedders.get(kind).uncached() if kind != "lexical" else nullcontext():
        return run_ranker(matcher.rank, timed_questions(data), progress(f"{kind} latency"))


def bench_latency(
    data: dict[str, Any], kinds: list[str], rounds: int, embedders: Embedders, progress: Progress
) -> dict[str, Any]:
    """Per kind: p50/p99 of each round (matcher trained on the full `train` split) and their medians.

    The machine is shared, so a single round's p99 is mostly other jobs' doing; the load average is
    recorded around every round."""
    out: dict[str, Any] = {}
    for kind in kinds:
        kb = kb_from_pairs(data["train"])
        if kind != "lexical":  # paraphrases embedded in bulk before the build, as the accuracy bench does
            from robot_guide.matching.normalize import Normalizer

            normalizer = Normalizer(kb.synonyms)
            embedders.get(kind).warm([normalizer(q) for q, _ in data["train"]])
        matcher = make_matcher(kind, kb, embedders)
        runs = []
        for _ in range(rounds):
            before = machine()["load_avg"]
            latencies = time_matcher(matcher, embedders, kind, data, progress).latencies_ms
            runs.append(
                {
                    "p50_ms": percentile_ms(latencies, 50),
                    "p99_ms": percentile_ms(latencies, 99),
                    "questions": len(latencies),
                    "load_avg_before": before,
                    "load_avg_after": machine()["load_avg"],
                }
            )
        out[kind] = {
            "rounds": runs,
            "median_p50_ms": round(statistics.median(r["p50_ms"] for r in runs), 3),
            "median_p99_ms": round(statistics.median(r["p99_ms"] for r in runs), 3),
        }
    return out


def latency_markdown(report: dict[str, Any]) -> str:
    machine_info = report["machine"]
    questions = next((r["rounds"][0]["questions"] for r in report["latency"].values() if r["rounds"]), 0)
    lines = [
        "# Matcher latency",
        "",
        f"Command: `{report['command']}`. Date: {report['date']}. Machine: {machine_info['cpu']}, "
        f"{machine_info['cores']} cores (shared with other jobs: the load average is given per round).",
        f"Each round ranks the same {questions} CLINC150 test questions one at a time against the "
        "matcher trained on the full `train` split; semantic matchers embed every question afresh "
        "(memo bypassed).",
        "",
        "| matcher | round | p50 ms | p99 ms | load average before -> after |",
        "|---|---|---|---|---|",
    ]
    for kind, row in report["latency"].items():
        for number, run in enumerate(row["rounds"], start=1):
            load = f"{run['load_avg_before']} -> {run['load_avg_after']}"
            lines.append(f"| {kind} | {number} | {run['p50_ms']} | {run['p99_ms']} | {load} |")
        lines.append(f"| **{kind}** | median | **{row['median_p50_ms']}** | **{row['median_p99_ms']}** | |")
    return "\n".join(lines) + "\n"
