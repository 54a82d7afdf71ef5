"""A flood of malformed messages on every topic the nodes subscribe to, while valid questions keep coming."""

from __future__ import annotations

import array
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rclpy.node import Node
from rclpy.publisher import Publisher
from std_msgs.msg import Int16MultiArray, MultiArrayDimension, String

from robot_guide.bench.errors import BenchError
from robot_guide.bench.reliability.dialogue_probe import NodeSetUnderTest, Sent, latency_summary
from robot_guide.bench.reliability.fuzz_decoders import SAMPLES, mutate
from robot_guide.ros import interface as rg

# JSON topics and the payload type whose sample is mutated into malformed messages for it.
JSON_TOPICS = (
    (rg.GUEST_UTTERANCE, "Utterance"),
    (rg.GUEST_EVENTS, "GuestEvent"),
    (rg.ROBOT_REPLY, "Reply"),
    (rg.ROBOT_SPOKEN, "SpokenEvent"),
    (rg.KNOWLEDGE_SPEECH, "SpeechCatalogue"),
)
# About 200 messages a second per topic. Far faster, a keep-last queue (20 to 50 deep) overflows and drops
# valid messages with the malformed ones: that is load shedding by QoS, not a decoding fault.
BURST = 10
PAUSE_S = 0.04
VALID_EVERY = 50  # one real question per this many malformed messages
REPLY_TIMEOUT_S = 10.0
READY_TIMEOUT_S = 180.0
MATCH_TIMEOUT_S = 20.0
SETTLE_TIMEOUT_S = 60.0


def malformed_json(rng: random.Random, type_name: str, count: int) -> list[str]:
    """`count` messages the payload type's decoder refuses (a mutation that still decodes is skipped)."""
    decode, valid = SAMPLES[type_name]
    found: list[str] = []
    while len(found) < count:
        raw = mutate(rng, valid)
        try:
            raw.encode("utf-8")  # rclpy cannot publish a lone surrogate; the fuzz covers those in-process
        except UnicodeEncodeError:
            continue
        try:
            decode(raw)
        except Exception:
            found.append(raw)
    return found


def malformed_audio(rng: random.Random, count: int) -> list[Int16MultiArray]:
    """Audio chunks with lying layouts: bad play_start labels, empty, odd and oversized chunks."""
    labels = ("play_start=NaN", "play_start=1e999", "play_start=", "x" * 500, "play_start=-1", "\ud7ff")
    messages = []
    for _ in range(count):
        msg = Int16MultiArray()
        size = rng.choice((0, 1, 7, 512, 4_000))
        msg.data = array.array(
            "h", bytes(size * 2)
        )  # silence: the layout lies, the recogniser has nothing to do
        dim = MultiArrayDimension()
        dim.label = rng.choice(labels)
        dim.size = rng.randrange(0, 2**31)
        msg.layout.dim = [dim]
        messages.append(msg)
    return messages


def _matched(node: Node, publishers: Sequence[tuple[str, Publisher]]) -> None:
    """Wait until each new publisher reaches every subscription on its topic (the flood's first bursts are
    then delivered, not lost to discovery); a topic no node listens on has only the probe's own, if any."""
    deadline = time.monotonic() + MATCH_TIMEOUT_S
    for name, publisher in publishers:
        while publisher.get_subscription_count() < node.count_subscribers(name):
            if time.monotonic() >= deadline:
                raise BenchError(
                    f"the flood's publisher on {name} found no subscriber in {MATCH_TIMEOUT_S} s"
                )
            time.sleep(0.05)


def flood(
    nodes_wanted: Sequence[str],
    questions: Sequence[str],
    per_topic: int,
    folder: Path,
    log_path: Path,
    seed: int,
    say: Callable[[str], None],
) -> dict[str, Any]:
    rng = random.Random(seed)
    params = {
        "dialogue_node": {"turnlog_path": str(folder / "flood-turns.sqlite3"), "watch_knowledge": "false"}
    }
    rows: list[dict[str, Any]] = []
    valid: list[Sent] = []
    valid_by_topic: list[list[Sent]] = []
    with NodeSetUnderTest(nodes_wanted, log_path, params) as nodes:
        nodes.wait_ready(READY_TIMEOUT_S)
        # The flood starts once the nodes have finished starting: on two cores, tts_node's pre-rendering
        # would otherwise starve dialogue_node of CPU while its utterance queue fills (a start-up effect).
        settled_s = nodes.wait_settled(SETTLE_TIMEOUT_S)
        assert nodes.probe is not None and nodes.supervisor is not None
        probe = nodes.probe
        plan: list[tuple[str, Any, list[Any]]] = []
        for topic, type_name in JSON_TOPICS:
            messages = [String(data=raw) for raw in malformed_json(rng, type_name, per_topic)]
            plan.append((topic.name, probe.create_publisher(String, topic.name, topic.qos), messages))
        if "asr_node" in nodes_wanted:
            for topic in (rg.ROBOT_AUDIO_OUT, rg.AUDIO_IN):
                publisher = probe.create_publisher(Int16MultiArray, topic.name, topic.qos)
                plan.append((topic.name, publisher, malformed_audio(rng, per_topic)))
        _matched(probe, [(name, publisher) for name, publisher, _ in plan])
        for name, publisher, messages in plan:
            say(f"flood: {len(messages)} malformed messages on {name}")
            started = time.monotonic()
            first = len(valid)
            for number, message in enumerate(messages):
                publisher.publish(message)
                if number % VALID_EVERY == 0:
                    valid.append(probe.ask(questions[len(valid) % len(questions)], "flood-guest"))
                if number % BURST == BURST - 1:
                    time.sleep(PAUSE_S)
            seconds = round(time.monotonic() - started, 1)
            rate = round(len(messages) / seconds) if seconds else None
            rows.append({"topic": name, "malformed": len(messages), "per_s": rate})
            valid_by_topic.append(valid[first:])
        nodes.wait_replies(valid, REPLY_TIMEOUT_S)
        for row, sents in zip(rows, valid_by_topic, strict=True):
            row["valid_asked"] = len(sents)
            row["valid_answered"] = sum(1 for s in sents if s.latency is not None)
        after = [probe.ask(q, "after-flood") for q in questions[:5]]
        nodes.wait_replies(after, REPLY_TIMEOUT_S)
        deaths = nodes.supervisor.deaths()
    latencies = [s.latency for s in valid if s.latency is not None]
    return {
        "topics": rows,
        "settled_after_s": settled_s,
        "valid_asked": len(valid),
        "valid_answered": len(latencies),
        "answered_after": sum(1 for s in after if s.latency is not None),
        "asked_after": len(after),
        "latency": latency_summary(latencies),
        "deaths": deaths,
        "ok": len(latencies) == len(valid) and not any(deaths.values()),
    }
