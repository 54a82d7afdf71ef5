"""scikit-image's own LBP cascade engine (pure scikit-image; slower than OpenCV's, kept for comparison)."""

from __future__ import annotations

from robot_guide.perception.detector import Box, DetectorUnavailable, Gray

WINDOW_PX = 24  # the LBP cascade's training window


class SkimageLbp:
    def __init__(self, min_neighbors: int, scale_step: float) -> None:
        try:
            from skimage import data
            from skimage.feature import Cascade
        except ImportError:
            raise DetectorUnavailable(
                "scikit-image is not installed: pip install -c constraints.txt scikit-image"
            ) from None
        self._cascade = Cascade(data.lbp_frontal_face_cascade_filename())
        self.name = "skimage-lbp"
        self.window_px = WINDOW_PX
        self._min_neighbors = min_neighbors
        self._scale_step = scale_step

    def detect(self, gray: Gray, min_face_px: int) -> list[Box]:
        size = max(min_face_px, self.window_px)
        largest = min(gray.shape[:2])
        found = self._cascade.detect_multi_scale(
            img=gray,
            scale_factor=self._scale_step,
            step_ratio=1,
            min_size=(size, size),
            max_size=(largest, largest),
            min_neighbor_number=self._min_neighbors,
        )
        return [Box(float(f["c"]), float(f["r"]), float(f["width"]), float(f["height"])) for f in found]
