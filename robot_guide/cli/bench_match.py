"""`robot-guide bench match`: CLINC150 accuracy, summit KB tests and latency as the knowledge base grows."""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from robot_guide.bench.machine import machine
from robot_guide.cli.errors import CliError
from robot_guide.paths import clinc_file

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CLINC = clinc_file()
DEFAULT_MARKDOWN = REPO_ROOT / "benchmarks" / "match.md"
MULTILINGUAL_SET = REPO_ROOT / "benchmarks" / "data" / "multilingual_match.yaml"
MULTILINGUAL_MARKDOWN = REPO_ROOT / "benchmarks" / "match_multilingual.md"
CLINC_MIN_OOS_RECALL = (
    0.7  # stated objective for CLINC150: best in-scope accuracy with val OOS recall >= 70 %
)
SCALES = (1_000, 10_000, 100_000)
SCALING_QUERIES = 300
SCALING_ROUNDS = 3


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("match", help="matcher accuracy (CLINC150, summit KB tests) and latency")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object on stdout")
    parser.add_argument(
        "--markdown", type=Path, default=None, help=f"table file (default {DEFAULT_MARKDOWN})"
    )
    parser.add_argument("--quick", action="store_true", help="short smoke run on a slice (lexical only)")
    parser.add_argument("--clinc", type=Path, default=DEFAULT_CLINC, help="CLINC150 data_full.json")
    parser.add_argument("--lexical-only", action="store_true", help="skip the semantic re-ranker")
    multilingual_help = f"only the multilingual table (default matcher), to {MULTILINGUAL_MARKDOWN.name}"
    parser.add_argument("--multilingual", action="store_true", help=multilingual_help)
    parser.add_argument("--multilingual-set", type=Path, default=MULTILINGUAL_SET, help="held-out questions")
    parser.set_defaults(handler=run)


def _bench_multilingual(args: argparse.Namespace, lexical_only: bool, write: bool = False) -> dict[str, Any]:
    from robot_guide.bench.errors import BenchError
    from robot_guide.bench.match_multilingual import multilingual_section, run_and_write

    try:
        if not write:
            return multilingual_section(args.multilingual_set, lexical_only)
        report, text = run_and_write(
            args.multilingual_set, lexical_only, args.markdown, MULTILINGUAL_MARKDOWN
        )
    except BenchError as exc:
        raise CliError(str(exc)) from None
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else text)
    return report


def _progress(label: str, quiet: bool) -> Callable[[Iterable[Any]], Iterable[Any]]:
    def wrap(items: Iterable[Any]) -> Iterable[Any]:
        from tqdm import tqdm

        return tqdm(items, desc=label, file=sys.stderr, leave=False, disable=quiet)

    return wrap


def _pct(value: float) -> float:
    return round(100.0 * value, 2)


