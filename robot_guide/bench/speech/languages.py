"""`bench speech --languages`: per served language, language ID, CER/WER, answered rate and reply latency."""

from __future__ import annotations

import shlex
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from robot_guide.bench.errors import BenchError
from robot_guide.bench.speech.language_set import VOICES, language_questions, synthesise
from robot_guide.bench.speech.speech_set import (
    CLEAN,
    Condition,
    Question,
    SpokenQuestion,
    VoiceSpec,
    speech_bounds,
)
from robot_guide.bench.speech.wer import word_errors
from robot_guide.bench.stats import summarize

TARGETS = {"language_id": 90.0, "languages_answered": 4, "eos_to_audio_p50_s": 1.5, "rss_mb": 900.0}
READY_TIMEOUT_S = 240.0


def char_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edits, reference characters) over letters and digits only: scripts without spaces count fairly."""
    from rapidfuzz.distance import Levenshtein

    ref = [c for c in reference.casefold() if c.isalnum()]
    return Levenshtein.distance(ref, [c for c in hypothesis.casefold() if c.isalnum()]), len(ref)


def _spoken(language: str, entry: str, text: str) -> SpokenQuestion:
    voice, rate = VOICES[language]
    samples = synthesise(text, language, voice, rate)
    # The voiced part, not the take's edges: espeak-ng pads its own silence, which is no part of the wait.
    start, end = speech_bounds(samples)
    condition = Condition(VoiceSpec("espeak", voice), rate, CLEAN)
    return SpokenQuestion(Question(text, entry), condition, samples, start, end)


def measure_languages(
    per_language: int, log_path: Path, tell: Callable[[str], None], nodeset: bool = True
) -> dict[str, Any]:
    """The whole report (JSON-ready); raises BenchError when it cannot run."""
    from robot_guide.bench.machine import machine
    from robot_guide.knowledge.loader import KnowledgeError, load_knowledge
    from robot_guide.knowledge.speech_catalog import speech_catalogue
    from robot_guide.knowledge.vocabulary import asr_prompt
    from robot_guide.paths import default_knowledge_dir

    try:
        kb = load_knowledge(default_knowledge_dir())
    except KnowledgeError as exc:
        raise BenchError(f"the bundled knowledge does not load ({exc}); run 'robot-guide kb check'") from None
    catalogue = speech_catalogue(kb, asr_prompt(kb))
    questions = language_questions(kb, per_language)
    spoken = {lang: [_spoken(lang, entry, text) for entry, text in qs] for lang, qs in questions.items()}
    tell(f"{sum(len(v) for v in spoken.values())} questions in {', '.join(spoken)}")
    rows = _offline(spoken, kb.languages, catalogue.prompts, tell)
    memory: dict[str, Any] = {}
    if nodeset:
        memory = _through_nodeset(spoken, rows, log_path, tell)
    report: dict[str, Any] = {
        "benchmark": "speech_languages",
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": "robot-guide " + shlex.join(sys.argv[1:]) if sys.argv[1:] else "robot-guide bench speech",
        "per_language": per_language,
        "languages": rows,
        "rss_by_node": memory,
        "rss_mb": round(sum(float(m["rss_mb"]) for m in memory.values()), 1) if memory else None,
        "machine": machine(),
    }
    report["targets"] = judge(report)
    return report


def _offline(
    spoken: dict[str, list[SpokenQuestion]],
    served: tuple[str, ...],
    prompts: dict[str, str],
    tell: Callable[[str], None],
) -> dict[str, dict[str, Any]]:
    """Language ID and error rates of asr_node's recogniser (tiny.en, then base) on every clip."""
    from robot_guide.speech.listen.engines.faster_whisper import FasterWhisperTranscriber
    from robot_guide.speech.listen.engines.multilingual import MultilingualTranscriber

    transcriber = MultilingualTranscriber(FasterWhisperTranscriber(), served)
    transcriber.set_prompts(prompts)
    rows: dict[str, dict[str, Any]] = {}
    for language, items in spoken.items():
        right = chars = char_edits = words = word_edits = 0
        seconds: list[float] = []
        heard: list[dict[str, Any]] = []
        for item in items:
            started = time.perf_counter()
            transcript = transcriber.transcribe(item.samples, prompts.get("en"))
            seconds.append(time.perf_counter() - started)
            right += transcript.language == language
            edits, count = char_errors(item.question.text, transcript.text)
            char_edits, chars = char_edits + edits, chars + count
            edits, count = word_errors(item.question.text, transcript.text)
            word_edits, words = word_edits + edits, words + count
            heard.append(
                {
                    "said": item.question.text,
                    "heard": transcript.text,
                    "language": transcript.language,
                    "language_confidence": round(transcript.language_confidence, 3),
                }
            )
        tell(f"{language}: language ID {right}/{len(items)}")
        rows[language] = {
            "voice": f"espeak-ng {VOICES[language][0]}, {VOICES[language][1]} wpm",
            "clips": len(items),
            "language_id": round(100.0 * right / len(items), 1) if items else None,
            "cer": round(100.0 * char_edits / chars, 1) if chars else None,
            "wer": round(100.0 * word_edits / words, 1) if words else None,
            "decode": summarize(seconds),
            "heard": heard,
        }
    return rows


