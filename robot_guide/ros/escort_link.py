"""dialogue_node's side of walking guests: escort commands out, escort status in, offers only while
escort_node is up (a robot without one gives directions only)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial

from rclpy.node import Node
from std_msgs.msg import String

from robot_guide.contracts.decoding import MessageError
from robot_guide.contracts.escort import EscortAction, EscortCommand
from robot_guide.contracts.messages import Reply, ReplyKind
from robot_guide.contracts.speech_events import SpokenEvent, SpokenPhase
from robot_guide.contracts.status import NodeState
from robot_guide.dialogue.engine import DialogueEngine
from robot_guide.escort.offer import can_escort
from robot_guide.ros import interface as rg
from robot_guide.ros.malformed_log import MalformedLog

ESCORT_NODE = "escort_node"
# The robot says "please follow me" before it moves: a walk starts when that line has been spoken, or after
# this long if the speech stage never reports it (no tts_node, a lost message).
ANNOUNCE_WAIT_S = 8.0
RELEASE_CHECK_S = 0.2


class EscortLink:
    def __init__(
        self,
        node: Node,
        engine: DialogueEngine,
        turn_lock: threading.Lock,
        publish_reply: Callable[[Reply], None],
        max_escort_m: float,
    ) -> None:
        self._node = node
        self._malformed_statuses = MalformedLog(
            node.get_logger().warning, "escort status", rg.MALFORMED_LOG_EVERY_S
        )
        self._engine = engine
        self._turn_lock = turn_lock
        self._publish_reply = publish_reply
        self._max_escort_m = max_escort_m
        self._enabled = False
        self._held_lock = threading.Lock()
        self._held: list[tuple[float, EscortCommand]] = []  # walks waiting for "please follow me" to be said
        self._command_pub = rg.ESCORT_COMMAND.publisher(node)
        rg.ESCORT_STATUS.subscribe(node, self._on_status)
        rg.NODE_STATUS.subscribe(node, self._on_node_status)
        rg.ROBOT_SPOKEN.subscribe(node, self._on_spoken)
        node.create_timer(RELEASE_CHECK_S, self._release_due)

    def send_commands(self) -> None:
        """Publish the escort commands the last turn made; a walk waits until the robot has announced it."""
        with self._turn_lock:
            commands = self._engine.take_commands()
        for command in commands:
            if command.action is EscortAction.GO:
                with self._held_lock:
                    self._held.append((time.monotonic() + ANNOUNCE_WAIT_S, command))
                continue
            with self._held_lock:
                self._held.clear()  # "stop" before the walk began: it never begins
            self._publish(command)

    def _publish(self, command: EscortCommand) -> None:
        self._node.get_logger().info(f"escort: {command.action} {command.place}".rstrip())
        self._command_pub.publish(String(data=command.to_json()))

    def _on_spoken(self, msg: String) -> None:
        try:
            event: SpokenEvent = rg.ROBOT_SPOKEN.decode(msg)
        except MessageError:
            return
        if event.kind is ReplyKind.ESCORT_START and event.event is not SpokenPhase.STARTED:
            self._release(lambda _deadline: True)

    def _release_due(self) -> None:
        now = time.monotonic()
        self._release(lambda deadline: deadline <= now)

    def _release(self, due: Callable[[float], bool]) -> None:
        with self._held_lock:
            ready = [command for deadline, command in self._held if due(deadline)]
            self._held = [(deadline, command) for deadline, command in self._held if not due(deadline)]
        for command in ready:
            self._publish(command)

    def _on_status(self, msg: String) -> None:
        try:
            status = rg.ESCORT_STATUS.decode(msg)
        except MessageError as exc:
            self._malformed_statuses.refused(exc)
            return
        with self._turn_lock:
            replies = self._engine.on_escort_status(status)
        for reply in replies:
            self._publish_reply(reply)
        self.send_commands()

    def _on_node_status(self, msg: String) -> None:
        try:
            status = rg.NODE_STATUS.decode(msg)
        except MessageError:
            return
        if status.node != ESCORT_NODE or status.state is not NodeState.READY or self._enabled:
            return
        if self._max_escort_m <= 0:
            return
        self._enabled = True
        with self._turn_lock:
            self._engine.enable_escort(partial(can_escort, max_escort_m=self._max_escort_m))
        self._node.get_logger().info(f"escort_node is up: offering walks up to {self._max_escort_m:.0f} m")
