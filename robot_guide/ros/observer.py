"""Watches the robot's topics from outside the robot: decoded, typed payloads, never raw JSON."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from rclpy.node import Node

from robot_guide.contracts.decoding import MessageError
from robot_guide.ros.interface import Topic

T = TypeVar("T")


class Observer:
    """Subscribes `node` to rows of the topic table and hands each decoded payload on.

    The simulator, the speech benchmark and the ROS tests all watch the robot through this one class.
    A malformed message is counted and passed to `on_malformed`; it never reaches a callback.
    Callbacks run on the node's executor threads; `keep` records payloads under a lock instead.
    """

    def __init__(self, node: Node, on_malformed: Callable[[str, MessageError], None] | None = None) -> None:
        self._node = node
        self._on_malformed = on_malformed
        self._lock = threading.Lock()
        self._kept: dict[str, list[Any]] = {}
        self.malformed = 0

    def watch(self, topic: Topic[T], callback: Callable[[T], None]) -> None:
        """Call `callback` with every well-formed payload of `topic` (subscription order is delivery order
        for messages that are ready together, so watch causes before their effects)."""

        def deliver(msg: Any) -> None:
            try:
                payload = topic.decode(msg)
            except MessageError as exc:
                with self._lock:
                    self.malformed += 1
                if self._on_malformed is not None:
                    self._on_malformed(topic.name, exc)
                return
            callback(payload)

        topic.subscribe(self._node, deliver)

    def keep(self, topic: Topic[T], then: Callable[[T], None] | None = None) -> None:
        """Record every payload of `topic` (read them with `kept`), then call `then` if given."""
        with self._lock:
            self._kept.setdefault(topic.name, [])

        def record(payload: T) -> None:
            with self._lock:
                self._kept[topic.name].append(payload)
            if then is not None:
                then(payload)

        self.watch(topic, record)

    def kept(self, topic: Topic[T]) -> list[T]:
        """A snapshot of the payloads of `topic` recorded so far, oldest first."""
        with self._lock:
            return list(self._kept.get(topic.name, ()))

    def forget(self, topic: Topic[T]) -> None:
        """Drop what was recorded of `topic` (a test that waits for a fresh state)."""
        with self._lock:
            self._kept.get(topic.name, []).clear()
