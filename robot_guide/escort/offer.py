"""When the robot may offer to walk a guest somewhere: never to a place without a pose, nor too far."""

from __future__ import annotations

from robot_guide.escort.geometry import Pose2D, walking_distance_m

DEFAULT_MAX_ESCORT_M = 80.0


def can_escort(place: Pose2D | None, post: Pose2D | None, max_escort_m: float = DEFAULT_MAX_ESCORT_M) -> bool:
    """True when both ends are on the map, in the same frame, and the walk is within the limit."""
    if place is None or post is None or place.frame_id != post.frame_id:
        return False
    return walking_distance_m(post, place) <= max_escort_m
