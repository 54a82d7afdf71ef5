"""`robot-guide fleet status|ask|record`: the robots on this ROS domain, seen from the operator's machine."""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import threading
import time
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from robot_guide.cli.errors import CliError

if TYPE_CHECKING:
    from robot_guide.contracts.fleet import FleetTurn

_ROBOT_NAME = re.compile(r"^/?[A-Za-z][A-Za-z0-9_]*(/[A-Za-z][A-Za-z0-9_]*)*$")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "fleet", help="the robots on this ROS domain: status, ask one a question, record their turns"
    )
    commands = parser.add_subparsers(dest="fleet_command", metavar="ACTION", parser_class=type(parser))

    status = commands.add_parser(
        "status",
        help="list the robots: post, knowledge version and source, health, last turn, answer rate today",
    )
    status.add_argument("--json", action="store_true", help="one JSON object per robot (a JSON list)")
    status.add_argument(
        "--wait",
        type=float,
        default=3.0,
        help="seconds to listen for robots, longer while new ones still show up (default 3)",
    )
    status.set_defaults(handler=run_status)

    ask = commands.add_parser("ask", help="send a typed question to one robot's dialogue and print its reply")
    ask.add_argument("robot", metavar="ROBOT", help="the robot's namespace, e.g. r1")
    ask.add_argument("question", metavar="QUESTION")
    ask.add_argument("--json", action="store_true", help="print the reply object")
    ask.add_argument("--timeout", type=float, default=15.0, help="seconds to wait for the reply (default 15)")
    ask.set_defaults(handler=run_ask)

    record = commands.add_parser(
        "record", help="collect every robot's turns into one SQLite turn log (de-duplicated) until Ctrl-C"
    )
    record.add_argument("--db", type=Path, required=True, metavar="FILE", help="the fleet turn log")
    record.add_argument("--duration", type=float, default=None, help="stop after this many seconds")
    record.set_defaults(handler=run_record)

    parser.set_defaults(handler=lambda args: _missing_action())


def _missing_action() -> int:
    raise CliError("say what to do: 'robot-guide fleet status', 'fleet ask ROBOT QUESTION' or 'fleet record'")


def robot_name(text: str) -> str:
    if not _ROBOT_NAME.match(text):
        raise CliError(f"{text!r} is not a robot namespace (letters, digits, _; e.g. r1 or hall_a/r2)")
    return text.strip("/")


def _domain() -> str:
    return os.environ.get("ROS_DOMAIN_ID", "0")


def _positive(value: float, option: str) -> float:
    if not value > 0:
        raise CliError(f"{option} must be a positive number of seconds, got {value:g}")
    return value


def run_status(args: argparse.Namespace) -> int:
    from robot_guide.ros.fleet_client import FleetClient, status_rows

    wait = _positive(args.wait, "--wait")
    client = FleetClient()
    try:
        beats = client.discover(wait)
    finally:
        client.close()
    rows = status_rows(beats.values(), time.time())
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        print(f"no robots on ROS_DOMAIN_ID={_domain()} (listened {args.wait:g} s)")
    else:
        for row in rows:
            print(_status_line(row))
    return 0 if rows else 1


def _status_line(row: dict[str, Any]) -> str:
    source = row["knowledge_source"]
    if row["published_by"]:
        source += f" by {row['published_by']}"
    levels = {0: "OK", 1: "WARN", 2: "ERROR", 3: "STALE"}
    respawns = "?" if row["respawns"] is None else str(row["respawns"])
    last = (
        datetime.fromtimestamp(row["last_turn"]).isoformat(sep=" ", timespec="seconds")
        if row["last_turn"]
        else "none"
    )
    rate = row["answer_rate_today"]
    answered = f"{rate:.0%} of {row['questions_today']}" if rate is not None else "no questions"
    refused = f"  last publish refused: {row['refusal']}" if row["refusal"] else ""
    return (
        f"{row['namespace']:<12} post {row['post']:<16} knowledge {row['knowledge_version']} ({source})  "
        f"{'ready' if row['ready'] else 'not ready'}, respawns {respawns}, "
        f"diagnostics {levels.get(row['diagnostics_level'], '?')}  last turn {last}  "
        f"answered today {answered}{refused}"
    )


def run_ask(args: argparse.Namespace) -> int:
    from robot_guide.guide.text import clean_utterance
    from robot_guide.ros.fleet_client import FleetClient

    robot = robot_name(args.robot)
    question = clean_utterance(args.question)
    if not question.strip():
        raise CliError("the question is empty; write what a guest would ask")
    timeout = _positive(args.timeout, "--timeout")
    client = FleetClient()
    try:
        reply = client.ask(robot, question, timeout)
    finally:
        client.close()
    if reply is None:
        raise CliError(
            f"no reply from robot {robot} within {args.timeout:g} s on ROS_DOMAIN_ID={_domain()} "
            "(is it running? 'robot-guide fleet status' lists the robots)",
            exit_code=1,
        )
    if args.json:
        print(json.dumps(asdict(reply), ensure_ascii=False))
    else:
        print(reply.text)
    return 0


def run_record(args: argparse.Namespace) -> int:
    from robot_guide.ros.fleet_client import FleetClient
    from robot_guide.turnlog.fleet_store import FleetTurnStore, turn_of
    from robot_guide.turnlog.turns import TurnLogError

    duration = _positive(args.duration, "--duration") if args.duration is not None else None
    try:
        store = FleetTurnStore(args.db)
    except TurnLogError as exc:
        raise CliError(str(exc), 1) from None
    lock = threading.Lock()
    counts = {"new": 0, "repeated": 0}

    def on_turn(turn: FleetTurn) -> None:
        with lock:
            added = store.add(turn.turn_id, turn_of(turn))
            counts["new" if added else "repeated"] += 1
        if added:
            print(f"{turn.robot} {turn.time} {turn.question!r} -> {turn.reply_kind}", flush=True)

    # The handler only sets a flag: an Event set inside a handler can deadlock with the wait it interrupts.
    stopped = [False]
    signal.signal(signal.SIGTERM, lambda *_: stopped.__setitem__(0, True))
    client = FleetClient()
    try:
        client.collect_turns(on_turn)
        print(f"recording the fleet's turns into {args.db}; Ctrl-C stops", flush=True)
        until = None if duration is None else time.monotonic() + duration
        while not stopped[0] and (until is None or time.monotonic() < until):
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        client.close()
        with lock:
            total = store.count()
            store.close()
    print(f"{counts['new']} new turns, {counts['repeated']} already recorded; {args.db} holds {total} turns")
    return 0
