"""`robot-guide kb check|test|vocab|coverage`: validate the knowledge folder, run its regression questions."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TYPE_CHECKING

from robot_guide.cli.errors import CliError

if TYPE_CHECKING:
    from robot_guide.knowledge.model import KnowledgeBase
    from robot_guide.knowledge.problems import Problem
    from robot_guide.matching.result import Matcher

_SEMANTIC = {"auto": None, "on": True, "off": False}


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("kb", help="check the knowledge files and run their test questions")
    commands = parser.add_subparsers(dest="kb_command", metavar="ACTION", parser_class=type(parser))

    check = commands.add_parser(
        "check",
        help="validate every file and lint the content; exit 1 on errors",
        description="Prints every problem as file:line:column: message, then a summary.",
    )
    _add_common(check)
    check.set_defaults(handler=run_check)

    test = commands.add_parser(
        "test",
        help="ask every test question and compare with its expected entry; exit 1 on a failure",
        description="Entry tests must be answered by their entry; folder tests by `expect` (or fallback).",
    )
    _add_common(test)
    test.add_argument("--json", action="store_true", help="print the whole report as JSON")
    test.add_argument("--verbose", action="store_true", help="also show where each test is written")
    test.set_defaults(handler=run_test)

    coverage = commands.add_parser(
        "coverage",
        help="print which entries, persona lines, venues and sessions have text in each language",
        description="One row per item, one column per language the knowledge serves: ok, partial or -.",
    )
    coverage.add_argument("folder", nargs="?", type=Path, metavar="DIR", help="knowledge folder")
    coverage.add_argument("--json", action="store_true", help="print the table as JSON")
    coverage.add_argument("--missing", action="store_true", help="only the rows missing some language")
    coverage.set_defaults(handler=run_coverage)

    vocab = commands.add_parser("vocab", help="print the domain terms and the speech recogniser prompt")
    vocab.add_argument("folder", nargs="?", type=Path, metavar="DIR", help="knowledge folder")
    vocab.set_defaults(handler=run_vocab)

    publish = commands.add_parser(
        "publish",
        help="check a folder, then send it to every robot on this ROS domain and wait for each to confirm",
        description="Nothing is sent when the folder has errors. Prints one line per robot: served, "
        "refused (with the reason) or no answer; exit 1 unless every robot serves it.",
    )
    publish.add_argument("folder", type=Path, metavar="DIR", help="the knowledge folder to publish")
    publish.add_argument(
        "--to", nargs="+", default=(), metavar="ROBOT", help="only these robots (namespaces); default: all"
    )
    publish.add_argument(
        "--timeout", type=float, default=30.0, help="seconds to wait for the robots (default 30)"
    )
    publish.set_defaults(handler=run_publish)

    parser.set_defaults(handler=lambda args: _missing_action())


def _missing_action() -> int:
    raise CliError(
        "say what to do: 'robot-guide kb check', 'robot-guide kb test', 'robot-guide kb coverage'"
        " or 'robot-guide kb vocab'"
    )


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", nargs="?", type=Path, metavar="DIR", help="knowledge folder (default: the summit knowledge)"
    )
    parser.add_argument(
        "--semantic",
        choices=tuple(_SEMANTIC),
        default="on",
        help="semantic re-ranking in the matcher (default on; off = words only)",
    )


def _folder(args: argparse.Namespace) -> Path:
    from robot_guide.paths import default_knowledge_dir

    return Path(args.folder) if args.folder else default_knowledge_dir()


def _count_files(folder: Path) -> int:
    from robot_guide.knowledge.loader import knowledge_files

    try:
        return len(knowledge_files(folder)) if folder.is_dir() else 0
    except OSError:
        return 0


def _matcher(kb: KnowledgeBase, semantic: str) -> Matcher:
    from robot_guide.matching import build_matcher

    return build_matcher(kb, semantic=_SEMANTIC[semantic])


def run_check(args: argparse.Namespace) -> int:
    return 1 if _check_folder(_folder(args), args.semantic) else 0


def _check_folder(folder: Path, semantic: str) -> int:
    """Print every problem and the summary, as `kb check` does; the number of errors."""
    from robot_guide.knowledge.loader import check_knowledge
    from robot_guide.matching.kb_checks import lint

    kb, problems = check_knowledge(folder)
    if kb is not None:
        problems = problems + lint(kb, _matcher(kb, semantic)) + _unspoken_languages(kb)
    for problem in problems:
        print(problem)
    errors = sum(1 for problem in problems if problem.is_error)
    warnings = len(problems) - errors
    files = _count_files(folder)
    print(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} in {files} files")
    return errors


def run_publish(args: argparse.Namespace) -> int:
    import getpass
    import os
    import socket
    import time
    import uuid

    from robot_guide.cli.fleet import robot_name
    from robot_guide.knowledge.bundle import BundleError, make_bundle

    if not args.timeout > 0:
        raise CliError(f"--timeout must be a positive number of seconds, got {args.timeout:g}")
    targets = tuple(robot_name(name) for name in args.to)
    errors = _check_folder(args.folder, "off")
    if errors:
        print(f"not published: fix the {errors} error(s) above; nothing was sent")
        return 1
    try:
        bundle = make_bundle(
            args.folder, uuid.uuid4().hex, getpass.getuser(), socket.gethostname(), time.time(), targets
        )
    except (BundleError, OSError) as exc:
        raise CliError(f"not published: {exc}", exit_code=1) from None
    size_kb = len(bundle.to_json().encode("utf-8")) / 1024
    print(
        f"publishing knowledge {bundle.version} ({len(bundle.files)} files, {size_kb:.0f} KB) "
        f"as {bundle.publisher} on ROS_DOMAIN_ID={os.environ.get('ROS_DOMAIN_ID', '0')}",
        flush=True,
    )
    from robot_guide.ros.fleet_client import Confirmation, FleetClient

    client = FleetClient()
    try:
        answers = client.publish(bundle, args.timeout)
    finally:
        client.close()
    if not answers:
        print(f"no robot answered within {args.timeout:g} s (is any robot running on this domain?)")
        return 1
    for answer in answers:
        print(f"{answer.robot}: {answer.outcome.value}: {answer.detail}")
    served = sum(1 for a in answers if a.outcome is Confirmation.SERVED)
    print(f"{served} of {len(answers)} robots serve {bundle.version}")
    return 0 if served == len(answers) else 1


def _unspoken_languages(kb: KnowledgeBase) -> list[Problem]:
    """Declared languages the robot cannot say numbers, times and dates in (it says those in English)."""
    from robot_guide.guide.spoken_i18n import SPOKEN_LANGUAGES
    from robot_guide.knowledge.lint import problem_at

    return [
        problem_at(
            kb,
            kb.language_settings.source,
            f"language '{code}': the robot cannot say numbers, times and dates in it yet, so programme"
            f" answers come in English (it can in {', '.join(SPOKEN_LANGUAGES)}; see guide/spoken_i18n.py)",
            "warning",
        )
        for code in kb.languages
        if code not in SPOKEN_LANGUAGES
    ]


def _load_or_report(folder: Path) -> KnowledgeBase | None:
    from robot_guide.knowledge.loader import check_knowledge

    kb, problems = check_knowledge(folder)
    if kb is None:
        for problem in problems:
            print(problem)
        print(f"cannot run the tests: {len(problems)} problem(s) in the knowledge (fix them, see 'kb check')")
    return kb


def run_test(args: argparse.Namespace) -> int:
    from robot_guide.matching.kb_checks import run_kb_tests

    kb = _load_or_report(_folder(args))
    if kb is None:
        return 1
    report = run_kb_tests(kb, _matcher(kb, args.semantic))
    if args.json:
        print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
        return 0 if report.ok else 1
    for result in report.results:
        mark = "PASS" if result.passed else "FAIL"
        detail = f"-> {result.got}" if result.passed else f"expected {result.test.expect}, got {result.got}"
        language = f"[{result.test.language}] " if result.test.language != "en" else ""
        line = f"{mark} {result.score:.2f}  {language}{result.test.ask!r} {detail}"
        if (args.verbose or not result.passed) and result.test.source:
            line += f"  ({result.test.source})"
        print(line)
    for count in report.by_language():
        note = "" if count.gated else "  (reported only: not in tests_must_pass)"
        print(f"{count.language}: {count.passed}/{count.total} passed{note}")
    reported_only = sum(1 for r in report.results if not r.passed and not report.is_gated(r.test.language))
    note = f" ({reported_only} of them reported only)" if reported_only else ""
    print(f"{report.passed} passed, {report.failed} failed{note}")
    return 0 if report.ok else 1


def _load_or_fail(folder: Path) -> KnowledgeBase:
    from robot_guide.knowledge.loader import KnowledgeError, load_knowledge

    try:
        return load_knowledge(folder)
    except KnowledgeError as exc:
        raise CliError(
            f"{len(exc.problems)} problem(s) in {folder}, first: {exc.problems[0]}"
            " (run 'robot-guide kb check')",
            exit_code=1,
        ) from None


def run_coverage(args: argparse.Namespace) -> int:
    from robot_guide.cli.kb_coverage import print_coverage

    print_coverage(_load_or_fail(_folder(args)), as_json=args.json, missing_only=args.missing)
    return 0


def run_vocab(args: argparse.Namespace) -> int:
    from robot_guide.knowledge.vocabulary import asr_prompt, domain_terms

    kb = _load_or_fail(_folder(args))
    print("terms:", ", ".join(domain_terms(kb)))
    print("prompt:", asr_prompt(kb))
    return 0
