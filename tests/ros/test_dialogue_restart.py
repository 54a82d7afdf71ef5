"""Questions asked while the real dialogue node is down are not lost: when it is back, the fresh ones are
answered late, a stale one gets one "could you say it again?", nothing answered before is answered again."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from dialogue_under_test import dialogue_node
from rclpy.context import Context
from rclpy.executors import MultiThreadedExecutor
from ros_probe import Probe, wait_for
from std_msgs.msg import String

from robot_guide.contracts.messages import Utterance
from robot_guide.ros.dialogue_node import DialogueNode

pytestmark = pytest.mark.ros

MAX_AGE_S = 8.0


def start(ros_context: tuple[Context, MultiThreadedExecutor], tmp_path: Path) -> DialogueNode:
    context, executor = ros_context
    node = dialogue_node(context, tmp_path / "turns.sqlite3", max_question_age_s=MAX_AGE_S)
    executor.add_node(node)
    return node


def crash(ros_context: tuple[Context, MultiThreadedExecutor], node: DialogueNode) -> None:
    ros_context[1].remove_node(node)
    node.close()
    node.destroy_node()


def ask_long_ago(probe: Probe, text: str, guest_id: str, turn_id: str, seconds_ago: float) -> None:
    """A question sent during a long outage: its stamp is older than max_question_age_s."""
    utterance = Utterance(
        text=text, guest_id=guest_id, turn_id=turn_id, timings={"sent": time.time() - seconds_ago}
    )
    probe.raw_utterances.publish(String(data=utterance.to_json()))


def replies_to(probe: Probe, turn_id: str) -> list[str]:
    return [reply.kind for reply in probe.replies if reply.turn_id == turn_id]


def test_questions_sent_while_the_node_restarts_are_answered_when_it_is_back(
    ros_context: tuple[Context, MultiThreadedExecutor], probe: Probe, tmp_path: Path
) -> None:
    first = start(ros_context, tmp_path)
    wait_for(lambda: "dialogue_node" in probe.ready)
    before = probe.ask("when is the summit", guest_id="ana")
    assert probe.reply_to(before).entry == "summit_dates"
    crash(ros_context, first)
    probe.forget_ready()

    during = [
        probe.ask("where are the toilets", guest_id="ana"),
        probe.ask("is there wifi", guest_id="ana"),
        probe.ask("where is the food court", guest_id="cai"),
    ]
    ask_long_ago(probe, "where is hall b", "ben", "stale-1", seconds_ago=40.0)
    ask_long_ago(probe, "and hall c", "ben", "stale-2", seconds_ago=35.0)

    second = start(ros_context, tmp_path)
    try:
        wait_for(lambda: "dialogue_node" in probe.ready)
        for turn in during:
            reply = probe.reply_to(turn)
            assert reply.kind not in ("not_heard", "fallback"), reply
        asked_again = probe.reply_to("stale-1")
        assert asked_again.kind == "not_heard" and asked_again.guest_id == "ben"
        after = probe.ask("when is the summit", guest_id="dan")  # serving live again
        assert probe.reply_to(after).entry == "summit_dates"
        # Nothing lost, nothing twice: the turn answered before the crash, retained by the topic, is skipped,
        # and ben is asked to repeat once for both of his stale questions.
        assert replies_to(probe, before) == ["answer"]
        assert all(len(replies_to(probe, turn)) == 1 for turn in during)
        assert replies_to(probe, "stale-1") == ["not_heard"] and replies_to(probe, "stale-2") == []
    finally:
        crash(ros_context, second)
