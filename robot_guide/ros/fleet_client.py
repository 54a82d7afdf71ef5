"""The operator's side of the fleet: publish knowledge, list robots, ask one robot, collect turns."""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import rclpy
from rclpy.context import Context
from rclpy.executors import SingleThreadedExecutor
from rclpy.node import Node
from rclpy.signals import SignalHandlerOptions
from std_msgs.msg import String

from robot_guide.contracts.fleet import FleetTurn, KnowledgeBundle, RobotHeartbeat
from robot_guide.contracts.messages import Reply, Utterance
from robot_guide.ros import interface as rg
from robot_guide.ros.observer import Observer

DISCOVERY_S = 3.0  # robots found within this are waited for; heartbeats come every 2 s
# A publish waits until no new robot has shown up for longer than a heartbeat period: on a loaded machine
# DDS discovery finds a fleet's robots one by one, seconds apart, and "1 of 1 robots serve" was printed for
# a fleet of three (a clean-clone CI run).
QUIET_S = 2.5
# `fleet status` listens this many times its --wait at most while robots keep showing up.
DISCOVERY_LIMIT_FACTOR = 5.0


def fleet_still_growing(waited_s: float, since_new_s: float, least_s: float, longest_s: float) -> bool:
    """Whether to keep listening for robots: at least `least_s`, then while one showed up within QUIET_S,
    never past `longest_s`."""
    if waited_s >= longest_s:
        return False
    return waited_s < least_s or since_new_s < QUIET_S


class NewRobots:
    """When a robot not seen before last showed up: how `fleet status` and `kb publish` tell that the fleet
    DDS is still discovering has stopped growing."""

    def __init__(self, started: float) -> None:
        self._seen: set[str] = set()
        self._last_new = started

    def since_new(self, names: Iterable[str], now: float) -> float:
        """Seconds from the last first sighting to `now`, after counting `names` as seen at `now`."""
        fresh = set(names) - self._seen
        if fresh:
            self._seen |= fresh
            self._last_new = now
        return now - self._last_new


class Confirmation(StrEnum):
    SERVED = "served"
    REFUSED = "refused"
    NO_ANSWER = "no answer"


@dataclass(frozen=True)
class RobotAnswer:
    """One robot's answer to a publish."""

    robot: str
    outcome: Confirmation
    detail: str = ""


def answer_of(beat: RobotHeartbeat | None, robot: str, bundle: KnowledgeBundle) -> RobotAnswer:
    """What a robot's latest heartbeat says about `bundle`."""
    if beat is None:
        return RobotAnswer(robot, Confirmation.NO_ANSWER, "not seen on this domain")
    if beat.knowledge_version == bundle.version:
        return RobotAnswer(robot, Confirmation.SERVED, f"serving {bundle.version}")
    if beat.refused_bundle == bundle.bundle_id:
        detail = f"{beat.refusal} (still serving {beat.knowledge_version})"
        return RobotAnswer(robot, Confirmation.REFUSED, detail)
    return RobotAnswer(robot, Confirmation.NO_ANSWER, f"still serving {beat.knowledge_version}")


