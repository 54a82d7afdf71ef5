"""`robot-guide report`: what guests asked that the robot could not answer: text, JSON, YAML stubs, HTML."""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path

from robot_guide.cli.errors import CliError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="unanswered and unsure questions from the turn log, grouped; stubs and an HTML page",
        description="Summarise the turn log for the content team.",
    )
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="turn log (default: $ROBOT_GUIDE_TURNLOG or ~/.local/state/robot_guide/turns.sqlite3)",
    )
    parser.add_argument("--days", type=float, default=None, help="only the last N days (default: everything)")
    parser.add_argument("--top", type=int, default=10, help="how many groups to list (default 10)")
    parser.add_argument(
        "--low-confidence",
        type=float,
        default=0.6,
        metavar="SCORE",
        help="answers scored below this count as unsure (default 0.6)",
    )
    parser.add_argument(
        "--stubs", type=Path, metavar="FILE", help="write unanswered groups as YAML entry stubs"
    )
    parser.add_argument(
        "--html", type=Path, metavar="FILE", help="write a self-contained HTML page with charts"
    )
    parser.add_argument(
        "--knowledge", type=Path, metavar="DIR", help="knowledge folder, to chart topics by the entries' tags"
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.set_defaults(handler=run)


def _entry_tags(folder: Path | None) -> Mapping[str, tuple[str, ...]] | None:
    if folder is None:
        return None
    from robot_guide.knowledge.loader import load_knowledge
    from robot_guide.knowledge.problems import KnowledgeError

    try:
        kb = load_knowledge(folder)
    except KnowledgeError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "invalid knowledge"
        raise CliError(
            f"--knowledge {folder}: {first} (run 'robot-guide kb check' for every problem)", 1
        ) from None
    return {entry.id: entry.tags for entry in kb.entries}


def _write(path: Path, text: str, what: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise CliError(
            f"cannot write the {what} to {path}: {exc.strerror or exc}; choose a writable path", 1
        ) from None


def run(args: argparse.Namespace) -> int:
    from robot_guide.turnlog.html import render_html
    from robot_guide.turnlog.report import build_report, format_text
    from robot_guide.turnlog.stubs import stubs_yaml
    from robot_guide.turnlog.turns import TurnLogError, default_turnlog_path, read_turns

    if args.top < 1:
        raise CliError(f"--top must be at least 1, got {args.top}")
    if args.days is not None and args.days <= 0:
        raise CliError(f"--days must be a positive number of days, got {args.days:g}")
    db: Path = args.db if args.db is not None else default_turnlog_path()
    since = datetime.now() - timedelta(days=args.days) if args.days is not None else None
    tags = _entry_tags(args.knowledge)
    try:
        turns = read_turns(db, since)
        older = len(read_turns(db)) if not turns and since is not None else 0
    except TurnLogError as exc:
        raise CliError(str(exc), 1) from None
    if not turns:
        if older:
            print(
                f"No turns in the last {args.days:g} days in {db} ({older} older turns); use a larger --days."
            )
        else:
            print(f"No turns logged yet in {db}.")
        return 0
    report = build_report(turns, top=args.top, low_confidence=args.low_confidence, entry_tags=tags)
    generated = datetime.now().replace(microsecond=0).isoformat(sep=" ")
    if args.stubs is not None:
        source = f"{db}, {report.first} to {report.last}"
        _write(args.stubs, stubs_yaml(report.unanswered_clusters, generated, source), "stubs")
    if args.html is not None:
        _write(args.html, render_html(report), "HTML page")
    if args.json:
        print(json.dumps(report.to_json_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_text(report))
        for path, what in ((args.stubs, "entry stubs"), (args.html, "HTML page")):
            if path is not None:
                print(f"Wrote the {what} to {path}")
    return 0
