"""One escort from the post to a place and back: the states, and what the robot must do at each change."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from robot_guide.escort.geometry import Pose2D
from robot_guide.escort.progress import ProgressConfig, ProgressMonitor, Verdict


class Phase(StrEnum):
    AT_POST = "at_post"
    LEADING = "leading"  # walking to the place with the guest
    AT_PLACE = "at_place"  # arrived: a short pause before turning back
    RETURNING = "returning"
    STRANDED = "stranded"  # could not get back to the post: an operator must come


@dataclass(frozen=True)
class EscortEvent:
    """What happened, for the dialogue to say and the simulator to print. `goal` is set when a new
    navigation goal must be sent."""

    kind: str  # leading | arrived | failed | cancelled | returning | back_at_post | stranded
    place: str
    goal: Pose2D | None = None
    reason: str = ""
    remaining_m: float | None = None


class EscortMission:
    """The escort state machine. Calls never raise; each returns the events it caused."""

    def __init__(
        self,
        post_id: str,
        post_pose: Pose2D,
        progress: ProgressConfig | None = None,
        arrival_pause_s: float = 5.0,
        last_pose: Pose2D | None = None,
    ) -> None:
        self.post_id = post_id
        self.post_pose = post_pose
        self._progress_config = progress or ProgressConfig()
        self._arrival_pause_s = arrival_pause_s
        self.phase = Phase.AT_POST
        self.place = ""
        self._monitor: ProgressMonitor | None = None
        self._arrived_at = 0.0
        self._last_pose = last_pose  # where the robot was last seen, before or during this mission

    @property
    def busy(self) -> bool:
        return self.phase is not Phase.AT_POST

    @property
    def remaining_m(self) -> float | None:
        return self._monitor.remaining_m if self._monitor else None

    def start(self, place: str, goal: Pose2D, now: float) -> list[EscortEvent]:
        """Lead the guest to `place`. Refused (no event) while another escort is under way."""
        if self.busy:
            return []
        self.place = place
        self.phase = Phase.LEADING
        self._monitor = ProgressMonitor(goal, now, self._progress_config)
        return [EscortEvent("leading", place, goal=goal)]

    def cancel(self, now: float) -> list[EscortEvent]:
        """The guest said stop: turn back to the post."""
        if self.phase not in (Phase.LEADING, Phase.AT_PLACE):
            return []
        return [EscortEvent("cancelled", self.place), *self._return(now)]

    def on_pose(self, pose: Pose2D, now: float) -> list[EscortEvent]:
        self._last_pose = pose
        return self._check(pose, now)

    def tick(self, now: float) -> list[EscortEvent]:
        """Time passes without a pose (odometry stopped): progress and pauses are still judged."""
        return self._check(None, now)

    def _check(self, pose: Pose2D | None, now: float) -> list[EscortEvent]:
        if self.phase is Phase.AT_PLACE:
            return self._return(now) if now - self._arrived_at >= self._arrival_pause_s else []
        if self._monitor is None or self.phase not in (Phase.LEADING, Phase.RETURNING):
            return []
        verdict = self._monitor.update(pose, now)
        if verdict is Verdict.MOVING:
            return []
        if self.phase is Phase.LEADING:
            if verdict is Verdict.ARRIVED:
                self.phase = Phase.AT_PLACE
                self._arrived_at = now
                return [EscortEvent("arrived", self.place)]
            return [EscortEvent("failed", self.place, reason=verdict.value), *self._return(now)]
        if verdict is Verdict.ARRIVED:
            self.phase = Phase.AT_POST
            self._monitor = None
            return [EscortEvent("back_at_post", self.post_id)]
        self.phase = Phase.STRANDED
        return [EscortEvent("stranded", self.post_id, reason=verdict.value)]

    def _return(self, now: float) -> list[EscortEvent]:
        returning = EscortEvent("returning", self.post_id, goal=self.post_pose)
        pose = self._last_pose
        if pose is not None and pose.distance_to(self.post_pose) <= self._progress_config.arrival_tolerance_m:
            # It never got away from the post (blocked at the start): back at once, not after a walk that
            # cannot make progress and would end "stranded".
            self.phase = Phase.AT_POST
            self._monitor = None
            return [returning, EscortEvent("back_at_post", self.post_id)]
        self.phase = Phase.RETURNING
        self._monitor = ProgressMonitor(self.post_pose, now, self._progress_config)
        return [returning]