class FleetClient:
    """A short-lived node on the fleet's domain, in its own rclpy context and spinning thread."""

    def __init__(self) -> None:
        self._context = Context()
        # No rclpy signal handlers: Ctrl-C is the command's KeyboardInterrupt, and close() shuts rclpy down.
        rclpy.init(context=self._context, signal_handler_options=SignalHandlerOptions.NO)
        self.node = Node(f"robot_guide_fleet_{os.getpid()}_{uuid.uuid4().hex[:8]}", context=self._context)
        self._executor = SingleThreadedExecutor(context=self._context)
        self._executor.add_node(self.node)
        self._lock = threading.Lock()
        self._beats: dict[str, RobotHeartbeat] = {}
        self.observer = Observer(self.node)
        self.observer.watch(rg.FLEET_ROBOTS, self._on_beat)
        self._spinner = threading.Thread(target=self._spin, name="fleet-client", daemon=True)
        self._spinner.start()

    def _spin(self) -> None:
        try:
            self._executor.spin()
        except Exception:  # the context was shut down under the executor: the client is closing
            return

    def _on_beat(self, beat: RobotHeartbeat) -> None:
        with self._lock:
            known = self._beats.get(beat.robot)
            if known is None or beat.stamp >= known.stamp:
                self._beats[beat.robot] = beat

    def robots(self) -> dict[str, RobotHeartbeat]:
        with self._lock:
            return dict(self._beats)

    def discover(self, seconds: float = DISCOVERY_S) -> dict[str, RobotHeartbeat]:
        """Every robot that reports within `seconds`, and those still showing up after it (a new one within
        QUIET_S, up to DISCOVERY_LIMIT_FACTOR x `seconds`); late joiners get each robot's last heartbeat."""
        started = time.monotonic()
        new_robots = NewRobots(started)
        while True:
            now = time.monotonic()
            since_new = new_robots.since_new(self.robots(), now)
            if not fleet_still_growing(now - started, since_new, seconds, seconds * DISCOVERY_LIMIT_FACTOR):
                return self.robots()
            time.sleep(0.05)

    # --- kb publish --------------------------------------------------------------------------------
    def publish(
        self, bundle: KnowledgeBundle, timeout: float, settle: float = DISCOVERY_S
    ) -> list[RobotAnswer]:
        """Publish and wait until every robot seen (or every target) served or refused it, or `timeout`; with
        no targets, robots still showing up (QUIET_S) are waited for too."""
        publisher = rg.FLEET_KNOWLEDGE.publisher(self.node)
        started = time.monotonic()
        publisher.publish(String(data=bundle.to_json()))
        new_robots = NewRobots(started)
        while True:
            beats = self.robots()
            now = time.monotonic()
            since_new = new_robots.since_new(beats, now)
            names = bundle.targets or tuple(sorted(n for n in beats if bundle.addressed_to(n)))
            answers = [answer_of(beats.get(name), name, bundle) for name in names]
            waited = now - started
            decided = all(a.outcome is not Confirmation.NO_ANSWER for a in answers)
            # Targets are waited for by name; "every robot" only once the fleet seen has stopped growing.
            quiet = bool(bundle.targets) or since_new >= QUIET_S
            if (decided and answers and waited >= settle and quiet) or waited >= timeout:
                break
            time.sleep(0.05)
        # The sample stays with the robots that took it (they re-offer it); this writer goes with the process.
        return answers

    # --- fleet ask ---------------------------------------------------------------------------------
    def ask(self, robot: str, text: str, timeout: float) -> Reply | None:
        """Send a question to `robot`'s dialogue as a guest of its own; its reply, or None after `timeout`."""
        turn_id = f"fleet-ask-{uuid.uuid4().hex}"
        replies: list[Reply] = []
        got = threading.Event()

        def on_reply(reply: Reply) -> None:
            if reply.turn_id == turn_id:
                replies.append(reply)
                got.set()

        self.observer.watch(rg.ROBOT_REPLY.in_namespace(robot), on_reply)
        publisher = rg.GUEST_UTTERANCE.in_namespace(robot).publisher(self.node)
        deadline = time.monotonic() + timeout
        # Events are volatile: the question is sent once the robot's dialogue is matched, or it is lost.
        while publisher.get_subscription_count() == 0 or self._replies_unmatched(robot):
            if time.monotonic() > deadline:
                return None
            time.sleep(0.05)
        utterance = Utterance(text=text, guest_id=turn_id, turn_id=turn_id, timings={"sent": time.time()})
        publisher.publish(String(data=utterance.to_json()))
        got.wait(max(0.0, deadline - time.monotonic()))
        return replies[0] if replies else None

    def _replies_unmatched(self, robot: str) -> bool:
        name = rg.ROBOT_REPLY.in_namespace(robot).name
        return self.node.count_publishers(name) == 0

    # --- fleet record ------------------------------------------------------------------------------
    def collect_turns(self, on_turn: Callable[[FleetTurn], None]) -> None:
        """Hand every robot's turns (each robot's last 100 first, then new ones) to `on_turn`."""
        self.observer.watch(rg.FLEET_TURNS, on_turn)

    def close(self) -> None:
        self._executor.shutdown(timeout_sec=2.0)
        self.node.destroy_node()
        rclpy.try_shutdown(context=self._context)
        self._spinner.join(timeout=2.0)


def status_rows(beats: Iterable[RobotHeartbeat], now: float) -> list[dict[str, Any]]:
    """One object per robot for `fleet status --json` (and the text table)."""
    rows = []
    for beat in sorted(beats, key=lambda b: b.robot):
        rate = beat.answer_rate_today
        rows.append(
            {
                "robot": beat.robot,
                "namespace": f"/{beat.robot}",
                "robot_id": beat.robot_id,
                "post": beat.post,
                "host": beat.host,
                "knowledge_version": beat.knowledge_version,
                "knowledge_source": beat.knowledge_source.value,
                "published_by": beat.published_by,
                "refused_bundle": beat.refused_bundle,
                "refusal": beat.refusal,
                "ready": beat.ready,
                "respawns": beat.respawns,
                "diagnostics_level": beat.diagnostics_level,
                "last_turn": beat.last_turn or None,
                "questions_today": beat.questions_today,
                "answered_today": beat.answered_today,
                "answer_rate_today": None if rate is None else round(rate, 4),
                "heartbeat_age_s": round(max(0.0, now - beat.stamp), 1),
            }
        )
    return rows
