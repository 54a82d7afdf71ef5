"""Fuzzes the dialogue core as `robot-guide ask` runs it, and measures how much nonsense gets answered."""

from __future__ import annotations

import json
import random
import time
import uuid
from collections import Counter
from datetime import datetime
from typing import Any

from robot_guide.bench.reliability.failures import ErrorLogCounter, FuzzCount
from robot_guide.bench.reliability.garbage import nonsense
from robot_guide.contracts.messages import Decision, Reply, Utterance
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.engine import DialogueEngine
from robot_guide.guide.text import clean_utterance
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.matching import build_matcher

NOW = datetime(2025, 10, 18, 13, 40)
LANGUAGES = ("en", "en", "en", "zh", "en-US", "xx", "", "EN")
GARBAGE_TARGET = 0.005  # at most 0.5 % of nonsense inputs may get decision=answer


def _hostile(rng: random.Random, questions: list[str]) -> str:
    """Text meant to break things: any code point (surrogates, controls, bidi), huge, mutated questions."""
    kind = rng.randrange(6)
    if kind == 0:
        return "".join(chr(rng.randrange(0x110000)) for _ in range(rng.randint(0, 40)))
    if kind == 1:
        return "".join(chr(rng.randrange(0, 0x3000)) for _ in range(rng.randint(0, 80)))
    if kind == 2:
        question = list(rng.choice(questions))
        for _ in range(rng.randint(1, 6)):
            if question:
                question[rng.randrange(len(question))] = chr(rng.randrange(0x20, 0x2FFF))
        return "".join(question)
    if kind == 3:
        return rng.choice(questions) * rng.randint(20, 400)  # up to ~20 kB
    if kind == 4:
        return rng.choice(("\ud800", "\udfff", "\x00", "\x1b[31m", "\u202e", "\ufeff")) + rng.choice(
            questions
        )
    return " ".join(rng.choice(questions).split()[::-1])


def _ask_line(engine: DialogueEngine, text: str, language: str, guest: str) -> Reply:
    """One line as `robot-guide ask --json` handles it: cleaned at the boundary, answered, UTF-8 out."""
    question = clean_utterance(text)
    utterance = Utterance(text=question, guest_id=guest, language=language, turn_id=uuid.uuid4().hex[:12])
    replies = engine.on_utterance(utterance, NOW)
    reply = replies[-1]
    line = {"question": question, "reply": reply.text, "decision": reply.decision, "entry": reply.entry}
    json.dumps(line, ensure_ascii=False).encode("utf-8")  # strict: a lone surrogate here is a lost batch
    return reply


def fuzz_ask(kb: KnowledgeBase, hostile_count: int, garbage_count: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    engine = DialogueEngine(
        kb,
        build_matcher(kb, semantic=True),  # `ask`'s default, as a guest gets it
        DialogueConfig(post=next(iter(kb.posts)), greet_first_words=False),
    )
    questions = [q for entry in kb.entries for q in entry.questions_in("en")]
    count = FuzzCount("ask (dialogue core)")
    answered: Counter[str] = Counter()
    generated: Counter[str] = Counter()
    examples: list[str] = []
    started = time.perf_counter()
    with ErrorLogCounter("robot_guide.dialogue") as logged:
        for number in range(hostile_count):
            text = _hostile(rng, questions)
            count.inputs += 1
            try:
                _ask_line(engine, text, rng.choice(LANGUAGES), f"h{number}")
            except Exception as exc:
                count.failed(exc, text)
        for number, (kind, text) in enumerate(nonsense(rng, garbage_count)):
            count.inputs += 1
            generated[kind] += 1
            try:
                reply = _ask_line(engine, text, "en", f"g{number}")
            except Exception as exc:
                count.failed(exc, text)
                continue
            if reply.decision == Decision.ANSWER:
                answered[kind] += 1
                if len(examples) < 10:
                    examples.append(f"{text!r} -> {reply.kind} {reply.entry or ''}".strip())
    count.seconds = time.perf_counter() - started
    count.exceptions += logged.count
    if logged.count:
        count.kinds["logged dialogue failure"] += logged.count
        count.examples.append(logged.last)
    total = sum(generated.values())
    rate = sum(answered.values()) / total if total else 0.0
    return {
        "fuzz": count.as_dict(),
        "garbage": {
            "inputs": total,
            "answered": sum(answered.values()),
            "answered_rate": round(rate, 5),
            "target_rate": GARBAGE_TARGET,
            "ok": rate <= GARBAGE_TARGET,
            "by_kind": {kind: {"inputs": generated[kind], "answered": answered[kind]} for kind in generated},
            "answered_examples": examples,
        },
    }
