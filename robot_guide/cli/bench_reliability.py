"""`robot-guide bench reliability`: fuzzing, knowledge attacks, soak, faults and floods, against targets."""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from robot_guide.cli.errors import CliError

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MARKDOWN = REPO_ROOT / "benchmarks" / "reliability.md"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "reliability",
        help="reliability benchmark: fuzzing, attack files, a soak, kill -9, turn-log faults, message floods",
    )
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object on stdout")
    parser.add_argument(
        "--markdown",
        type=Path,
        default=None,
        help=f"write the table here, and the JSON beside it (e.g. {DEFAULT_MARKDOWN})",
    )
    parser.add_argument(
        "--quick", action="store_true", help="small counts and dialogue_node only (a minute or two)"
    )
    parser.add_argument("--kb", type=Path, default=None, help="knowledge folder (default: the bundled one)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from robot_guide.bench.errors import BenchError
    from robot_guide.bench.machine import machine
    from robot_guide.bench.reliability.report import markdown
    from robot_guide.bench.reliability.run import FULL, QUICK, run_reliability
    from robot_guide.paths import clinc_file, default_knowledge_dir

    knowledge = args.kb or default_knowledge_dir()
    if not knowledge.is_dir():
        raise CliError(f"knowledge folder not found: {knowledge} (pass --kb DIR)")
    command = "robot-guide bench reliability " + " ".join(sys.argv[3:] if len(sys.argv) > 3 else [])
    report: dict = {
        "command": command.strip(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
    }
    started = time.monotonic()
    try:
        report |= run_reliability(QUICK if args.quick else FULL, knowledge, clinc_file(), _say)
    except BenchError as exc:
        raise CliError(str(exc)) from None
    report["total_s"] = round(time.monotonic() - started, 1)
    report["load_avg_end"] = [round(x, 2) for x in os.getloadavg()]
    # On a shared machine the wall time says more about the neighbours: CPU time (this process and every
    # child it waited for: kb checks, the nodes) is what the benchmark itself costs.
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    report["cpu_s"] = round(own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime, 1)
    if args.markdown is not None:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(markdown(report), encoding="utf-8")
        args.markdown.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2) if args.json else markdown(report))
    return 0


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
