"""`robot-guide bench perception`: face detectors compared on the shipped frames; perception_node's CPU."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from robot_guide.cli.errors import CliError

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MARKDOWN = REPO_ROOT / "benchmarks" / "perception.md"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "perception",
        help="perception benchmark: detectors on the shipped frames, CPU per frame and at 10 fps",
    )
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object on stdout")
    parser.add_argument(
        "--markdown",
        type=Path,
        default=None,
        help=f"write the table here, and the JSON beside it (e.g. {DEFAULT_MARKDOWN})",
    )
    parser.add_argument("--seconds", type=float, default=20.0, help="how long perception_node is fed frames")
    parser.add_argument("--no-node", action="store_true", help="skip starting perception_node (core only)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if not 2.0 <= args.seconds <= 600.0:
        raise CliError("--seconds must be between 2 and 600")
    from robot_guide.bench.machine import machine
    from robot_guide.bench.perception.detection_range import detection_range
    from robot_guide.bench.perception.detectors import compare
    from robot_guide.bench.perception.frame_set import frame_set
    from robot_guide.bench.perception.pipeline_cost import pipeline_cost
    from robot_guide.bench.perception.report import markdown
    from robot_guide.perception.config import PerceptionConfig

    command = "robot-guide bench perception " + " ".join(sys.argv[3:] if len(sys.argv) > 3 else [])
    report: dict = {
        "command": command.strip(),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
    }
    frames = frame_set()
    config = PerceptionConfig()
    report["frames"] = len(frames)
    progress = sys.stderr
    print(f"bench perception: {len(frames)} frames, comparing detectors ...", file=progress)
    report["detectors"] = compare(frames, config=config)
    print("bench perception: detection range ...", file=progress)
    report["range"] = detection_range(config)
    print("bench perception: cost per frame of the whole core ...", file=progress)
    report["pipeline"] = pipeline_cost(frames, config)
    if not args.no_node:
        from robot_guide.bench.perception.node_cost import node_cost

        print(f"bench perception: perception_node at 10 fps for {args.seconds:g} s ...", file=progress)
        shipped = [frame for frame in frames if ":" not in frame.name]
        report["node"] = node_cost(shipped, args.seconds, 10.0, log=progress)
    if args.markdown is not None:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(markdown(report), encoding="utf-8")
        args.markdown.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2) if args.json else markdown(report))
    return 0
