"""Small hostile messages on the real nodes' topics: deep nesting, huge numbers and NaN are ignored, the nodes
keep serving; a flood of replies is bounded in tts_node's queue, the extra ones dropped and reported."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from dialogue_under_test import dialogue_node
from rclpy.context import Context
from rclpy.executors import MultiThreadedExecutor
from rclpy.parameter import Parameter
from ros_probe import Probe, wait_for
from std_msgs.msg import String

from robot_guide.contracts.messages import Reply, ReplyKind
from robot_guide.ros import interface as rg
from robot_guide.ros.dialogue_node import DialogueNode
from robot_guide.ros.tts_node import TtsNode

pytestmark = pytest.mark.ros

DEEP = "[" * 2000  # 4 kB with the closing brackets missing: a RecursionError for a recursive decoder
# A decimal fraction of 5,000 digits is a valid number (0.999... reads as 1.0); an integer of 5,000 digits
# is refused (converting it is quadratic, and Python refuses it above 4,300 digits).
HUGE_NUMBER = "0." + "9" * 5000
HOSTILE_UTTERANCES = (
    DEEP,
    DEEP + "]" * 2000,
    '{"text": "hello", "confidence": 1' + "0" * 5000 + "}",
    '{"text": "hello", "confidence": NaN}',
    '{"text": "hello", "turn_id": "x", "timings": {"sent": Infinity}}',
)
HOSTILE_EVENTS = (
    DEEP,
    '{"kind": "arrive", "guest_id": "g", "stamp": 1' + "0" * 5000 + "}",
    '{"kind": "arrive", "stamp": NaN}',
)
HOSTILE_REPLIES = (
    '{"text": "hello", "rate_scale": NaN}',
    '{"text": "hello", "rate_scale": Infinity}',
    '{"text": "hello", "rate_scale": 1' + "0" * 5000 + "}",
    DEEP,
)


@pytest.fixture
def nodes(
    ros_context: tuple[Context, MultiThreadedExecutor], tmp_path: Path
) -> Iterator[tuple[DialogueNode, TtsNode]]:
    context, executor = ros_context
    dialogue = dialogue_node(context, tmp_path / "turns.sqlite3")
    tts = TtsNode(
        context=context,
        parameter_overrides=[
            Parameter("sink", value="topic"),
            Parameter("playback_speed", value=10.0),
            Parameter("prerender", value=False),
            Parameter("max_queued_replies", value=3),
        ],
    )
    executor.add_node(dialogue)
    executor.add_node(tts)
    yield dialogue, tts
    for node in (dialogue, tts):
        executor.remove_node(node)
        node.close()
        node.destroy_node()


def test_deep_nesting_and_huge_numbers_on_guest_topics_do_not_stop_the_dialogue(
    nodes: tuple[DialogueNode, TtsNode], probe: Probe
) -> None:
    wait_for(lambda: "dialogue_node" in probe.ready)
    events = probe.create_publisher(String, rg.GUEST_EVENTS.name, rg.GUEST_EVENTS.qos)
    for raw in HOSTILE_UTTERANCES:
        probe.raw_utterances.publish(String(data=raw))
    for raw in HOSTILE_EVENTS:
        events.publish(String(data=raw))
    turn = probe.ask("where are the toilets")
    assert probe.reply_to(turn).kind == "directions"
    assert [r.turn_id for r in probe.replies] == [turn]  # the hostile messages produced nothing
    long_fraction = '{"text": "where is the toilet", "turn_id": "long", "confidence": ' + HUGE_NUMBER + "}"
    probe.raw_utterances.publish(String(data=long_fraction))
    assert probe.reply_to("long").kind == "directions"


def test_a_nan_rate_scale_on_robot_reply_does_not_stop_tts_node(
    nodes: tuple[DialogueNode, TtsNode], probe: Probe
) -> None:
    wait_for(lambda: "tts_node" in probe.ready)
    replies = probe.create_publisher(String, rg.ROBOT_REPLY.name, rg.ROBOT_REPLY.qos)
    for raw in HOSTILE_REPLIES:
        replies.publish(String(data=raw))
    good = Reply("Hello there.", ReplyKind.ANSWER, turn_id="after")
    replies.publish(String(data=good.to_json()))
    finished = wait_for(lambda: [s for s in probe.spoken if s.turn_id == "after" and s.event == "finished"])
    assert finished[0].text == "Hello there."
    assert {s.turn_id for s in probe.spoken} == {"after"}  # nothing of the hostile ones was spoken


def test_a_flood_of_replies_is_bounded_and_the_dropped_ones_are_reported(
    nodes: tuple[DialogueNode, TtsNode], probe: Probe
) -> None:
    wait_for(lambda: "tts_node" in probe.ready)
    replies = probe.matched_publisher(rg.ROBOT_REPLY, subscriptions=2)  # tts_node's and the probe's own
    count = 40
    for index in range(count):
        reply = Reply(f"Reply number {index}.", ReplyKind.ANSWER, turn_id=f"r{index}")
        replies.publish(String(data=reply.to_json()))
        time.sleep(0.02)  # within the topic's queue depth: every reply reaches the node, which queues it
    ended = wait_for(
        lambda: (done := [s for s in probe.spoken if s.event != "started"]) and len(done) == count and done,
        timeout=60.0,
    )
    spoken = [s.turn_id for s in ended if s.event == "finished"]
    dropped = [s for s in ended if s.event == "cancelled"]
    assert spoken[-1] == f"r{count - 1}"  # the newest reply is spoken
    assert len(spoken) + len(dropped) == count and len(dropped) >= count // 2
    assert all("replies waiting" in s.error for s in dropped)
