"""`robot-guide bench NAME`: benchmarks with their targets (never timed unit tests)."""

from __future__ import annotations

import argparse
import importlib

BENCH_MODULES = {
    "match": "robot_guide.cli.bench_match",
    "speech": "robot_guide.cli.bench_speech",
    "perception": "robot_guide.cli.bench_perception",
    "reliability": "robot_guide.cli.bench_reliability",
    "calibrate": "robot_guide.cli.bench_calibrate",
    "fleet": "robot_guide.cli.bench_fleet",
}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="run a benchmark (match, speech, perception, reliability, fleet) or calibrate the matcher",
    )
    benches = parser.add_subparsers(dest="bench", metavar="BENCH", parser_class=type(parser))
    for module_name in BENCH_MODULES.values():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("robot_guide"):
                continue
            raise
        module.register(benches)
