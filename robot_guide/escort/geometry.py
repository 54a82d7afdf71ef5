"""Poses on the venue map and the distances the escort rules use."""

from __future__ import annotations

from robot_guide.contracts.escort import Pose2D

__all__ = ["Pose2D", "walking_distance_m"]


def walking_distance_m(start: Pose2D, goal: Pose2D, detour_factor: float = 1.3) -> float:
    """The walk is longer than the straight line (corridors, stands): the planner's path is not known before
    the goal is sent, so the offer rule uses the straight line times a detour factor."""
    return start.distance_to(goal) * detour_factor