def _through_nodeset(
    spoken: dict[str, list[SpokenQuestion]],
    rows: dict[str, dict[str, Any]],
    log_path: Path,
    tell: Callable[[str], None],
) -> dict[str, Any]:
    """Each question once through the real node set: answered in its language, end of speech to audio."""
    from robot_guide.bench.nodeset_probe import NodeSetProbe, ProbeError
    from robot_guide.contracts.messages import Decision

    probe = NodeSetProbe(log_path)
    try:
        probe.start()
        tell(f"starting the node set (log: {log_path})")
        probe.wait_ready(READY_TIMEOUT_S)
        probe.ask(spoken["en"][-1])  # warm-up turn, not counted
        for language, items in spoken.items():
            answered = 0
            latencies: list[float] = []
            turns: list[dict[str, Any]] = []
            for item in items:
                outcome = probe.ask(item)
                reply = outcome.reply
                in_language = (
                    reply is not None and reply.decision is Decision.ANSWER and reply.language == language
                )
                answered += in_language
                if outcome.timing is not None:
                    latencies.append(outcome.timing.stages()["end_to_end"])
                turns.append(
                    {
                        "said": item.question.text,
                        "heard": " | ".join(f"[{u.language}] {u.text}" for u in outcome.heard),
                        "reply": reply.text if reply else "",
                        "reply_language": reply.language if reply else None,
                        "answered_in_language": in_language,
                        "problem": outcome.problem,
                    }
                )
            tell(f"{language}: answered in language {answered}/{len(items)}")
            rows[language]["answered"] = round(100.0 * answered / len(items), 1) if items else None
            rows[language]["eos_to_audio"] = summarize(latencies)
            rows[language]["turns"] = turns
        probe.wait_quiet()
        return probe.memory()
    except ProbeError as exc:
        raise BenchError(str(exc), exit_code=1) from None
    finally:
        probe.close()


def judge(report: dict[str, Any]) -> dict[str, Any]:
    rows = report["languages"]
    others = {lang: row for lang, row in rows.items() if lang != "en"}
    ids = [row["clips"] * (row["language_id"] or 0) / 100 for row in rows.values()]
    clips = sum(row["clips"] for row in rows.values())
    language_id = round(100.0 * sum(ids) / clips, 1) if clips else None
    answering = sum(1 for row in others.values() if (row.get("answered") or 0) > 0)
    p50s = [row.get("eos_to_audio", {}).get("p50") for row in others.values()]
    p50 = max((p for p in p50s if p is not None), default=None)
    return {
        "language_id": {"value": language_id, "target": TARGETS["language_id"]},
        "languages_answered": {
            "value": answering,
            "of": len(others),
            "target": TARGETS["languages_answered"],
        },
        "worst_other_language_eos_to_audio_p50_s": {"value": p50, "target": TARGETS["eos_to_audio_p50_s"]},
        "rss_mb": {"value": report["rss_mb"], "target": TARGETS["rss_mb"]},
    }


def markdown(report: dict[str, Any]) -> str:
    """benchmarks/speech_languages.md: the per-language table, the targets, what each clip was heard as."""
    lines = [
        "# Speech benchmark: languages",
        "",
        f"Command: `{report['command']}`  ",
        f"Date: {report['date']}  ",
        f"Machine: {report['machine']}",
        "",
        "| language | voice | language ID % | CER % | WER % | answered in language % "
        "| EOS to audio p50 / p95 s |",
        "|---|---|---|---|---|---|---|",
    ]
    for lang, row in report["languages"].items():
        latency = row.get("eos_to_audio") or {}
        lines.append(
            f"| {lang} | {row['voice']} | {row['language_id']} | {row['cer']} | {row['wer']} | "
            f"{row.get('answered')} | {latency.get('p50')} / {latency.get('p95')} |"
        )
    lines += ["", "| target | value | target |", "|---|---|---|"]
    for name, judged in report["targets"].items():
        lines.append(f"| {name} | {judged['value']} | {judged['target']} |")
    lines += ["", "## What each question was heard as", ""]
    for lang, row in report["languages"].items():
        for clip in row["heard"]:
            decision = f"[{clip['language']} {clip['language_confidence']}]"
            lines.append(f"- {lang}: {clip['said']} -> {decision} {clip['heard']}")
    return "\n".join(lines) + "\n"
