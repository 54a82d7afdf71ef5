"""The simulator's kinematic base: walks to the goal at its pace, stops on it, stands still when blocked."""

from __future__ import annotations

import pytest

from robot_guide.escort.geometry import Pose2D
from robot_guide.sim.base import KinematicBase


def test_walks_to_the_goal_at_its_pace_and_stops_there() -> None:
    base = KinematicBase(Pose2D(0.0, 0.0), speed_m_s=1.0)
    base.drive_to(Pose2D(3.0, 4.0, 1.0))
    assert base.step(1.0).distance_to(Pose2D(0.0, 0.0)) == pytest.approx(1.0)
    for _ in range(10):
        pose = base.step(1.0)
    assert (pose.x, pose.y, pose.yaw) == (3.0, 4.0, 1.0)
    assert base.goal is None
    assert base.step(1.0) == pose


def test_a_blocked_base_stands_still() -> None:
    base = KinematicBase(Pose2D(0.0, 0.0), blocked=True)
    base.drive_to(Pose2D(5.0, 0.0))
    assert base.step(2.0) == Pose2D(0.0, 0.0)
    base.blocked = False
    assert base.step(2.0).x == pytest.approx(2.0)
