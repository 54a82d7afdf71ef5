"""`robot-guide bench fleet`: N dialogue-only robots on one domain: discovery, publish-to-serving, RSS."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from robot_guide.cli.errors import CliError

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_MARKDOWN = REPO_ROOT / "benchmarks" / "fleet.md"


def _numbers(text: str, kind: type[float] | type[int], option: str) -> list:
    try:
        values = [kind(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise CliError(f"{option} takes numbers separated by commas, got {text!r}") from None
    if any(value <= 0 for value in values):
        raise CliError(f"{option} takes positive numbers, got {text!r}")
    return values


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fleet", help="fleet benchmark: N robots on one domain, publish-to-serving time, bundle sizes, RSS"
    )
    parser.add_argument("--robots", default="3,10", help="fleet sizes to run, e.g. 3,10,20 (default 3,10)")
    parser.add_argument("--publishes", type=int, default=3, help="knowledge edits published per fleet")
    parser.add_argument(
        "--sizes", default="1,4,8", help="bundle sizes in MB, sent to the smallest fleet (default 1,4,8)"
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument(
        "--markdown",
        type=Path,
        default=None,
        help=f"update the measured section here (e.g. {DEFAULT_MARKDOWN})",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from robot_guide.bench.errors import BenchError
    from robot_guide.bench.fleet.measure import measure_fleet
    from robot_guide.bench.fleet.report import measured_section, write_markdown
    from robot_guide.bench.machine import machine
    from robot_guide.contracts.fleet import MAX_BUNDLE_BYTES

    counts = _numbers(args.robots, int, "--robots")
    sizes = _numbers(args.sizes, float, "--sizes")
    if any(size * 1e6 > MAX_BUNDLE_BYTES for size in sizes):
        raise CliError(f"--sizes: the fleet limit is {MAX_BUNDLE_BYTES / 1e6:.1f} MB per bundle")
    if not 1 <= args.publishes <= 50:
        raise CliError("--publishes must be between 1 and 50")
    report: dict = {
        "command": "robot-guide bench fleet " + " ".join(sys.argv[3:]),
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": machine(),
        "fleets": [],
    }
    smallest = min(counts)
    for count in counts:
        print(f"bench fleet: {count} robots ...", file=sys.stderr, flush=True)
        chosen = sizes if count == smallest else []
        try:
            report["fleets"].append(measure_fleet(count, args.publishes, chosen, sys.stderr))
        except BenchError as exc:  # a fleet too large for this machine is a result, not the end of the run
            print(str(exc), file=sys.stderr, flush=True)
            report["fleets"].append({"robots": count, "failed": str(exc)})
    if args.markdown is not None:  # the JSON first: the measurements outlive any problem in the rendering
        args.markdown.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        write_markdown(args.markdown, report)
    print(json.dumps(report, indent=2) if args.json else measured_section(report))
    return 0
