"""One `bench speech` run: question set, offline recogniser scores, timed turns through the node set."""

from __future__ import annotations

import gc
import shlex
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from robot_guide.bench.errors import BenchError
from robot_guide.bench.speech.asr_scoring import Progress
from robot_guide.bench.speech.real_clips import Clip

QUICK_EXTRAS = 2  # extra domain questions in a --quick run (all of them otherwise)


@dataclass(frozen=True)
class SpeechBenchPlan:
    """What one run measures; the command line checks the values before they get here."""

    clips: list[Clip]
    questions: int  # knowledge-base test questions to speak
    runs: int  # times each question is asked through the node set
    quick: bool = False
    offline: bool = True  # decode whole clips for WER and domain terms
    node_params: dict[str, dict[str, str]] | None = None
    echo: bool = True  # the barge-in-through-echo sweep
    log_path: Path | None = None  # node log; default: bench-speech.log in the state folder


def progress_bar(label: str) -> Progress:
    """A progress bar on stderr (stdout carries the report)."""

    def wrap(items: Iterable[Any]) -> Iterable[Any]:
        from tqdm import tqdm

        return tqdm(list(items), desc=label, file=sys.stderr, leave=False)

    return wrap


def say(message: str) -> None:
    print(f"bench speech: {message}", file=sys.stderr, flush=True)


def measure(
    plan: SpeechBenchPlan,
    progress: Callable[[str], Progress] = progress_bar,
    tell: Callable[[str], None] = say,
) -> dict[str, Any]:
    """The whole report (JSON-ready), with the targets judged; raises BenchError when it cannot run."""
    from robot_guide.bench.machine import machine
    from robot_guide.bench.speech import speech_set
    from robot_guide.bench.speech.nodeset_turns import nodeset_turns, turn_schedule
    from robot_guide.bench.speech.offline import no_offline_scores, offline_scores, synthesizers
    from robot_guide.bench.speech.report import judge
    from robot_guide.bench.speech.turn_timing import stage_summary
    from robot_guide.knowledge.loader import KnowledgeError, load_knowledge
    from robot_guide.knowledge.vocabulary import asr_prompt, domain_terms, transcript_terms_catalog
    from robot_guide.paths import default_knowledge_dir, state_dir
    from robot_guide.speech.listen.transcript_terms import TermCorrector

    try:
        kb = load_knowledge(default_knowledge_dir())
    except KnowledgeError as exc:
        raise BenchError(f"the bundled knowledge does not load ({exc}); run 'robot-guide kb check'") from None
    terms = domain_terms(kb)
    prompt = asr_prompt(kb)
    extras = QUICK_EXTRAS if plan.quick else len(speech_set.EXTRA_DOMAIN_QUESTIONS)
    questions = speech_set.guest_questions(kb, terms, plan.questions, extras)
    notes: list[str] = []

    voices, piper_note = synthesizers()
    if piper_note:
        notes.append(piper_note)
    set_plan = speech_set.default_plan(plan.quick, piper="piper" in voices)
    try:
        spoken = speech_set.render_set(questions, set_plan, voices, progress("rendering questions"))
    finally:
        for synthesizer in voices.values():
            synthesizer.close()
    tell(f"{len(questions)} questions, {len(spoken)} synthesised clips, {len(plan.clips)} real clips")

    if plan.offline:
        corrector = TermCorrector.from_catalog(transcript_terms_catalog(kb))  # as asr_node builds it
        offline = offline_scores(plan.clips, spoken, prompt, terms, set_plan.centre_rate, corrector, progress)
    else:
        offline = no_offline_scores()
        notes.append("--no-offline: WER and domain-term accuracy not measured in this run")
    if plan.echo:
        from robot_guide.bench.speech.echo_sweep import echo_sweep
        from robot_guide.paths import share_dir

        echo = echo_sweep(share_dir() / "sim" / "audio", tell, prompt)
    else:
        echo = None
        notes.append("--no-echo: barge-in through the robot's echo not measured in this run")
    gc.collect()  # the offline model is gone before the node set loads its own
    schedule = turn_schedule(spoken, questions, set_plan, plan.runs)
    log_path = plan.log_path or state_dir() / "bench-speech.log"
    nodeset = nodeset_turns(schedule, log_path, plan.node_params or {}, progress, tell)
    playback_speed = nodeset["params"].get("tts_node", {}).get("playback_speed")
    notes.append(
        f"node set: tts_node plays replies at playback_speed {playback_speed} so long answers do not slow "
        "the benchmark; the first audio chunk still leaves at once"
    )

    turns = nodeset["timings"]
    stages = stage_summary(turns)
    asked = nodeset["asked"]
    split = sum(1 for t in turns if t.utterances > 1)
    at_half = (echo or {}).get("by_gain", {}).get("0.5", {})
    memory = nodeset["memory"]
    report: dict[str, Any] = {
        "benchmark": "speech",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "robot-guide " + shlex.join(sys.argv[1:]) if sys.argv[1:] else "robot-guide bench speech",
        "quick": plan.quick,
        "runs": plan.runs,
        "units": {"wer": "percent 0-100", "latency": "seconds", "memory": "MB (10^6 bytes)"},
        "model": offline["model"],
        "eos_to_audio_p50_s": stages["end_to_end"]["p50"],
        "eos_to_audio_p95_s": stages["end_to_end"]["p95"],
        "wer_real": offline["wer_real"],
        "wer_synth": offline["wer_synth"],
        "domain_term_accuracy": offline["domain_term_accuracy"],
        # A question the listener cut into pieces: the guest was cut off mid-sentence.
        "cut_off_rate": round(100.0 * split / asked, 2) if asked else None,
        "answered_rate": round(100.0 * len(turns) / asked, 2) if asked else None,
        "barge_in_success_at_0_5": at_half.get("barge_in_success"),
        "false_barge_ins": echo["false_barge_ins"] if echo else None,
        "rss_mb": round(sum(float(m["rss_mb"]) for m in memory.values()), 1) if memory else None,
        "rss_peak_mb": round(sum(float(m["peak_mb"]) for m in memory.values()), 1) if memory else None,
        "rss_by_node": memory,
        "stages": stages,
        "turns": {
            "asked": nodeset["asked"],
            "answered": len(turns),
            "split": split,
            "missed": nodeset["missed"],
            "reply_kinds": dict(Counter(t.reply_kind for t in turns)),
        },
        "wer_synth_by": offline["wer_synth_by"],
        "domain_terms": offline["domain_terms"],
        "decode_median_s": offline["decode_median_s"],
        "real": offline["real"],
        "synth": {
            "clips": len(spoken),
            "questions": [q.text for q in questions],
            "voices": [v.label for v in set_plan.voices if v.engine in voices],
            "rates_wpm": list(set_plan.rates),
            "noises": [n.label for n in set_plan.noises],
            "design": f"every rate clean; every noise at {set_plan.centre_rate} wpm; every voice",
        },
        "echo": echo,
        "node_params": nodeset["params"],
        "notes": notes,
        "machine": machine(),
    }
    report["targets"] = judge(report)
    return report
