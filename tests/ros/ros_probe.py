"""The tests' probe node: plays guest and observer on the topic table; and a polling wait."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from rclpy.context import Context
from rclpy.node import Node
from rclpy.publisher import Publisher
from std_msgs.msg import String

from robot_guide.contracts.messages import GuestEvent, Reply, Utterance
from robot_guide.contracts.speech_events import SpokenEvent
from robot_guide.contracts.status import KnowledgeStatus, NodeState
from robot_guide.ros import interface as rg
from robot_guide.ros.interface import Topic
from robot_guide.ros.observer import Observer


class Probe(Node):
    """Publishes guest events and utterances; records replies, speech events, states and statuses, typed."""

    def __init__(self, context: Context) -> None:
        super().__init__("test_probe", context=context)
        self._events = self.create_publisher(String, rg.GUEST_EVENTS.name, rg.GUEST_EVENTS.qos)
        self._utterances = self.create_publisher(String, rg.GUEST_UTTERANCE.name, rg.GUEST_UTTERANCE.qos)
        self.raw_utterances = self._utterances
        self.observer = Observer(self)
        for topic in (
            rg.ROBOT_REPLY,
            rg.ROBOT_SPOKEN,
            rg.KNOWLEDGE_STATUS,
            rg.ROBOT_SPEAKING,
            rg.NODE_STATUS,
        ):
            self.observer.keep(topic)

    @property
    def replies(self) -> list[Reply]:
        return self.observer.kept(rg.ROBOT_REPLY)

    @property
    def spoken(self) -> list[SpokenEvent]:
        return self.observer.kept(rg.ROBOT_SPOKEN)

    @property
    def knowledge(self) -> list[KnowledgeStatus]:
        return self.observer.kept(rg.KNOWLEDGE_STATUS)

    @property
    def speaking(self) -> list[bool]:
        return self.observer.kept(rg.ROBOT_SPEAKING)

    @property
    def ready(self) -> list[str]:
        return [s.node for s in self.observer.kept(rg.NODE_STATUS) if s.state is NodeState.READY]

    def forget_ready(self) -> None:
        """Wait for fresh ready reports from here on (a node restarts)."""
        self.observer.forget(rg.NODE_STATUS)

    def arrive(self, guest_id: str = "guest") -> None:
        self._events.publish(String(data=GuestEvent("arrive", guest_id, time.time()).to_json()))

    def ask(self, text: str, guest_id: str = "guest", turn_id: str = "") -> str:
        turn_id = turn_id or f"t{time.monotonic_ns()}"
        utterance = Utterance(text=text, guest_id=guest_id, turn_id=turn_id, timings={"sent": time.time()})
        self._utterances.publish(String(data=utterance.to_json()))
        return turn_id

    def matched_publisher(self, topic: Topic[Any], subscriptions: int, timeout: float = 30.0) -> Publisher:
        """A new publisher on `topic`, once discovery has matched it with `subscriptions` readers (the
        probe's own included): what it publishes before that is lost on a volatile topic."""
        publisher = topic.publisher(self)
        wait_for(lambda: publisher.get_subscription_count() >= subscriptions, timeout)
        return publisher

    def reply_to(self, turn_id: str, timeout: float = 20.0) -> Reply:
        reply: Reply = wait_for(
            lambda: next((r for r in self.replies if r.turn_id == turn_id), None), timeout
        )
        return reply


def wait_for(condition: Callable[[], Any], timeout: float = 20.0, interval: float = 0.02) -> Any:
    """Poll until `condition()` is truthy; fail the test with a clear message after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")
