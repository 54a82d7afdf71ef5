"""Fuzzes every topic payload's strict from_json: anything but a MessageError is a crash of the node."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from typing import Any

from robot_guide.bench.reliability.failures import FuzzCount
from robot_guide.contracts.decoding import MessageError
from robot_guide.contracts.messages import Decision, GuestEvent, Reply, ReplyKind, Utterance
from robot_guide.contracts.speech_events import IgnoredAudio, SpokenEvent, SpokenPhase
from robot_guide.contracts.status import (
    FixedLine,
    KnowledgeStatus,
    NodeState,
    NodeStatus,
    SpeechCatalogue,
)

SAMPLES: dict[str, tuple[Callable[[str], Any], str]] = {
    "GuestEvent": (GuestEvent.from_json, GuestEvent("arrive", "guest-1").to_json()),
    "Utterance": (
        Utterance.from_json,
        Utterance("where is the wifi", "guest-1", confidence=0.8, timings={"eos_detected": 1.5}).to_json(),
    ),
    "Reply": (
        Reply.from_json,
        Reply("The wifi is free.", ReplyKind.ANSWER, Decision.ANSWER, entry="wifi", score=0.7).to_json(),
    ),
    "SpokenEvent": (
        SpokenEvent.from_json,
        SpokenEvent(SpokenPhase.FINISHED, "The wifi is free.", "t1", 1.0, ReplyKind.ANSWER).to_json(),
    ),
    "IgnoredAudio": (IgnoredAudio.from_json, IgnoredAudio("echo", "hello", 2.0).to_json()),
    "KnowledgeStatus": (
        KnowledgeStatus.from_json,
        KnowledgeStatus(True, "abc123", 40, problems=("a.yaml:1:1: bad",)).to_json(),
    ),
    "SpeechCatalogue": (
        SpeechCatalogue.from_json,
        SpeechCatalogue(
            "abc123", "Chery summit", ("Tiggo",), {"Tiggo": ("tiger go",)}, (FixedLine("Hello!"),)
        ).to_json(),
    ),
    "NodeStatus": (NodeStatus.from_json, NodeStatus("tts_node", NodeState.READY).to_json()),
}
# Values that have broken decoders: deep nesting, huge and non-finite numbers, wrong types, bad text.
HOSTILE_VALUES: tuple[Any, ...] = (
    None, True, 0, -1, 1e308, 2**70, "NaN", "x" * 70_000, [], {}, [[[[]]]], "\ud800", "\x00", -0.0, "",
)  # fmt: skip
HOSTILE_RAW = ("NaN", "Infinity", "-Infinity", "1" * 5000, "[" * 2000, '{"a":' * 2000, "1e99999", '"\\ud800"')


def mutate(rng: random.Random, valid: str) -> str:
    kind = rng.randrange(8)
    data = json.loads(valid)
    if kind == 0:  # byte-level flips
        chars = list(valid)
        for _ in range(rng.randint(1, 8)):
            chars[rng.randrange(len(chars))] = chr(rng.randrange(0x7F if rng.random() < 0.8 else 0x110000))
        return "".join(chars)
    if kind == 1:  # truncation
        return valid[: rng.randrange(len(valid))]
    if kind == 2 and isinstance(data, dict) and data:  # a field given a hostile value
        data[rng.choice(sorted(data))] = rng.choice(HOSTILE_VALUES)
        return json.dumps(data, allow_nan=True)
    if kind == 3 and isinstance(data, dict) and data:  # a raw hostile token spliced in as a value
        key = rng.choice(sorted(data))
        return valid.replace(
            json.dumps(key) + ": ", json.dumps(key) + ": " + rng.choice(HOSTILE_RAW) + " ", 1
        )
    if kind == 4 and isinstance(data, dict) and data:  # a field dropped, or an unknown one added
        if rng.random() < 0.5:
            data.pop(rng.choice(sorted(data)))
        else:
            data["x" * rng.randint(1, 5)] = rng.choice(HOSTILE_VALUES)
        return json.dumps(data)
    if kind == 5:  # the whole message replaced by something else
        return rng.choice((*HOSTILE_RAW, "", " ", "null", "[]", "{}", '"text"', "{" * 10, "\x00\xff"))
    if kind == 6:  # deep nesting inside a field
        depth = rng.choice((20, 200, 2000))
        return valid[:-1] + ', "deep": ' + "[" * depth + "]" * depth + "}"
    return "".join(chr(rng.randrange(0x20, 0x7F)) for _ in range(rng.randint(0, 60)))


def fuzz_decoders(per_type: int, seed: int) -> list[dict[str, Any]]:
    """`per_type` mutated payloads per type; a MessageError is the one allowed failure."""
    rng = random.Random(seed)
    results = []
    for name, (decode, valid) in SAMPLES.items():
        count = FuzzCount(f"{name}.from_json")
        refused = 0
        started = time.perf_counter()
        decode(valid)  # the sample itself must decode, or the mutations test nothing
        for _ in range(per_type):
            try:
                raw = mutate(rng, valid)
            except (RecursionError, ValueError):
                continue
            count.inputs += 1
            try:
                decode(raw)
            except MessageError:
                refused += 1
            except Exception as exc:
                count.failed(exc, raw)
        count.seconds = time.perf_counter() - started
        results.append({**count.as_dict(), "refused": refused})
    return results
