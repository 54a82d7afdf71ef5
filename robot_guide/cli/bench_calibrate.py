"""`robot-guide bench calibrate penalty|thresholds`: offline calibration of the matcher's shipped defaults."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from robot_guide.bench.match.clinc import DEFAULT_CLINC
from robot_guide.bench.match.matchers import KINDS
from robot_guide.cli.bench_match import load_clinc_arg, parse_kinds
from robot_guide.cli.errors import CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "calibrate", help="pick the matcher's defaults on held-out data (copy them into matching/defaults.py)"
    )
    tools = parser.add_subparsers(dest="tool", metavar="TOOL", parser_class=type(parser))
    penalty = tools.add_parser(
        "penalty", help="strength of the unknown-content signal, per matcher (held-out paraphrases vs CLINC)"
    )
    thresholds = tools.add_parser(
        "thresholds", help="answer threshold and clarify margin on the summit KB, per matcher"
    )
    for tool in (penalty, thresholds):
        tool.add_argument("--clinc", type=Path, default=DEFAULT_CLINC, help="CLINC150 data_full.json")
        tool.add_argument(
            "--matchers", default="lexical,default", help=f"comma-separated, from {', '.join(KINDS)}"
        )
    penalty.set_defaults(handler=run_penalty)
    thresholds.set_defaults(handler=run_thresholds)
    parser.set_defaults(handler=lambda args: _missing_tool())


def _missing_tool() -> int:
    raise CliError("say what to calibrate: 'robot-guide bench calibrate penalty' or '... thresholds'")


def _runnable(text: str) -> list[str]:
    from robot_guide.bench.match.matchers import unavailable

    kinds = parse_kinds(text, lexical_only=False)
    for kind in kinds:
        reason = unavailable(kind)
        if reason:
            raise CliError(f"cannot calibrate {kind}: {reason}")
    return kinds


def run_penalty(args: argparse.Namespace) -> int:
    from robot_guide.bench.match.coverage_calibration import penalty_report
    from robot_guide.bench.match.summit_bench import load_summit

    kinds = _runnable(args.matchers)
    clinc = load_clinc_arg(args.clinc)
    print(json.dumps(penalty_report(load_summit(), clinc, kinds), indent=1))
    return 0


def run_thresholds(args: argparse.Namespace) -> int:
    from robot_guide.bench.match.matchers import Embedders
    from robot_guide.bench.match.summit_bench import bench_summit, load_summit

    kinds = _runnable(args.matchers)
    clinc = load_clinc_arg(args.clinc)
    off_topic = [q for q, _ in clinc["oos_train"]]
    report = bench_summit(load_summit(), off_topic, kinds, Embedders(), calibrate=True)
    print(json.dumps(report, indent=1))
    return 0
