"""The face detector interface, face boxes, and the factory that picks an engine by name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

Gray = npt.NDArray[np.uint8]  # one 8-bit grey frame, rows x columns


class DetectorUnavailable(RuntimeError):
    """The detector's engine or its cascade file is not installed; the message names the package."""


@dataclass(frozen=True)
class Box:
    """A frontal face in full-frame pixels: left, top, width, height."""

    x: float
    y: float
    w: float
    h: float

    @property
    def centre(self) -> tuple[float, float]:
        return self.x + self.w / 2, self.y + self.h / 2

    def iou(self, other: Box) -> float:
        left, top = max(self.x, other.x), max(self.y, other.y)
        right = min(self.x + self.w, other.x + other.w)
        bottom = min(self.y + self.h, other.y + other.h)
        overlap = max(0.0, right - left) * max(0.0, bottom - top)
        union = self.w * self.h + other.w * other.h - overlap
        return overlap / union if union > 0 else 0.0

    def scaled(self, factor: float) -> Box:
        return Box(self.x * factor, self.y * factor, self.w * factor, self.h * factor)


class FaceDetector(Protocol):
    """Finds frontal faces (a guest facing the robot) in a grey frame."""

    name: str
    window_px: int  # the smallest face it can find, in pixels of the image it is given

    def detect(self, gray: Gray, min_face_px: int) -> list[Box]:
        """Faces at least `min_face_px` wide, in the pixels of `gray`."""
        ...


def make_detector(name: str, min_neighbors: int = 4, scale_step: float = 1.15) -> FaceDetector:
    """The named engine (perception.config.DETECTORS); raises DetectorUnavailable or ValueError."""
    if name == "opencv-lbp":
        from robot_guide.perception.opencv_cascade import OpenCvCascade, skimage_lbp_cascade

        return OpenCvCascade(name, skimage_lbp_cascade(), min_neighbors, scale_step)
    if name == "opencv-haar":
        from robot_guide.perception.opencv_cascade import OpenCvCascade, opencv_haar_cascade

        return OpenCvCascade(name, opencv_haar_cascade(), min_neighbors, scale_step)
    if name == "skimage-lbp":
        from robot_guide.perception.skimage_cascade import SkimageLbp

        return SkimageLbp(min_neighbors, scale_step)
    raise ValueError(f"unknown face detector {name!r} (known: opencv-lbp, opencv-haar, skimage-lbp)")
