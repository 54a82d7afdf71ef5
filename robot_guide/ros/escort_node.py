"""escort_node: escort commands in, navigation goals out; odometry in, escort status out (EscortMission)."""

from __future__ import annotations

import threading
import time
from typing import Any

from nav_msgs.msg import Odometry
from rclpy.node import Node
from std_msgs.msg import String

from robot_guide.contracts.escort import EscortAction, EscortCommand, EscortKind, EscortStatus, Pose2D
from robot_guide.escort.mission import EscortEvent, EscortMission, Phase
from robot_guide.escort.progress import ProgressConfig
from robot_guide.ros import interface as rg
from robot_guide.ros.malformed_log import MalformedLog
from robot_guide.ros.params import declare
from robot_guide.ros.poses import odometry_pose, pose_stamped
from robot_guide.ros.runner import NodeRecipe, run_node

TICK_S = 0.2  # the mission is judged this often even without odometry (a stopped driver is no progress)
PROGRESS_EVERY_S = 1.0  # while away from the post, the remaining distance is reported this often
ARRIVAL_PAUSE_S = 5.0  # at the place, before turning back: the guest has heard the arrival line


class EscortNode(Node):
    def __init__(self, **node_options: Any) -> None:
        # node_options (e.g. parameter_overrides) let tests run the node in-process with their own settings.
        super().__init__("escort_node", **node_options)
        self._malformed_commands = MalformedLog(
            self.get_logger().warning, "escort command", rg.MALFORMED_LOG_EVERY_S
        )
        # (name, description, low, high); the defaults are the core's, so the node and the tests agree.
        settings = (
            ("arrival_tolerance_m", "arrived within this distance of the goal (m)", 0.05, 10.0),
            ("min_progress_m", "the distance left must shrink by this much ... (m)", 0.01, 10.0),
            ("no_progress_s", "... within this time, or navigation has failed (s)", 0.1, 600.0),
            ("timeout_s", "no walk takes longer than this (s)", 1.0, 3600.0),
        )
        defaults = ProgressConfig()
        self._progress = ProgressConfig(
            **{
                name: declare(self, name, getattr(defaults, name), text, read_only=True, low=low, high=high)
                for name, text, low, high in settings
            }
        )
        self._arrival_pause_s = declare(
            self,
            "arrival_pause_s",
            ARRIVAL_PAUSE_S,
            "wait at the place this long before turning back to the post (s)",
            read_only=True,
            low=0.0,
            high=300.0,
        )
        self._lock = threading.Lock()
        self._mission: EscortMission | None = None  # made at the first walk: the post comes with the command
        self._last_pose: Pose2D | None = None  # the latest odometry, so a new mission knows where it starts
        self._last_progress = 0.0
        self._goal_pub = rg.GOAL_POSE.publisher(self)
        self._status_pub = rg.ESCORT_STATUS.publisher(self)
        rg.ESCORT_COMMAND.subscribe(self, self._on_command)
        rg.ODOM.subscribe(self, self._on_odometry)
        self.create_timer(TICK_S, self._on_tick)
        self._status_publisher = rg.announce_ready(self)
        self.get_logger().info(f"ready: goals on {rg.GOAL_POSE.name}, pose from {rg.ODOM.name}")

    @property
    def pose(self) -> Pose2D | None:
        """The robot's latest pose from odometry (None before the first)."""
        with self._lock:
            return self._last_pose

    def _on_command(self, msg: String) -> None:
        try:
            command = rg.ESCORT_COMMAND.decode(msg)
        except ValueError as exc:
            self._malformed_commands.refused(exc)
            return
        now = time.monotonic()
        with self._lock:
            events = self._command(command, now)
        self._publish(events)

    def _command(self, command: EscortCommand, now: float) -> list[EscortEvent]:
        mission = self._mission
        if command.action is EscortAction.CANCEL:
            return mission.cancel(now) if mission is not None else []
        if mission is not None and mission.busy:
            self.get_logger().warning(f"refused to walk to {command.place}: {mission.phase} {mission.place}")
            return [EscortEvent(EscortKind.REFUSED.value, command.place, reason=f"busy ({mission.phase})")]
        assert command.goal is not None and command.home_pose is not None  # from_json checks a go
        self._mission = EscortMission(
            command.home, command.home_pose, self._progress, self._arrival_pause_s, last_pose=self._last_pose
        )
        return self._mission.start(command.place, command.goal, now)

    def _on_odometry(self, msg: Odometry) -> None:
        pose = odometry_pose(msg)
        if pose is None:
            return
        with self._lock:
            self._last_pose = pose
            events = self._mission.on_pose(pose, time.monotonic()) if self._mission else []
        self._publish(events)

    def _on_tick(self) -> None:
        now = time.monotonic()
        with self._lock:
            mission = self._mission
            events = mission.tick(now) if mission else []
            progress: EscortEvent | None = None
            if mission is not None and mission.busy and now - self._last_progress >= PROGRESS_EVERY_S:
                self._last_progress = now
                place = mission.place if mission.phase in (Phase.LEADING, Phase.AT_PLACE) else mission.post_id
                progress = EscortEvent(EscortKind.PROGRESS.value, place, remaining_m=mission.remaining_m)
        self._publish([*events, *([progress] if progress else [])])

    def _publish(self, events: list[EscortEvent]) -> None:
        for event in events:
            if event.goal is not None:
                self._goal_pub.publish(pose_stamped(event.goal, self.get_clock().now().to_msg()))
            if event.kind != EscortKind.PROGRESS:
                self.get_logger().info(f"{event.kind} {event.place} {event.reason}".rstrip())
            remaining = event.remaining_m
            status = EscortStatus(
                kind=EscortKind(event.kind),
                place=event.place,
                reason=event.reason,
                remaining_m=None if remaining is None else round(remaining, 2),
                goal=event.goal,
                stamp=time.time(),
            )
            self._status_pub.publish(String(data=status.to_json()))


# How the launcher makes this node, in a process of its own or sharing one (robot_guide.ros.shared_process).
RECIPE = NodeRecipe(EscortNode, threads=1)


def main(args: list[str] | None = None) -> int:
    return run_node(RECIPE.make, args, RECIPE.threads)
