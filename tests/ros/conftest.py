"""ROS test fixtures: an isolated DDS domain per run and a probe node that plays guest and observer."""

from __future__ import annotations

import json
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

# Before rclpy creates any context: this run's DDS traffic stays private and on this machine.
os.environ["ROS_DOMAIN_ID"] = os.environ.get("ROBOT_GUIDE_TEST_DOMAIN", str(random.randint(1, 101)))
os.environ["ROS_AUTOMATIC_DISCOVERY_RANGE"] = "LOCALHOST"

import rclpy
from rclpy.context import Context
from rclpy.executors import MultiThreadedExecutor
from rclpy.node import Node
from std_msgs.msg import Bool, String

from robot_guide.contracts.messages import GuestEvent, Utterance
from robot_guide.ros import interface as rg


class Probe(Node):
    """Publishes guest events and utterances; records replies, speech events, states and statuses."""

    def __init__(self, context: Context) -> None:
        super().__init__("test_probe", context=context)
        self.lock = threading.Lock()
        self.replies: list[dict[str, Any]] = []
        self.spoken: list[dict[str, Any]] = []
        self.speaking: list[bool] = []
        self.knowledge: list[dict[str, Any]] = []
        self.ready: list[str] = []
        self._events = self.create_publisher(String, rg.GUEST_EVENTS.name, rg.GUEST_EVENTS.qos)
        self._utterances = self.create_publisher(String, rg.GUEST_UTTERANCE.name, rg.GUEST_UTTERANCE.qos)
        self.raw_utterances = self._utterances
        self.create_subscription(String, rg.ROBOT_REPLY.name, self._keep(self.replies), rg.ROBOT_REPLY.qos)
        self.create_subscription(String, rg.ROBOT_SPOKEN.name, self._keep(self.spoken), rg.ROBOT_SPOKEN.qos)
        self.create_subscription(
            String, rg.KNOWLEDGE_STATUS.name, self._keep(self.knowledge), rg.KNOWLEDGE_STATUS.qos
        )
        self.create_subscription(Bool, rg.ROBOT_SPEAKING.name, self._on_speaking, rg.ROBOT_SPEAKING.qos)
        self.create_subscription(String, rg.NODE_STATUS.name, self._on_status, rg.NODE_STATUS.qos)

    def _keep(self, target: list[dict[str, Any]]) -> Callable[[String], None]:
        def keep(msg: String) -> None:
            with self.lock:
                target.append(json.loads(msg.data))

        return keep

    def _on_speaking(self, msg: Bool) -> None:
        with self.lock:
            self.speaking.append(bool(msg.data))

    def _on_status(self, msg: String) -> None:
        status = json.loads(msg.data)
        if status.get("state") == "ready":
            with self.lock:
                self.ready.append(status["node"])

    def arrive(self, guest_id: str = "guest") -> None:
        self._events.publish(String(data=GuestEvent("arrive", guest_id, time.time()).to_json()))

    def ask(self, text: str, guest_id: str = "guest", turn_id: str = "") -> str:
        turn_id = turn_id or f"t{time.monotonic_ns()}"
        utterance = Utterance(text=text, guest_id=guest_id, turn_id=turn_id, timings={"sent": time.time()})
        self._utterances.publish(String(data=utterance.to_json()))
        return turn_id

    def reply_to(self, turn_id: str, timeout: float = 20.0) -> dict[str, Any]:
        return wait_for(lambda: next((r for r in self.replies if r.get("turn_id") == turn_id), None), timeout)


def wait_for(condition: Callable[[], Any], timeout: float = 20.0, interval: float = 0.02) -> Any:
    """Poll until `condition()` is truthy; fail the test with a clear message after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s")


@pytest.fixture
def ros_context() -> Iterator[tuple[Context, MultiThreadedExecutor]]:
    """A fresh rclpy context with a spinning executor; nodes added to it run in this process."""
    context = Context()
    rclpy.init(context=context)
    executor = MultiThreadedExecutor(num_threads=4, context=context)
    spinner = threading.Thread(target=executor.spin, daemon=True)
    spinner.start()
    try:
        yield context, executor
    finally:
        executor.shutdown(timeout_sec=2.0)
        rclpy.try_shutdown(context=context)
        spinner.join(timeout=2.0)


@pytest.fixture
def probe(ros_context: tuple[Context, MultiThreadedExecutor]) -> Iterator[Probe]:
    context, executor = ros_context
    node = Probe(context)
    executor.add_node(node)
    yield node
    executor.remove_node(node)
    node.destroy_node()