def _bench_clinc(
    data: dict[str, Any], train: list[tuple[str, str]], kind: str, quick: bool, embedder: Any
) -> dict:
    from robot_guide.matching.calibration import calibrate, evaluate
    from robot_guide.matching.clinc import OOS_LABEL, kb_from_pairs
    from robot_guide.matching.evaluation import percentile_ms, run_ranker
    from robot_guide.matching.matcher import LexicalMatcher
    from robot_guide.matching.thresholds import Thresholds

    kb = kb_from_pairs(train)
    started = time.perf_counter()
    lexical = LexicalMatcher(kb)
    matcher: Any = lexical
    if kind == "semantic":
        from robot_guide.matching.semantic import SemanticMatcher

        embedder.warm([lexical.normalizer(q) for q, _ in train], progress=not quick)
        matcher = SemanticMatcher(kb, embedder=embedder, lexical=lexical)
    build_s = time.perf_counter() - started

    def labelled(split: str, oos_split: str) -> list[tuple[str, str | None]]:
        rows = data[split] + data[oos_split]
        return [(q, None if label == OOS_LABEL else label) for q, label in rows]

    val, test = labelled("val", "oos_val"), labelled("test", "oos_test")
    if kind == "semantic":
        embedder.warm([lexical.normalizer(q) for q, _ in val + test], progress=not quick)
    tuned = run_ranker(matcher.rank, val, _progress(f"{kind} val", quick))
    # One threshold, as in Larson et al.; the clarify margin is reported separately (clarify = not answered).
    full = calibrate(tuned.outcomes, CLINC_MIN_OOS_RECALL)
    threshold = Thresholds(full.answer, 0.0)
    tested = run_ranker(matcher.rank, test, _progress(f"{kind} test", quick))
    metrics = evaluate(tested.outcomes, threshold)
    with_clarify = evaluate(tested.outcomes, full)
    result = {
        "in_scope_accuracy": _pct(metrics.in_scope_accuracy),
        "oos_recall": _pct(metrics.oos_recall),
        "wrong_answer_rate": _pct(metrics.wrong_answer_rate),
        "threshold": round(threshold.answer, 4),
        "p50_ms": percentile_ms(tested.latencies_ms, 50),
        "p99_ms": percentile_ms(tested.latencies_ms, 99),
        "build_s": round(build_s, 2),
        "with_clarify": {
            "clarify_margin": full.clarify_margin,
            "in_scope_accuracy": _pct(with_clarify.in_scope_accuracy),
            "oos_recall": _pct(with_clarify.oos_recall),
            "clarify_rate": _pct(with_clarify.clarify_rate),
        },
        "train_questions": len(train),
        "test_questions": len(test),
    }
    if kind == "semantic":
        samples = [q for q, _ in test[:: max(1, len(test) // 30)]][:30]
        times = []
        for sample in samples:  # the query embedding itself: cached above for the accuracy runs
            started = time.perf_counter()
            embedder._model.encode([sample], normalize_embeddings=True)
            times.append((time.perf_counter() - started) * 1000.0)
        result["query_embedding_p50_ms"] = percentile_ms(times, 50)
        result["query_embedding_p99_ms"] = percentile_ms(times, 99)
        result["note"] = (
            "p50/p99 exclude the query embedding (cached); add query_embedding_p50_ms per question"
        )
    return result


def _bench_summit(clinc: dict[str, Any] | None, kinds: list[str], embedder: Any, quick: bool) -> dict:
    from robot_guide.knowledge.loader import load_knowledge
    from robot_guide.matching.defaults import LEXICAL_THRESHOLDS, SEMANTIC_THRESHOLDS
    from robot_guide.matching.kb_calibration import calibrate_on_kb
    from robot_guide.matching.kb_checks import expectation_met
    from robot_guide.matching.matcher import LexicalMatcher
    from robot_guide.matching.off_topic import OFF_TOPIC_QUESTIONS_ZH
    from robot_guide.paths import default_knowledge_dir

    try:
        kb = load_knowledge(default_knowledge_dir())
    except Exception as exc:  # the summit part must not sink the whole benchmark
        return {"error": f"could not load the knowledge base: {exc}"}

    def make(kind: str, some_kb: Any) -> Any:
        lexical = LexicalMatcher(some_kb)
        if kind == "lexical":
            return lexical
        from robot_guide.matching.semantic import SemanticMatcher

        return SemanticMatcher(some_kb, embedder=embedder, lexical=lexical)

    out: dict[str, Any] = {"entries": len(kb.entries), "tests": len(kb.tests)}
    off_topic = [q for q, _ in clinc["oos_train"]] if clinc else []
    for kind in kinds:
        matcher = make(kind, kb)
        shipped = LEXICAL_THRESHOLDS if kind == "lexical" else SEMANTIC_THRESHOLDS
        matcher.thresholds = shipped
        failures = []
        passed = 0
        for test in kb.tests:
            result = matcher.match(test.ask, test.language)
            if expectation_met(test, result):
                passed += 1
            else:
                failure = {"ask": test.ask, "expect": test.expect, "got": result.entry_id}
                failure |= {"decision": str(result.decision), "score": round(result.score, 3)}
                failures.append(failure | {"source": str(test.source or "")})
        section: dict[str, Any] = {
            "shipped_thresholds": {"answer": shipped.answer, "clarify_margin": shipped.clarify_margin},
            "tests_passed": passed,
            "tests_total": len(kb.tests),
            "pass_rate": _pct(passed / max(len(kb.tests), 1)),
            "failures": failures,
        }
        if off_topic and not quick:
            thresholds, metrics = calibrate_on_kb(kb, off_topic, _maker(make, kind))
            section["calibrated"] = _calibrated(thresholds, metrics)
            matcher.thresholds = thresholds
            section["calibrated"]["tests_passed"] = sum(
                expectation_met(test, matcher.match(test.ask, test.language)) for test in kb.tests
            )
        out[kind] = section
    if not quick:  # character-level (zh) thresholds: lexical for both matchers
        thresholds, metrics = calibrate_on_kb(
            kb, OFF_TOPIC_QUESTIONS_ZH, lambda k, lang: _ranker(make("lexical", k), lang), language="zh"
        )
        out["zh_calibrated"] = _calibrated(thresholds, metrics)
    return out


def _maker(make: Callable[[str, Any], Any], kind: str) -> Callable[[Any, str], Callable[[str], Any]]:
    return lambda some_kb, language: _ranker(make(kind, some_kb), language)


def _ranker(matcher: Any, language: str) -> Callable[[str], Any]:
    return lambda question: matcher.rank(question, language)


def _calibrated(thresholds: Any, metrics: Any) -> dict[str, float]:
    return {
        "answer": round(thresholds.answer, 4),
        "clarify_margin": thresholds.clarify_margin,
        "held_out_in_scope_accuracy": _pct(metrics.in_scope_accuracy),
        "oos_recall": _pct(metrics.oos_recall),
        "wrong_answer_rate": _pct(metrics.wrong_answer_rate),
    }


def _perturb(question: str, rng: random.Random) -> str:
    words = question.split()
    if len(words) > 3 and rng.random() < 0.5:
        del words[rng.randrange(len(words))]
    if len(words) > 2 and rng.random() < 0.5:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(
        words + ([rng.choice(["please", "now", "today", "again", "here"])] if rng.random() < 0.5 else [])
    )


def _bench_scaling(train: list[tuple[str, str]], sizes: tuple[int, ...], queries: int, quick: bool) -> dict:
    from robot_guide.matching.clinc import kb_from_pairs
    from robot_guide.matching.evaluation import percentile_ms
    from robot_guide.matching.matcher import LexicalMatcher

    rng = random.Random(7)
    out: dict[str, Any] = {}
    for size in sizes:
        pairs = list(train[:size])
        while len(pairs) < size:  # synthetic growth: perturbed copies spread over more entries
            question, label = train[rng.randrange(len(train))]
            pairs.append((_perturb(question, rng), f"{label}_{len(pairs) % 7}"))
        kb = kb_from_pairs(pairs)
        tracemalloc.start()
        started = time.perf_counter()
        matcher = LexicalMatcher(kb)
        build_s = time.perf_counter() - started
        memory_mb = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        asks = [_perturb(train[rng.randrange(len(train))][0], rng) for _ in range(queries)]
        rounds = []  # the machine is shared: the median over rounds tames other jobs' noise
        for round_number in range(SCALING_ROUNDS):
            times = []
            for ask in _progress(f"scaling {size} round {round_number + 1}", quick)(asks):
                started = time.perf_counter()
                matcher.match(ask)
                times.append((time.perf_counter() - started) * 1000.0)
            rounds.append((percentile_ms(times, 50), percentile_ms(times, 99)))
        out[str(size)] = {
            "questions": size,
            "entries": len(kb.entries),
            "p50_ms": statistics.median(r[0] for r in rounds),
            "p99_ms": statistics.median(r[1] for r in rounds),
            "p99_ms_per_round": [r[1] for r in rounds],
            "build_s": round(build_s, 2),
            "build_peak_python_mb": round(memory_mb, 1),
        }
    return out


def _markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Matcher benchmark",
        "",
        f"Date: {report['date']}. Machine: {report['machine']['cpu']}, {report['machine']['cores']} cores, "
        f"load average {report['machine']['load_avg']} (shared with other jobs: timings are noisy).",
        "Percentages are 0-100. CLINC150: trained on `train`, one threshold tuned on `val`+`oos_val`, "
        "reported on `test`+`oos_test`; in-scope accuracy = right intent and not rejected. Semantic p50/p99 "
        "exclude the MiniLM query embedding (see query_embedding_p50_ms in the JSON); its head also learns "
        "the built-in off-topic questions (robot_guide/matching/off_topic.py) as a none-of-these class.",
        "",
        "| CLINC150 | matcher | in-scope acc % | OOS recall % | threshold | p50 ms | p99 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for variant, kinds in report["clinc150"].items():
        for kind, row in kinds.items():
            if "skipped" in row:
                lines.append(f"| {variant} | {kind} | skipped: {row['skipped']} | | | | |")
                continue
            accuracy = f"{row['in_scope_accuracy']} | {row['oos_recall']} | {row['threshold']}"
            lines.append(f"| {variant} | {kind} | {accuracy} | {row['p50_ms']} | {row['p99_ms']} |")
    lines += [
        "",
        "| Summit KB tests (shipped thresholds) | passed | total | rate % | calibrated now: answer / margin "
        "| passed with those | held-out in-scope acc % | OOS recall % |",
        "|---|---|---|---|---|---|---|---|",
    ]
    summit = report["summit"]
    for kind in ("lexical", "semantic"):
        row = summit.get(kind)
        if row:
            counts = f"{row['tests_passed']} | {row['tests_total']} | {row['pass_rate']}"
            c = row.get("calibrated")
            now = (
                f"{c['answer']} / {c['clarify_margin']} | {c['tests_passed']} "
                f"| {c['held_out_in_scope_accuracy']} | {c['oos_recall']}"
                if c
                else " | | | "
            )
            lines.append(f"| {kind} | {counts} | {now} |")
    zh = summit.get("zh_calibrated")
    if zh:
        lines.append(
            f"\nzh (character level) calibrated: answer {zh['answer']}, margin {zh['clarify_margin']}, "
            f"held-out in-scope {zh['held_out_in_scope_accuracy']} %, OOS recall {zh['oos_recall']} %."
        )
    lines += [
        "",
        "| Lexical scaling | entries | p50 ms | p99 ms | build s | build peak MB |",
        "|---|---|---|---|---|---|",
    ]
    for size, row in report["scaling"].items():
        lines.append(
            f"| {size} questions | {row['entries']} | {row['p50_ms']} | {row['p99_ms']} | {row['build_s']} "
            f"| {row['build_peak_python_mb']} |"
        )
    if "multilingual" in report:
        lines += ["", *report["multilingual"]["table"]]
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from robot_guide.matching.clinc import first_per_intent, load_clinc
    from robot_guide.matching.embedder import MiniLmEmbedder, default_cache_dir, semantic_available

    if args.multilingual:
        _bench_multilingual(args, args.lexical_only, write=True)
        return 0
    path: Path = args.clinc
    if not path.is_file():
        raise CliError(f"CLINC150 file not found: {path} (pass --clinc PATH to data_full.json)")
    try:
        clinc = load_clinc(path)
    except (OSError, ValueError) as exc:
        raise CliError(
            f"cannot read CLINC150 from {path}: {exc} (pass --clinc PATH to a valid data_full.json)"
        ) from None
    quick = bool(args.quick)
    if quick:  # a coherent slice: 15 intents, few questions each, a little out-of-scope
        keep = set(sorted({label for _, label in clinc["train"]})[:15])
        limits = {"train": 20, "val": 4, "test": 6}
        clinc = {
            split: first_per_intent([(q, label) for q, label in rows if label in keep], limits[split])
            if split in limits
            else rows[:30]
            for split, rows in clinc.items()
        }
    kinds = ["lexical"]
    notes = []
    semantic_ok = semantic_available()
    if quick or args.lexical_only:
        notes.append("semantic skipped (--quick or --lexical-only)")
    elif not semantic_ok:
        notes.append("semantic skipped: pip install 'robot-guide[semantic]'")
    else:
        kinds.append("semantic")
    embedder = MiniLmEmbedder(default_cache_dir()) if "semantic" in kinds else None
    report: dict[str, Any] = {"clinc150": {}, "percent_units": "0-100"}
    for variant, limit in (("full_100", None), ("few_10", 10)):
        train = clinc["train"] if limit is None else first_per_intent(clinc["train"], limit)
        report["clinc150"][variant] = {}
        for kind in ("lexical", "semantic"):
            if kind in kinds:
                report["clinc150"][variant][kind] = _bench_clinc(clinc, train, kind, quick, embedder)
            else:
                report["clinc150"][variant][kind] = {"skipped": notes[0]}
    report["summit"] = _bench_summit(clinc, kinds, embedder, quick)
    sizes = (200, 1_000) if quick else SCALES
    report["scaling"] = _bench_scaling(clinc["train"], sizes, 20 if quick else SCALING_QUERIES, quick)
    report["multilingual"] = _bench_multilingual(args, quick or args.lexical_only)
    report["machine"] = machine()
    report["date"] = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report["notes"] = notes
    markdown_path = args.markdown if args.markdown is not None else (None if quick else DEFAULT_MARKDOWN)
    if markdown_path is not None:
        markdown_path.parent.mkdir(parents=True, exist_ok=True)
        markdown_path.write_text(_markdown(report), encoding="utf-8")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(_markdown(report))
    return 0
