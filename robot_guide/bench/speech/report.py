"""The speech benchmark's targets (pass/fail) and Markdown table."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Target:
    key: str  # the report key it judges
    op: str  # "<=" or ">="
    limit: float
    unit: str

    def check(self, value: Any) -> bool | None:
        """True/False; None when nothing was measured (a missing value is never a pass)."""
        if not isinstance(value, int | float) or isinstance(value, bool) or math.isnan(value):
            return None
        return value <= self.limit if self.op == "<=" else value >= self.limit


TARGETS = (
    Target("eos_to_audio_p50_s", "<=", 0.30, "s"),
    Target("eos_to_audio_p95_s", "<=", 0.45, "s"),
    Target("cut_off_rate", "<=", 2.0, "%"),
    Target("answered_rate", ">=", 98.0, "%"),
    Target("wer_real", "<=", 3.5, "%"),
    Target("domain_term_accuracy", ">=", 95.0, "%"),
    Target("barge_in_success_at_0_5", ">=", 90.0, "%"),
    Target("false_barge_ins", "<=", 0.0, ""),
    Target("rss_mb", "<=", 700.0, "MB"),
)


def judge(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "key": t.key,
            "value": report.get(t.key),
            "target": f"{t.op} {t.limit:g} {t.unit}".rstrip(),
            "pass": t.check(report.get(t.key)),
        }
        for t in TARGETS
    ]


def _cell(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _verdict(passed: bool | None) -> str:
    return {True: "pass", False: "**FAIL**", None: "not measured"}[passed]


def markdown(report: dict[str, Any]) -> str:
    m = report["machine"]
    model = report["model"]
    lines = [
        "# Speech benchmark",
        "",
        f"Date: {report['date']}. Machine: {m['cpu']}, {m['cores']} cores, load average {m['load_avg']} "
        "at the end (shared with other jobs: timings are noisy).",
        f"Recogniser: {model['name']} ({model['compute_type']}, {model['cpu_threads']} threads, beam "
        f"{model['beam_size']}, fast window {model['fast_window']}), prompt from the knowledge base. "
        "WER and accuracy are percentages (0-100); latencies in seconds; memory in MB (10^6 bytes).",
        f"Command: `{report['command']}`",
        "",
        "| target | measured | wanted | verdict |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {t['key']} | {_cell(t['value'])} | {t['target']} | {_verdict(t['pass'])} |"
        for t in report["targets"]
    ]
    turns = report["turns"]
    processes = len(report["rss_by_node"])
    lines += [
        "",
        f"Through the real node set ({processes} node process{'es' if processes != 1 else ''}, private DDS "
        f"domain): {turns['answered']} of "
        f"{turns['asked']} spoken questions answered over {report['runs']} run(s); "
        "stages per answered turn, seconds.",
        "",
        "| stage | what | p50 | p95 | max | n |",
        "|---|---|---|---|---|---|",
    ]
    meaning = {
        "eos_detect": "end of speech -> end of speech detected",
        "transcribe": "end detected -> transcript ready",
        "reply": "transcript -> reply chosen",
        "audio_start": "reply chosen -> first audio chunk",
        "end_to_end": "end of speech -> first audio chunk",
    }
    for stage, summary in report["stages"].items():
        lines.append(
            f"| {stage} | {meaning.get(stage, '')} | {_cell(summary['p50'])} | {_cell(summary['p95'])} "
            f"| {_cell(summary['max'])} | {summary['n']} |"
        )
    lines += [
        "",
        f"Cut off mid-question (the listener made two utterances of one question): {turns.get('split')} "
        f"of {turns['asked']} ({_cell(report.get('cut_off_rate'))} %). Reply kinds: "
        + ", ".join(f"{getattr(kind, 'value', kind)} {n}" for kind, n in turns.get("reply_kinds", {}).items())
        + ".",
    ]
    if turns["missed"]:
        lines += ["", "Missed turns:", ""] + [f"- {miss}" for miss in turns["missed"]]
    lines += _echo_lines(report.get("echo"))
    real, synth, decode = report["real"], report["synth"], report["decode_median_s"]
    lines += [
        "",
        f"Word error rate: real recordings {_cell(report['wer_real'])} % over {real['clips']} clips "
        f"({real['words']} words); synthesised set {_cell(report['wer_synth'])} % over "
        f"{synth['clips']} clips. Decode-only median per clip: real "
        f"{_cell(decode['real'])} s, synthesised {_cell(decode['synth'])} s.",
        "",
        "Synthesised set, one factor at a time (speed: clean takes only; noise: at the centre rate only):",
        "",
        "| factor | level | WER % | words | domain-term accuracy % | recogniser alone % | terms |",
        "|---|---|---|---|---|---|---|",
    ]
    terms_by = report["domain_terms"].get("by", {})
    for factor, levels in report["wer_synth_by"].items():
        for level, value in levels.items():
            terms = terms_by.get(factor, {}).get(level, {})
            lines.append(
                f"| {factor} | {level} | {_cell(value['wer'])} | {value['words']} "
                f"| {_cell(terms.get('accuracy'))} | {_cell(terms.get('raw_accuracy'))} "
                f"| {_cell(terms.get('total'))} |"
            )
    lines += ["", *_domain_term_lines(report)]
    lines += [
        "",
        f"Memory of the node set as installed by default (`pip install robot_guide`, no extras): "
        f"dialogue_node matcher={_matcher(report)} (the default: semantic re-ranking, no torch); a tiny "
        "machine can measure `--node-param dialogue_node.matcher=lexical`. Nodes joined by + share one "
        "process (launch argument shared_process).",
        "",
        "| node process | RSS MB | peak MB | processes (with children) |",
        "|---|---|---|---|",
    ]
    for node, memory in report["rss_by_node"].items():
        lines.append(f"| {node} | {memory['rss_mb']} | {memory['peak_mb']} | {memory['processes']} |")
    if report["notes"]:
        lines += ["", "Notes:", ""] + [f"- {note}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


def _matcher(report: dict[str, Any]) -> str:
    return str(report.get("node_params", {}).get("dialogue_node", {}).get("matcher", "auto"))


def _domain_term_lines(report: dict[str, Any]) -> list[str]:
    """Headline over the whole synthesised set, the human-like voice apart, and each term."""
    terms = report["domain_terms"]
    lines = [
        f"Domain terms: {terms['hits']} of {terms['total']} occurrences reproduced in the text asr_node "
        f"publishes ({_cell(report['domain_term_accuracy'])} %); the recogniser alone (KB prompt, before "
        f"the KB term correction) {_cell(terms.get('raw_accuracy'))} %.",
    ]
    human = {
        level: value for level, value in terms.get("by", {}).get("voice", {}).items() if "piper" in level
    }
    if human:
        parts = ", ".join(
            f"{level} {_cell(value['accuracy'])} % of {value['total']}" for level, value in human.items()
        )
        lines.append(f"Human-like voice only: {parts}. The real recordings hold no domain terms (WER only).")
    else:
        lines.append(
            "Human-like voice: not measured in this run (piper not installed); the real recordings hold no "
            "domain terms, so every term above was spoken by espeak-ng."
        )
    by_term = terms.get("by_term", {})
    if by_term:
        lines += ["", "| term | said | published % | recogniser alone % |", "|---|---|---|---|"]
        for term, value in by_term.items():
            total = value["total"]
            lines.append(
                f"| {term} | {total} | {_cell(round(100.0 * value['hits'] / total, 1))} "
                f"| {_cell(round(100.0 * value['raw_hits'] / total, 1))} |"
            )
    return lines


def _echo_lines(echo: dict[str, Any] | None) -> list[str]:
    """The barge-in-through-echo sweep: one row per echo gain, over every delay, guest and onset."""
    if not echo:
        return []
    lines = [
        "",
        "Barge-in through the robot's echo (the real listener in fast time; echo delays "
        f"{echo['delays_s']} s, low-passed at {echo['lowpass_hz']:g} Hz, reverb tail {echo['reverb_s']} s; "
        f"guests talk over the robot's second answer at {echo['guest_at_s']} s). Success: {echo['success']}.",
        "",
        *_barge_in_table("echo gain", echo["by_gain"]),
    ]
    if echo["misses"]:
        lines += ["", "Barge-in misses:", ""] + [f"- {miss}" for miss in echo["misses"]]
    late = echo.get("late_far_end")
    if late:
        lines += [
            "",
            f"The far end late (robot/audio_out reaching the listener after the chunk played, as on a loaded "
            f"machine), echo gain {late['gain']:g}, the same delays, guests and onsets:",
            "",
            *_barge_in_table("far end late s", late["by_late_s"]),
        ]
    return lines


def _barge_in_table(first_column: str, rows: dict[str, dict[str, Any]]) -> list[str]:
    """One row per setting (an echo gain, a far-end lateness) of echo_sweep's barge-in figures."""
    lines = [
        f"| {first_column} | barge-in success % | stopped in time % | decision p50 s | trials "
        "| false barge-ins (echo alone) | echo heard as words |",
        "|---|---|---|---|---|---|---|",
    ]
    for setting, row in rows.items():
        lines.append(
            f"| {setting} | {_cell(row['barge_in_success'])} | {_cell(row['stopped_in_time'])} "
            f"| {_cell(row['decide_p50_s'])} | {row['trials']} | {row['false_barge_ins']} of "
            f"{row['echo_trials']} | {row['echo_heard']} |"
        )
    return lines
