"""Escort payloads: a pose on the venue map, the dialogue's command to walk a guest, the escort's status."""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from robot_guide.contracts import decoding as d
from robot_guide.contracts.decoding import MessageError

MAX_COORDINATE_M = 100_000.0  # no venue is 100 km across: a larger number is a unit or sign mistake


@dataclass(frozen=True)
class Pose2D:
    """A place on the map: the frame the coordinates are in (usually `map`), metres and radians."""

    x: float
    y: float
    yaw: float = 0.0
    frame_id: str = "map"

    def distance_to(self, other: Pose2D) -> float:
        return math.hypot(self.x - other.x, self.y - other.y)

    def as_dict(self) -> dict[str, Any]:
        return {"x": self.x, "y": self.y, "yaw": self.yaw, "frame_id": self.frame_id}

    @classmethod
    def from_dict(cls, value: Any, what: str) -> Pose2D:
        if not isinstance(value, dict):
            raise MessageError(f"{what}: a pose is an object with x, y, yaw and frame_id")
        x, y = d.number(value, "x", what, math.nan), d.number(value, "y", what, math.nan)
        yaw = d.number(value, "yaw", what, 0.0)
        if not all(math.isfinite(v) and abs(v) <= MAX_COORDINATE_M for v in (x, y, yaw)):
            raise MessageError(f"{what}: a pose needs finite x and y within {MAX_COORDINATE_M:.0f} m")
        frame_id = d.text(value, "frame_id", what, "map")[:100] or "map"
        return cls(x, y, yaw, frame_id)


def _optional_pose(value: dict[str, Any], key: str, what: str) -> Pose2D | None:
    return None if value.get(key) is None else Pose2D.from_dict(value[key], f"{what} {key}")


class EscortAction(StrEnum):
    GO = "go"  # walk the guest to `place` at `goal`, then come back to `home`
    CANCEL = "cancel"  # the guest said stop: turn back to the post


@dataclass(frozen=True)
class EscortCommand:
    """dialogue_node -> escort_node: start or cancel walking a guest somewhere."""

    action: EscortAction
    place: str = ""  # venue id
    goal: Pose2D | None = None
    home: str = ""  # post id
    home_pose: Pose2D | None = None
    guest_id: str = ""
    stamp: float = 0.0

    def to_json(self) -> str:
        return d.encode_object(
            {
                "action": self.action.value,
                "place": self.place,
                "goal": self.goal.as_dict() if self.goal else None,
                "home": self.home,
                "home_pose": self.home_pose.as_dict() if self.home_pose else None,
                "guest_id": self.guest_id,
                "stamp": self.stamp,
            }
        )

    @classmethod
    def from_json(cls, raw: str) -> EscortCommand:
        what = "escort command"
        value = d.decode_object(raw, what)
        command = cls(
            action=d.member(EscortAction, value, "action", what),
            place=d.text(value, "place", what, "")[:100],
            goal=_optional_pose(value, "goal", what),
            home=d.text(value, "home", what, "")[:100],
            home_pose=_optional_pose(value, "home_pose", what),
            guest_id=d.text(value, "guest_id", what, "")[:100],
            stamp=d.number(value, "stamp", what, 0.0),
        )
        if command.action is EscortAction.GO and (
            not command.place or command.goal is None or command.home_pose is None
        ):
            raise MessageError(f"{what}: 'go' needs place, goal and home_pose")
        return command


class EscortKind(StrEnum):
    """What happened to an escort (the escort mission's events, plus progress and a refused start)."""

    LEADING = "leading"  # walking to the place with the guest
    PROGRESS = "progress"  # still walking: remaining_m says how far
    ARRIVED = "arrived"
    FAILED = "failed"  # could not get there (no progress, timeout): turning back
    CANCELLED = "cancelled"
    RETURNING = "returning"
    BACK_AT_POST = "back_at_post"
    STRANDED = "stranded"  # could not get back to the post: an operator must come
    REFUSED = "refused"  # a start while another escort is under way


@dataclass(frozen=True)
class EscortStatus:
    """escort_node -> dialogue_node, simulator: an escort's progress. `goal` is set with a new goal."""

    kind: EscortKind
    place: str  # the venue id, or the post id while returning
    reason: str = ""
    remaining_m: float | None = None
    goal: Pose2D | None = None
    stamp: float = 0.0

    def to_json(self) -> str:
        return d.encode_object(
            {
                "kind": self.kind.value,
                "place": self.place,
                "reason": self.reason,
                "remaining_m": self.remaining_m,
                "goal": self.goal.as_dict() if self.goal else None,
                "stamp": self.stamp,
            }
        )

    @classmethod
    def from_json(cls, raw: str) -> EscortStatus:
        what = "escort status"
        value = d.decode_object(raw, what)
        remaining = d.optional_number(value, "remaining_m", what)
        if remaining is not None and not 0.0 <= remaining <= MAX_COORDINATE_M:
            raise MessageError(f"{what}: 'remaining_m' must be between 0 and {MAX_COORDINATE_M:.0f}")
        return cls(
            kind=d.member(EscortKind, value, "kind", what),
            place=d.text(value, "place", what, "")[:100],
            reason=d.text(value, "reason", what, "")[:200],
            remaining_m=remaining,
            goal=_optional_pose(value, "goal", what),
            stamp=d.number(value, "stamp", what, 0.0),
        )
