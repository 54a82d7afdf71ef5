"""Pinhole-camera geometry: focal length from the field of view, distance and sideways offset of a face."""

from __future__ import annotations

import math
from dataclasses import dataclass

from robot_guide.perception.detector import Box


@dataclass(frozen=True)
class Camera:
    """A pinhole camera `width_px` wide with horizontal field of view `hfov_deg`."""

    width_px: int
    hfov_deg: float

    @property
    def focal_px(self) -> float:
        return (self.width_px / 2) / math.tan(math.radians(self.hfov_deg) / 2)

    def distance_m(self, face: Box, face_width_m: float) -> float:
        """How far a face of average width is, from how wide it looks."""
        return self.focal_px * face_width_m / max(face.w, 1.0)

    def lateral_m(self, face: Box, distance_m: float) -> float:
        """How far the face is to the side of the camera's axis (right is positive), in metres."""
        return (face.centre[0] - self.width_px / 2) * distance_m / self.focal_px

    def face_px_at(self, distance_m: float, face_width_m: float) -> float:
        """How wide a face of average width looks at `distance_m`."""
        return self.focal_px * face_width_m / distance_m
