"""The simulator's body base: drives toward the last navigation goal at a walking pace (no Gazebo)."""

from __future__ import annotations

import math
from dataclasses import dataclass

from robot_guide.escort.geometry import Pose2D

WALKING_SPEED_M_S = 1.0  # a guide walks slower than a guest alone would (about 1.4 m/s)
TURN_SPEED_RAD_S = 1.5


@dataclass
class KinematicBase:
    """A point robot: heads straight for the goal, stops on it. `blocked` makes it stand still, as a robot
    whose path is blocked would, so navigation failures can be played."""

    pose: Pose2D
    speed_m_s: float = WALKING_SPEED_M_S
    blocked: bool = False
    goal: Pose2D | None = None

    def drive_to(self, goal: Pose2D) -> None:
        self.goal = goal

    def step(self, dt_s: float) -> Pose2D:
        """Advance `dt_s` seconds of simulated time; returns the new pose."""
        goal = self.goal
        if goal is None or self.blocked or dt_s <= 0:
            return self.pose
        dx, dy = goal.x - self.pose.x, goal.y - self.pose.y
        distance = math.hypot(dx, dy)
        reach = self.speed_m_s * dt_s
        if distance <= reach:
            self.pose = Pose2D(goal.x, goal.y, goal.yaw, goal.frame_id)
            self.goal = None
            return self.pose
        heading = math.atan2(dy, dx)
        self.pose = Pose2D(
            self.pose.x + reach * dx / distance,
            self.pose.y + reach * dy / distance,
            _turn_toward(self.pose.yaw, heading, TURN_SPEED_RAD_S * dt_s),
            self.pose.frame_id,
        )
        return self.pose


def _turn_toward(yaw: float, target: float, max_step: float) -> float:
    delta = math.atan2(math.sin(target - yaw), math.cos(target - yaw))
    return yaw + max(-max_step, min(max_step, delta))
