"""The multilingual table of `bench match`: per language, typed questions with no language given answered
with the right entry in the guest's language, and off-topic questions refused, on a held-out set."""

from __future__ import annotations

import statistics
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import yaml

from robot_guide.bench.errors import BenchError
from robot_guide.contracts.messages import UNKNOWN_LANGUAGE, Decision, Utterance
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.engine import DialogueEngine
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.matching.result import Matcher

FALLBACK = "fallback"
NOW = datetime(2025, 10, 18, 10, 0)  # during the summit, so programme questions are answered as on the day
TARGET_PCT = 90.0


@dataclass(frozen=True)
class LanguageRow:
    language: str
    on_topic: int
    right: int  # the expected entry, answered in this language
    wrong_language: int  # the expected entry, but not in this language (detection or a missing translation)
    off_topic: int
    refused: int
    p50_ms: float  # detection, parsing and matching of one question

    @property
    def right_pct(self) -> float:
        return round(100.0 * self.right / self.on_topic, 1) if self.on_topic else 0.0

    @property
    def refused_pct(self) -> float:
        return round(100.0 * self.refused / self.off_topic, 1) if self.off_topic else 0.0


def load_set(path: Path) -> dict[str, list[tuple[str, str]]]:
    """{language: [(question, expected entry id or "fallback")]}; a malformed file is a BenchError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise BenchError(f"cannot read the multilingual set {path}: {exc}") from None
    if not isinstance(data, dict):
        raise BenchError(f"{path}: expected languages as keys, each with a list of {{ask, expect}}")
    questions: dict[str, list[tuple[str, str]]] = {}
    for language, items in data.items():
        if not isinstance(items, list) or not all(
            isinstance(i, dict) and "ask" in i and "expect" in i for i in items
        ):
            raise BenchError(f"{path}: '{language}' must be a list of {{ask: ..., expect: ...}}")
        questions[str(language)] = [(str(i["ask"]), str(i["expect"])) for i in items]
    return questions


def run_multilingual(
    kb: KnowledgeBase, matcher: Matcher, questions: Mapping[str, list[tuple[str, str]]]
) -> list[LanguageRow]:
    """Each question from a new guest, typed with no language, through the real dialogue engine."""
    unknown = sorted(
        {e for items in questions.values() for _, e in items} - {FALLBACK} - {e.id for e in kb.entries}
    )
    if unknown:
        raise BenchError(f"the multilingual set expects entries the knowledge lacks: {', '.join(unknown)}")
    engine = DialogueEngine(kb, matcher, DialogueConfig(greet_first_words=False))
    rows = []
    for language, items in questions.items():
        right = wrong_language = on_topic = off_topic = refused = 0
        times: list[float] = []
        for number, (question, expect) in enumerate(items):
            started = time.perf_counter()
            replies = engine.on_utterance(Utterance(question, f"{language}-{number}", UNKNOWN_LANGUAGE), NOW)
            times.append((time.perf_counter() - started) * 1000.0)
            reply = replies[-1]
            if expect == FALLBACK:
                off_topic += 1
                refused += reply.decision == Decision.FALLBACK
                continue
            on_topic += 1
            if reply.entry == expect and reply.decision == Decision.ANSWER:
                if replies[0].language == language:
                    right += 1
                else:
                    wrong_language += 1
        p50 = round(statistics.median(times), 2) if times else 0.0
        rows.append(LanguageRow(language, on_topic, right, wrong_language, off_topic, refused, p50))
    return rows


def as_json(rows: list[LanguageRow], matcher: str) -> dict[str, Any]:
    return {
        "matcher": matcher,
        "target_pct": TARGET_PCT,
        "languages": [asdict(r) | {"right_pct": r.right_pct, "refused_pct": r.refused_pct} for r in rows],
    }


def markdown_table(rows: list[LanguageRow], matcher: str) -> list[str]:
    lines = [
        f"| Multilingual, typed, no language given ({matcher}) | right entry in the language % | right | "
        "right entry, other language | off-topic refused % | refused | p50 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.language} | {r.right_pct} | {r.right}/{r.on_topic} | {r.wrong_language} | {r.refused_pct} "
            f"| {r.refused}/{r.off_topic} | {r.p50_ms} |"
        )
    return lines


def multilingual_section(path: Path, lexical_only: bool) -> dict[str, Any]:
    """The table on the bundled knowledge with the default matcher (lexical only when asked)."""
    from robot_guide.knowledge.loader import load_knowledge
    from robot_guide.matching import build_matcher
    from robot_guide.paths import default_knowledge_dir

    questions = load_set(path)
    kb = load_knowledge(default_knowledge_dir())
    matcher = build_matcher(kb, semantic=False if lexical_only else None)
    rows = run_multilingual(kb, matcher, questions)
    name = type(matcher).__name__
    return as_json(rows, name) | {"table": markdown_table(rows, name), "set": path.name}


def multilingual_markdown(report: Mapping[str, Any]) -> str:
    """benchmarks/match_multilingual.md: the command, date and machine, then the table."""
    section, host = report["multilingual"], report["machine"]
    return (
        "\n".join(
            [
                "# Matcher benchmark: multilingual",
                "",
                f"Date: {report['date']}. Machine: {host['cpu']}, {host['cores']} cores, load average "
                f"{host['load_avg']}. Command: `{report['command']}`.",
                f"Held-out set: `benchmarks/data/{section['set']}` (not the knowledge's questions or tests). "
                "Each question is typed by a new guest with no language given: the dialogue detects the "
                "language, reads the turn and matches it. Right = the expected entry, answered in the "
                f"question's language. Target: {TARGET_PCT:g} % right and {TARGET_PCT:g} % of off-topic "
                "refused per language.",
                "",
                *section["table"],
            ]
        )
        + "\n"
    )


def run_and_write(
    path: Path, lexical_only: bool, markdown: Path | None, default_markdown: Path
) -> tuple[dict[str, Any], str]:
    """Runs the table alone and writes it as markdown (`markdown`, else the default) beside its JSON."""
    import json

    from robot_guide.bench.machine import machine

    report = {
        "multilingual": multilingual_section(path, lexical_only),
        "machine": machine(),
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "command": " ".join(
            ["robot-guide bench match --multilingual"]
            + ["--lexical-only"] * lexical_only
            + ([f"--markdown {markdown}"] if markdown else [])
        ),
    }
    text = multilingual_markdown(report)
    markdown_path = markdown or default_markdown
    markdown_path.parent.mkdir(parents=True, exist_ok=True)
    markdown_path.write_text(text, encoding="utf-8")
    markdown_path.with_suffix(".json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return report, text
