"""A flood of malformed messages on both guest topics at once, from their own publishers: dialogue_node takes
and refuses them, answers every valid question mixed in, greets a guest arriving mid-flood, and
reports how many it ignored in its diagnostics."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from diagnostic_msgs.msg import DiagnosticArray
from dialogue_under_test import dialogue_node
from rclpy.context import Context
from rclpy.executors import MultiThreadedExecutor
from ros_probe import Probe, wait_for
from std_msgs.msg import String

from robot_guide.contracts.messages import GuestEvent, Reply, ReplyKind
from robot_guide.ros import interface as rg
from robot_guide.ros.dialogue_node import DialogueNode

pytestmark = pytest.mark.ros

MALFORMED_UTTERANCES = (
    "[" * 2000,
    '{"text": "hello", "confidence": NaN}',
    '{"text": 42, "guest_id": "g"}',
    '{"text": "hello", "confidence": 1' + "0" * 5000 + "}",
    "not json at all",
    "null",
)
MALFORMED_EVENTS = (
    "[" * 2000,
    '{"kind": "arrive", "stamp": NaN}',
    '{"kind": "dance", "guest_id": "g"}',
    "{",
)
QUESTIONS = ("where are the toilets", "when do you close", "where can I eat", "is there wifi")
PER_TOPIC = 600
VALID_EVERY = 30  # one real question per this many malformed utterances
# Bursts with a pause, about 500 messages a second per topic (twice what `bench reliability` sends): a node
# paying 1 ms per refused message, or serving both topics in one callback group, loses questions here.
BURST = 10
PAUSE_S = 0.02


@pytest.fixture
def dialogue(ros_context: tuple[Context, MultiThreadedExecutor], tmp_path: Path) -> Iterator[DialogueNode]:
    context, executor = ros_context
    node = dialogue_node(context, tmp_path / "turns.sqlite3")
    executor.add_node(node)
    yield node
    executor.remove_node(node)
    node.close()
    node.destroy_node()


def _malformed_counts(array: DiagnosticArray) -> dict[str, int]:
    return {
        kv.key: int(kv.value)
        for status in array.status
        if status.name == "dialogue_node: guest messages"
        for kv in status.values
    }


def _greetings(probe: Probe, asked: list[str]) -> list[Reply]:
    return [r for r in probe.replies if r.turn_id not in asked]


def test_every_valid_question_is_answered_through_a_flood_on_both_guest_topics(
    dialogue: DialogueNode, probe: Probe
) -> None:
    wait_for(lambda: "dialogue_node" in probe.ready)
    probe.observer.keep(rg.DIAGNOSTICS)
    # The attacker's own publishers, as a misbehaving program on the robot's network would have.
    junk_utterances = probe.matched_publisher(rg.GUEST_UTTERANCE, subscriptions=1)
    junk_events = probe.matched_publisher(rg.GUEST_EVENTS, subscriptions=1)
    asked: list[str] = []
    for number in range(PER_TOPIC):
        junk_utterances.publish(String(data=MALFORMED_UTTERANCES[number % len(MALFORMED_UTTERANCES)]))
        junk_events.publish(String(data=MALFORMED_EVENTS[number % len(MALFORMED_EVENTS)]))
        if number == BURST:
            arrival = GuestEvent("arrive", "arriving", time.time())
            junk_events.publish(String(data=arrival.to_json()))
        # The questions start once the arriving guest is greeted (a guest heard first is not greeted).
        if number % VALID_EVERY == 0 and (asked or _greetings(probe, asked)):
            asked.append(probe.ask(QUESTIONS[len(asked) % len(QUESTIONS)], guest_id="flooded"))
        if number % BURST == BURST - 1:
            time.sleep(PAUSE_S)

    assert asked, "the arriving guest was never greeted"
    for turn_id in asked:
        assert probe.reply_to(turn_id).kind is not ReplyKind.FALLBACK, turn_id
    greetings = _greetings(probe, asked)
    # Nothing but the valid messages was answered: the arriving guest's greeting is the one other reply.
    assert [(r.kind, r.guest_id) for r in greetings] == [(ReplyKind.GREETING, "arriving")]
    # The node counts what it refused (on a busy machine a few of the flood may be shed before it).
    keys = {"malformed utterances ignored", "malformed guest events ignored"}
    counts = wait_for(
        lambda: [c for a in probe.observer.kept(rg.DIAGNOSTICS) if (c := _malformed_counts(a)).keys() == keys]
    )
    assert all(0 < count <= PER_TOPIC for count in counts[-1].values())
