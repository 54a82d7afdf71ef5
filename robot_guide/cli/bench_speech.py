"""`robot-guide bench speech`: ASR accuracy and reply latency through the real node set, vs targets."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from robot_guide.cli.errors import CliError
from robot_guide.paths import DATA_ENV, source_tree, speech_clips_dir

DEFAULT_MARKDOWN = source_tree() / "benchmarks" / "speech.md"
LANGUAGES_MARKDOWN = source_tree() / "benchmarks" / "speech_languages.md"
LANGUAGE_QUESTIONS = 4  # per language
KB_QUESTIONS = 12
QUICK_KB_QUESTIONS = 2
NODE_NAMES = ("asr_node", "dialogue_node", "tts_node")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "speech",
        help="speech benchmark: WER, domain terms, end-of-speech -> reply audio through the node set, memory",
    )
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object on stdout")
    parser.add_argument(
        "--markdown",
        type=Path,
        default=None,
        help=f"table file; the JSON goes beside it as .json (default {DEFAULT_MARKDOWN}; partial runs: none)",
    )
    parser.add_argument("--quick", action="store_true", help="a tiny set and one run (smoke test, ~1 min)")
    parser.add_argument("--runs", type=int, default=None, help="times each question is asked (default 3)")
    parser.add_argument(
        "--speech-dir",
        type=Path,
        default=None,
        help=f"recordings with a transcripts.tsv (default: ${DATA_ENV}/speech, else ../shared/data/speech)",
    )
    parser.add_argument(
        "--questions", type=int, default=None, help=f"KB test questions to speak (default {KB_QUESTIONS})"
    )
    parser.add_argument(
        "--node-param",
        action="append",
        default=[],
        metavar="NODE.NAME=VALUE",
        help="extra node parameter for a tuning experiment, e.g. asr_node.end_silence_s=0.25 (repeatable)",
    )
    parser.add_argument(
        "--no-offline",
        action="store_true",
        help="skip the WER/domain-term decoding (node-set timing and memory only, for tuning experiments)",
    )
    parser.add_argument(
        "--no-echo",
        action="store_true",
        help="skip the barge-in-through-echo sweep (echo gains 0.1/0.3/0.5, delays 30-120 ms)",
    )
    parser.add_argument(
        "--log", type=Path, default=None, help="node log (default: state folder bench-speech.log)"
    )
    parser.add_argument(
        "--languages",
        action="store_true",
        help="per served language: language ID, CER/WER, answered rate, latency (speech_languages.md)",
    )
    parser.set_defaults(handler=run)


def parse_node_params(items: list[str]) -> dict[str, dict[str, str]]:
    """`asr_node.end_silence_s=0.25` -> {"asr_node": {"end_silence_s": "0.25"}}; bad items raise CliError."""
    params: dict[str, dict[str, str]] = {}
    for item in items:
        target, sep, value = item.partition("=")
        node, dot, name = target.partition(".")
        if not sep or not dot or not name or not value or node not in NODE_NAMES:
            raise CliError(
                f"--node-param {item!r}: write NODE.NAME=VALUE with NODE one of {', '.join(NODE_NAMES)}, "
                "e.g. asr_node.end_silence_s=0.25"
            )
        params.setdefault(node, {})[name] = value
    return params


def run(args: argparse.Namespace) -> int:
    from robot_guide.bench.errors import BenchError
    from robot_guide.bench.speech.real_clips import SpeechDirError, load_clips
    from robot_guide.bench.speech.report import markdown
    from robot_guide.bench.speech.run import SpeechBenchPlan, measure, say

    if args.languages:
        return run_languages(args)
    quick = bool(args.quick)
    runs = args.runs if args.runs is not None else (1 if quick else 3)
    if not 1 <= runs <= 20:
        raise CliError(f"--runs must be between 1 and 20, got {runs}")
    count = args.questions if args.questions is not None else (QUICK_KB_QUESTIONS if quick else KB_QUESTIONS)
    if not 0 <= count <= 100:
        raise CliError(f"--questions must be between 0 and 100, got {count}")
    node_params = parse_node_params(args.node_param)
    try:
        clips = load_clips((args.speech_dir or speech_clips_dir()).expanduser())
    except SpeechDirError as exc:
        hint = "" if args.speech_dir else f" (or set ${DATA_ENV} to the folder that holds speech/)"
        raise CliError(f"{exc}{hint}") from None
    # Partial runs (--quick, --no-offline, --no-echo) never overwrite the recorded benchmark unless asked to.
    partial = quick or args.no_offline or args.no_echo
    markdown_path = args.markdown if args.markdown is not None else (None if partial else DEFAULT_MARKDOWN)
    if markdown_path is not None and not markdown_path.parent.is_dir():
        raise CliError(
            f"--markdown {markdown_path}: folder {markdown_path.parent} not found; create it first"
        )

    plan = SpeechBenchPlan(
        clips=clips,
        questions=count,
        runs=runs,
        quick=quick,
        offline=not args.no_offline,
        echo=not args.no_echo,
        node_params=node_params,
        log_path=args.log,
    )
    try:
        report = measure(plan)
    except BenchError as exc:
        raise CliError(str(exc), exit_code=exc.exit_code) from None
    if markdown_path is not None:
        markdown_path.write_text(markdown(report), encoding="utf-8")
        markdown_path.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        say(f"wrote {markdown_path} and {markdown_path.with_suffix('.json')}")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(markdown(report))
    return 0


def run_languages(args: argparse.Namespace) -> int:
    from robot_guide.bench.errors import BenchError
    from robot_guide.bench.speech.languages import markdown, measure_languages
    from robot_guide.bench.speech.run import say
    from robot_guide.paths import state_dir

    count = args.questions if args.questions is not None else (1 if args.quick else LANGUAGE_QUESTIONS)
    if not 1 <= count <= 20:
        raise CliError(f"--questions must be between 1 and 20 with --languages, got {count}")
    markdown_path = (
        args.markdown if args.markdown is not None else (None if args.quick else LANGUAGES_MARKDOWN)
    )
    if markdown_path is not None and not markdown_path.parent.is_dir():
        raise CliError(
            f"--markdown {markdown_path}: folder {markdown_path.parent} not found; create it first"
        )
    log_path = args.log or state_dir() / "bench-speech-languages.log"
    try:
        report = measure_languages(count, log_path, say)
    except BenchError as exc:
        raise CliError(str(exc), exit_code=exc.exit_code) from None
    if markdown_path is not None:
        markdown_path.write_text(markdown(report), encoding="utf-8")
        markdown_path.with_suffix(".json").write_text(
            json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        say(f"wrote {markdown_path} and {markdown_path.with_suffix('.json')}")
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else markdown(report))
    return 0
