"""`robot-guide ask`: the dialogue core without ROS, for the content team, scripts and tests."""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
import uuid
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from robot_guide.cli.errors import CliError
from robot_guide.contracts.messages import UNKNOWN_LANGUAGE, Decision, Reply, ReplyKind, Utterance


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "ask",
        help="ask the robot a question as text and print its reply (no ROS needed)",
        description="Prints the robot's reply. Use - to read one question per line from stdin.",
    )
    parser.add_argument("questions", nargs="+", metavar="QUESTION", help="the question, or - for stdin")
    parser.add_argument("--json", action="store_true", help="one JSON object per question")
    parser.add_argument("--kb", type=Path, help="knowledge folder (default: the bundled summit knowledge)")
    parser.add_argument(
        "--language",
        default=UNKNOWN_LANGUAGE,
        help="language of the questions (default: detected from each question's words)",
    )
    parser.add_argument("--post", default="main_entrance", help="where the robot stands (for directions)")
    parser.add_argument("--time", dest="clock", help="the clock for schedule answers, YYYY-MM-DD HH:MM")
    parser.add_argument(
        "--conversation", action="store_true", help="keep context between questions (follow-ups)"
    )
    parser.add_argument(
        "--semantic",
        choices=("auto", "on", "off"),
        default="on",
        help="semantic re-ranking (default on; off = words only)",
    )
    parser.set_defaults(handler=run)


def _questions(raw: list[str]) -> Iterable[str]:
    """Each question cleaned once at the boundary: undecodable bytes (from argv or stdin) and control
    characters never reach the dialogue or the JSON output, so one bad line cannot lose a whole batch."""
    from robot_guide.guide.text import clean_utterance

    for question in raw:
        if question == "-":
            if isinstance(sys.stdin, io.TextIOWrapper):
                sys.stdin.reconfigure(errors="replace")
            for line in sys.stdin:
                yield clean_utterance(line.rstrip("\n"))
        else:
            yield clean_utterance(question)


def run(args: argparse.Namespace) -> int:
    from robot_guide.cli.knowledge_arg import load_knowledge_arg
    from robot_guide.dialogue.config import DialogueConfig
    from robot_guide.dialogue.engine import DialogueEngine
    from robot_guide.matching import build_matcher

    now = datetime.now()
    if args.clock:
        try:
            now = datetime.strptime(args.clock, "%Y-%m-%d %H:%M")
        except ValueError:
            raise CliError(f"--time must be written YYYY-MM-DD HH:MM, got {args.clock!r}") from None
    _, kb = load_knowledge_arg(args.kb)
    semantic = {"auto": None, "on": True, "off": False}[args.semantic]
    try:
        matcher = build_matcher(kb, semantic=semantic)
    except ModuleNotFoundError as exc:
        raise CliError(f"{exc}; or use --semantic off") from None
    # Answers only, as the content team checks them: no hello in front of a "guest's" first words.
    config = DialogueConfig(post=args.post, greet_first_words=False)
    engine = DialogueEngine(kb, matcher, config)
    guest = "guest"
    for number, question in enumerate(_questions(args.questions)):
        if not args.conversation:
            guest = f"guest-{number}"  # a fresh guest per question: answers never depend on the one before
        started = time.perf_counter()
        utterance = Utterance(
            text=question, guest_id=guest, language=args.language, turn_id=uuid.uuid4().hex[:12]
        )
        replies = engine.on_utterance(utterance, now)
        seconds = time.perf_counter() - started
        reply = replies[-1] if replies else Reply(text="", kind=ReplyKind.SILENT, decision=Decision.FALLBACK)
        if args.json:
            print(json.dumps(_as_json(question, reply, seconds), ensure_ascii=False), flush=False)
        else:
            print(" ".join(r.text for r in replies) if replies else "")
    sys.stdout.flush()
    return 0


def _as_json(question: str, reply: Reply, seconds: float) -> dict[str, object]:
    return {
        "question": question,
        "reply": reply.text,
        "decision": reply.decision,
        "kind": reply.kind,
        "entry": reply.entry,
        "score": round(reply.score, 4),
        "language": reply.language,
        "ms": round(seconds * 1000, 3),
    }
