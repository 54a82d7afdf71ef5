"""Poses on the venue map and the distances the escort rules use."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Pose2D:
    """A place on the map: the frame the coordinates are in (usually `map`), metres and radians."""

    x: float
    y: float
    yaw: float = 0.0
    frame_id: str = "map"

    def distance_to(self, other: Pose2D) -> float:
        return math.hypot(self.x - other.x, self.y - other.y)


def walking_distance_m(start: Pose2D, goal: Pose2D, detour_factor: float = 1.3) -> float:
    """The walk is longer than the straight line (corridors, stands): the planner's path is not known before
    the goal is sent, so the offer rule uses the straight line times a detour factor."""
    return start.distance_to(goal) * detour_factor
