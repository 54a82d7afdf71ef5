"""When a tracked face becomes a guest to greet, and when that guest has left (with hysteresis)."""

from __future__ import annotations

from dataclasses import dataclass

from robot_guide.perception.config import PerceptionConfig
from robot_guide.perception.tracker import Track

SPEED_WINDOW_S = 0.5  # sideways speed is judged over this much of the track: long enough to beat box jitter
MISS_GRACE_S = 0.5  # a face the detector misses for less than this keeps its dwell (detectors blink)


@dataclass(frozen=True)
class EngagementEvent:
    """A guest arrives (stopped close, facing the robot) or leaves (gone long enough)."""

    kind: str  # "arrive" | "leave"
    guest_id: str
    distance_m: float | None = None


@dataclass
class _Candidate:
    seen_at: float
    dwell_since: float | None = None  # when the face came close and still; None while it is not
    engaged: bool = False
    present_at: float = 0.0  # last time an engaged guest was seen within leave_distance_m


class EngagementMachine:
    """`arrive` once a face stayed within engage_distance_m, still, for dwell_s; `leave` once an engaged
    guest was unseen or beyond leave_distance_m for leave_after_s. A far or passing face is never greeted."""

    def __init__(self, config: PerceptionConfig) -> None:
        self._config = config
        self._candidates: dict[str, _Candidate] = {}

    @property
    def engaged(self) -> list[str]:
        return [guest_id for guest_id, c in self._candidates.items() if c.engaged]

    def update(self, seen: list[Track], now: float) -> list[EngagementEvent]:
        """Feed the tracks seen in this frame; returns arrivals, then departures."""
        events: list[EngagementEvent] = []
        config = self._config
        for track in seen:
            candidate = self._candidates.setdefault(track.guest_id, _Candidate(seen_at=now))
            if now - candidate.seen_at > MISS_GRACE_S:
                candidate.dwell_since = None
            candidate.seen_at = now
            distance = track.last.distance_m
            if candidate.engaged:
                if distance <= config.leave_distance_m:
                    candidate.present_at = now
                continue
            close = distance <= config.engage_distance_m
            still = track.lateral_speed_mps(SPEED_WINDOW_S) <= config.max_lateral_speed_mps
            if not (close and still):
                candidate.dwell_since = None
                continue
            if candidate.dwell_since is None:
                candidate.dwell_since = now
            if now - candidate.dwell_since >= config.dwell_s:
                candidate.engaged, candidate.present_at = True, now
                events.append(EngagementEvent("arrive", track.guest_id, round(distance, 2)))
        return events + self.expire(now)

    def expire(self, now: float) -> list[EngagementEvent]:
        """Departures due at `now`; also called between frames, so a camera that stops still ends visits."""
        events: list[EngagementEvent] = []
        for guest_id, candidate in list(self._candidates.items()):
            if candidate.engaged and now - candidate.present_at >= self._config.leave_after_s:
                events.append(EngagementEvent("leave", guest_id))
                del self._candidates[guest_id]
            elif not candidate.engaged and now - candidate.seen_at >= self._config.leave_after_s:
                del self._candidates[guest_id]  # a face that passed by: nothing to say, nothing to keep
        return events
