"""What the content gate costs (real questions refused) and saves (off-topic answers refused)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from robot_guide.bench.match.clinc import OOS_LABEL, first_per_intent, kb_from_pairs, load_clinc
from robot_guide.contracts.messages import Decision
from robot_guide.knowledge.model import FALLBACK_EXPECTATION, KnowledgeBase
from robot_guide.matching.content_gate import ContentGate
from robot_guide.matching.matcher import LexicalMatcher

QUICK_INTENTS = 15


def _tally(
    kb: KnowledgeBase, questions: Iterable[tuple[str, str | None]], language: str = "en"
) -> dict[str, Any]:
    """In-scope (expected entry given): correct answers without and with the gate, and those it refused.
    Out-of-scope (None expected): answers given without and with the gate."""
    matcher = LexicalMatcher(kb)
    gate = ContentGate(kb)
    tally: dict[str, Any] = {
        "in_scope": 0,
        "correct": 0,
        "correct_refused": 0,
        "wrong": 0,
        "wrong_refused": 0,
    }
    tally |= {"out_of_scope": 0, "oos_answered": 0, "oos_refused": 0}
    refused_examples: list[str] = []
    for question, expected in questions:
        result = matcher.match(question, language)
        answered = result.decision is Decision.ANSWER
        refused = answered and not gate.check(question, language, result.entry_id).allowed
        if expected is None:
            tally["out_of_scope"] += 1
            tally["oos_answered"] += answered
            tally["oos_refused"] += refused
            continue
        tally["in_scope"] += 1
        if answered and result.entry_id == expected:
            tally["correct"] += 1
            tally["correct_refused"] += refused
            if refused and len(refused_examples) < 8:
                refused_examples.append(question)
        elif answered:
            tally["wrong"] += 1
            tally["wrong_refused"] += refused
    in_scope = max(tally["in_scope"], 1)
    tally["false_refusal_rate"] = round(tally["correct_refused"] / in_scope, 5)
    tally["answered_correct_without_gate"] = round(tally["correct"] / in_scope, 4)
    tally["answered_correct_with_gate"] = round((tally["correct"] - tally["correct_refused"]) / in_scope, 4)
    tally["refused_examples"] = refused_examples
    return tally


def summit_cost(kb: KnowledgeBase, off_topic: list[str]) -> dict[str, Any]:
    """The kb's own regression questions (entry expectations) and CLINC's out-of-scope questions."""
    tests = [
        (t.ask, t.expect) for t in kb.all_tests() if t.expect != FALLBACK_EXPECTATION and t.language == "en"
    ]
    return _tally(kb, [*tests, *((q, None) for q in off_topic)])


def clinc_cost(path: Path, quick: bool) -> dict[str, Any]:
    """CLINC150 test split on a knowledge base of its training questions (one entry per intent)."""
    data = load_clinc(path)
    train, test, oos = data["train"], data["test"], data["oos_test"]
    if quick:
        keep = set(sorted({label for _, label in train})[:QUICK_INTENTS])
        train = first_per_intent([p for p in train if p[1] in keep], 20)
        test = [p for p in test if p[1] in keep]
        oos = oos[:100]
    kb = kb_from_pairs(train)
    rows: list[tuple[str, str | None]] = [(q, label) for q, label in test if label != OOS_LABEL]
    rows += [(q, None) for q, _ in oos]
    return {"intents": len(kb.entries), "train": len(train), **_tally(kb, rows)}
