"""The simulator's moving body: the kinematic base on ROS (goal_pose in, odom out at 10 Hz, --speed honoured),
and the `body:` lines of the transcript, read from escort/status."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from geometry_msgs.msg import PoseStamped
from rclpy.node import Node

from robot_guide.contracts.escort import EscortKind, EscortStatus, Pose2D
from robot_guide.ros import interface as rg
from robot_guide.ros.poses import odometry, yaw_of
from robot_guide.sim.base import KinematicBase

ODOM_HZ = 10.0


def body_line(status: EscortStatus) -> str | None:
    """The transcript line for an escort status (progress reports are not printed)."""
    place, reason = status.place, status.reason.replace("_", " ")
    goal = status.goal
    lines = {
        EscortKind.LEADING: f"walking to {place}" + (f" ({goal.x:.1f}, {goal.y:.1f})" if goal else ""),
        EscortKind.ARRIVED: f"arrived at {place}",
        EscortKind.FAILED: f"navigation failed: {reason} on the way to {place}",
        EscortKind.CANCELLED: f"walk to {place} cancelled",
        EscortKind.RETURNING: f"returning to {place}",
        EscortKind.BACK_AT_POST: f"back at {place}",
        EscortKind.STRANDED: f"stranded on the way back to {place}: {reason}",
        EscortKind.REFUSED: f"would not walk to {place}: {reason}",
    }
    line = lines.get(status.kind)
    return None if line is None else f"body: {line}"


class SimBody:
    """Drives the kinematic base toward each goal Nav2 would get; simulated time runs `speed` times faster.

    `block()` stands the base still as a blocked path would: for the walk under way, or else the next one.
    Walking back is never blocked, so a failure ends at the post rather than stranded.
    """

    def __init__(self, node: Node, home: Pose2D, speed: float, on_line: Callable[[str], None]) -> None:
        self._node = node
        self._speed = speed
        self._on_line = on_line
        self._lock = threading.Lock()
        self.base = KinematicBase(home)
        self._block_next = False
        self._blocked_goal = False  # the block holds until the next goal
        self._last_step = time.monotonic()
        self._odom_pub = rg.ODOM.publisher(node)
        node.create_subscription(PoseStamped, rg.GOAL_POSE.name, self._on_goal, rg.GOAL_POSE.qos)
        node.create_timer(1.0 / ODOM_HZ, self._on_tick)

    def block(self) -> None:
        with self._lock:
            if self.base.goal is not None:
                self.base.blocked, self._blocked_goal = True, True
            else:
                self._block_next = True

    def unblock(self) -> None:
        with self._lock:
            self.base.blocked = self._blocked_goal = self._block_next = False

    def _on_goal(self, msg: PoseStamped) -> None:
        pose = msg.pose
        goal = Pose2D(
            pose.position.x, pose.position.y, yaw_of(pose.orientation), msg.header.frame_id or "map"
        )
        with self._lock:
            self.base.blocked = self._block_next
            self._blocked_goal, self._block_next = self._block_next, False
            self.base.drive_to(goal)

    def _on_tick(self) -> None:
        now = time.monotonic()
        with self._lock:
            pose = self.base.step((now - self._last_step) * self._speed)
            self._last_step = now
        self._odom_pub.publish(odometry(pose, self._node.get_clock().now().to_msg()))

    def on_status(self, status: EscortStatus) -> None:
        line = body_line(status)
        if line is not None:
            self._on_line(line)
