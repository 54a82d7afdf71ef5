"""`bench match` as a whole: CLINC150 full and few-shot per matcher, the summit KB, lexical scaling."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from robot_guide.bench.machine import machine
from robot_guide.bench.match.clinc import first_per_intent
from robot_guide.bench.match.clinc_bench import bench_clinc
from robot_guide.bench.match.evaluation import Progress
from robot_guide.bench.match.matchers import Embedders, unavailable
from robot_guide.bench.match.scaling import SCALES, SCALING_QUERIES, bench_scaling
from robot_guide.bench.match.summit_bench import bench_summit, load_summit

QUICK_KINDS = ("lexical",)


def quick_slice(clinc: dict[str, Any]) -> dict[str, Any]:
    """A coherent slice for a smoke run: 15 intents, few questions each, a little out-of-scope."""
    keep = set(sorted({label for _, label in clinc["train"]})[:15])
    limits = {"train": 20, "val": 4, "test": 6}
    return {
        split: first_per_intent([(q, label) for q, label in rows if label in keep], limits[split])
        if split in limits
        else rows[:30]
        for split, rows in clinc.items()
    }


def run_match_bench(
    clinc: dict[str, Any],
    kinds: list[str],
    quick: bool,
    progress: Progress,
    cache_dir: Path | None = None,
) -> dict[str, Any]:
    """The report; kinds that cannot run here (engine not installed, or --quick) are marked skipped."""
    if quick:
        clinc = quick_slice(clinc)
    embedders = Embedders(cache_dir)
    skipped: dict[str, str] = {}
    for kind in kinds:
        reason = "--quick runs the lexical matcher only" if quick and kind not in QUICK_KINDS else None
        reason = reason or unavailable(kind)
        if reason:
            skipped[kind] = reason
    running = [kind for kind in kinds if kind not in skipped]
    report: dict[str, Any] = {"clinc150": {}, "percent_units": "0-100"}
    for variant, limit in (("full_100", None), ("few_10", 10)):
        train = clinc["train"] if limit is None else first_per_intent(clinc["train"], limit)
        report["clinc150"][variant] = {
            kind: {"skipped": skipped[kind]}
            if kind in skipped
            else bench_clinc(clinc, train, kind, embedders, progress)
            for kind in kinds
        }
    try:
        kb = load_summit()
    except Exception as exc:  # the summit part must not sink the whole benchmark
        report["summit"] = {"error": f"could not load the knowledge base: {exc}"}
    else:
        off_topic = [q for q, _ in clinc["oos_train"]]
        report["summit"] = bench_summit(kb, off_topic, running, embedders, calibrate=not quick)
    sizes = (200, 1_000) if quick else SCALES
    report["scaling"] = bench_scaling(clinc["train"], sizes, 20 if quick else SCALING_QUERIES, progress)
    report["machine"] = machine()
    report["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report["notes"] = [f"{kind} skipped: {reason}" for kind, reason in skipped.items()]
    if cache_dir is not None:
        report["notes"].append("embeddings were read from a disk cache: latencies may exclude the embedding")
    return report
