"""Is the robot getting there? Arrival within a tolerance, failure on no progress or on a timeout."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from robot_guide.escort.geometry import Pose2D


@dataclass(frozen=True)
class ProgressConfig:
    arrival_tolerance_m: float = 0.6  # Nav2's default goal tolerance is 0.25 m; a guide need not be exact
    min_progress_m: float = 0.3  # the distance left must shrink by this much ...
    no_progress_s: float = 15.0  # ... within this time, or navigation has failed (blocked, lost, stuck)
    timeout_s: float = 240.0  # no escort takes longer than this, whatever the progress


class Verdict(StrEnum):
    MOVING = "moving"
    ARRIVED = "arrived"
    NO_PROGRESS = "no_progress"
    TIMED_OUT = "timed_out"


class ProgressMonitor:
    """Follows the robot's pose (odometry or localisation) toward one goal."""

    def __init__(self, goal: Pose2D, started_at: float, config: ProgressConfig | None = None) -> None:
        self.goal = goal
        self.config = config or ProgressConfig()
        self._started_at = started_at
        self._best_remaining_m: float | None = None
        self._last_progress_at = started_at
        self.remaining_m: float | None = None

    def update(self, pose: Pose2D | None, now: float) -> Verdict:
        """The verdict after a new pose (None: only time has passed)."""
        if pose is not None:
            self.remaining_m = pose.distance_to(self.goal)
            if self.remaining_m <= self.config.arrival_tolerance_m:
                return Verdict.ARRIVED
            best = self._best_remaining_m
            if best is None or best - self.remaining_m >= self.config.min_progress_m:
                self._best_remaining_m = self.remaining_m
                self._last_progress_at = now
        if now - self._started_at >= self.config.timeout_s:
            return Verdict.TIMED_OUT
        if now - self._last_progress_at >= self.config.no_progress_s:
            return Verdict.NO_PROGRESS
        return Verdict.MOVING
