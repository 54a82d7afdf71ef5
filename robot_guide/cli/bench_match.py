"""`robot-guide bench match`: CLINC150 accuracy, summit KB tests and latency as the knowledge base grows."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from robot_guide.bench.match.clinc import DEFAULT_CLINC
from robot_guide.bench.match.matchers import KINDS
from robot_guide.cli.errors import CliError

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MARKDOWN = REPO_ROOT / "benchmarks" / "match.md"
MULTILINGUAL_SET = REPO_ROOT / "benchmarks" / "data" / "multilingual_match.yaml"
MULTILINGUAL_MARKDOWN = REPO_ROOT / "benchmarks" / "match_multilingual.md"
MULTILINGUAL_LEXICAL_MARKDOWN = REPO_ROOT / "benchmarks" / "match_multilingual_lexical.md"
LATENCY_MARKDOWN = REPO_ROOT / "benchmarks" / "match_latency.md"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("match", help="matcher accuracy (CLINC150, summit KB tests) and latency")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object on stdout")
    parser.add_argument(
        "--markdown", type=Path, default=None, help=f"table file (default {DEFAULT_MARKDOWN})"
    )
    parser.add_argument("--quick", action="store_true", help="short smoke run on a slice (lexical only)")
    parser.add_argument("--clinc", type=Path, default=DEFAULT_CLINC, help="CLINC150 data_full.json")
    parser.add_argument(
        "--matchers",
        default=",".join(KINDS),
        help=f"comma-separated, from {', '.join(KINDS)} (default: all; missing engines are skipped)",
    )
    parser.add_argument("--lexical-only", action="store_true", help="same as --matchers lexical")
    parser.add_argument(
        "--cache", type=Path, default=None, help="keep embeddings in this folder across runs (experiments)"
    )
    multilingual_help = (
        f"only the multilingual table (default matcher), to {MULTILINGUAL_MARKDOWN.name}; with "
        f"--lexical-only to {MULTILINGUAL_LEXICAL_MARKDOWN.name}"
    )
    parser.add_argument("--multilingual", action="store_true", help=multilingual_help)
    parser.add_argument("--multilingual-set", type=Path, default=MULTILINGUAL_SET, help="held-out questions")
    parser.add_argument(
        "--latency-rounds",
        type=int,
        default=0,
        metavar="N",
        help=f"only time queries, N rounds per matcher (medians), to {LATENCY_MARKDOWN.name}",
    )
    parser.set_defaults(handler=run)


def _bench_multilingual(args: argparse.Namespace, lexical_only: bool, write: bool = False) -> dict[str, Any]:
    from robot_guide.bench.errors import BenchError
    from robot_guide.bench.match.multilingual import multilingual_section, run_and_write

    try:
        if not write:
            return multilingual_section(args.multilingual_set, lexical_only)
        default = MULTILINGUAL_LEXICAL_MARKDOWN if lexical_only else MULTILINGUAL_MARKDOWN
        report, text = run_and_write(args.multilingual_set, lexical_only, args.markdown, default)
    except BenchError as exc:
        raise CliError(str(exc)) from None
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else text)
    return report


def progress(quiet: bool) -> Callable[[str], Callable[[Iterable[Any]], Iterable[Any]]]:
    def labelled(label: str) -> Callable[[Iterable[Any]], Iterable[Any]]:
        def wrap(items: Iterable[Any]) -> Iterable[Any]:
            from tqdm import tqdm

            return tqdm(items, desc=label, file=sys.stderr, leave=False, disable=quiet)

        return wrap

    return labelled


def parse_kinds(text: str, lexical_only: bool) -> list[str]:
    if lexical_only:
        return ["lexical"]
    kinds = [kind.strip() for kind in text.split(",") if kind.strip()]
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown or not kinds:
        raise CliError(f"--matchers takes a comma-separated list of {', '.join(KINDS)}, got {text!r}")
    return kinds


def load_clinc_arg(path: Path) -> dict[str, Any]:
    from robot_guide.bench.match.clinc import load_clinc

    if not path.is_file():
        raise CliError(f"CLINC150 file not found: {path} (pass --clinc PATH to data_full.json)")
    try:
        return load_clinc(path)
    except (OSError, ValueError) as exc:
        raise CliError(
            f"cannot read CLINC150 from {path}: {exc} (pass --clinc PATH to a valid data_full.json)"
        ) from None


def command_line(args: argparse.Namespace) -> str:
    """The command as typed, with paths named by role (no path of this machine in the report)."""
    threads = os.environ.get("OPENBLAS_NUM_THREADS")  # changes the timings: part of the command
    words = [f"OPENBLAS_NUM_THREADS={threads}"] if threads else []
    words += ["robot-guide", "bench", "match"]
    words += ["--json"] if args.json else []
    words += ["--quick"] if args.quick else []
    words += ["--lexical-only"] if args.lexical_only else []
    words += ["--matchers", args.matchers] if args.matchers != ",".join(KINDS) else []
    words += ["--clinc", "CLINC150_JSON"] if args.clinc != DEFAULT_CLINC else []
    words += ["--markdown", args.markdown.name] if args.markdown is not None else []
    words += ["--cache", "CACHE_DIR"] if args.cache is not None else []
    words += ["--latency-rounds", str(args.latency_rounds)] if args.latency_rounds else []
    return " ".join(words)


def run(args: argparse.Namespace) -> int:
    from robot_guide.bench.match.markdown import markdown
    from robot_guide.bench.match.run import run_match_bench

    if args.multilingual:
        _bench_multilingual(args, args.lexical_only, write=True)
        return 0
    kinds = parse_kinds(args.matchers, args.lexical_only)
    if args.latency_rounds < 0:
        raise CliError(f"--latency-rounds takes a positive number of rounds, got {args.latency_rounds}")
    clinc = load_clinc_arg(args.clinc)
    if args.latency_rounds:
        return _latency_only(args, kinds, clinc)
    report = run_match_bench(clinc, kinds, bool(args.quick), progress(bool(args.quick)), args.cache)
    report["multilingual"] = _bench_multilingual(args, bool(args.quick) or args.lexical_only)
    report["command"] = command_line(args)
    markdown_path = args.markdown if args.markdown is not None else (None if args.quick else DEFAULT_MARKDOWN)
    if markdown_path is not None:
        markdown_path.parent.mkdir(parents=True, exist_ok=True)
        markdown_path.write_text(markdown(report), encoding="utf-8")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(markdown(report))
    return 0


def _latency_only(args: argparse.Namespace, kinds: list[str], clinc: dict[str, Any]) -> int:
    from datetime import UTC, datetime

    from robot_guide.bench.machine import machine
    from robot_guide.bench.match.latency import bench_latency, latency_markdown
    from robot_guide.bench.match.matchers import Embedders, unavailable

    missing = {kind: reason for kind in kinds if (reason := unavailable(kind))}
    if missing:
        raise CliError("; ".join(f"{kind}: {reason}" for kind, reason in missing.items()))
    embedders = Embedders(args.cache)
    report: dict[str, Any] = {
        "latency": bench_latency(clinc, kinds, args.latency_rounds, embedders, progress(False)),
        "machine": machine(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": command_line(args),
    }
    text = latency_markdown(report)
    markdown_path = args.markdown if args.markdown is not None else LATENCY_MARKDOWN
    markdown_path.parent.mkdir(parents=True, exist_ok=True)
    markdown_path.write_text(text, encoding="utf-8")
    print(json.dumps(report, indent=2) if args.json else text)
    return 0
