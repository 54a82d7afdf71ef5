"""OpenCV's cascade engine, running either its own Haar cascade or scikit-image's LBP cascade."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from robot_guide.perception.detector import Box, DetectorUnavailable, Gray

HAAR_FILE = "haarcascade_frontalface_default.xml"
# scikit-image ships OpenCV's LBP frontal-face cascade with one key misspelt; OpenCV refuses the file
# as it is, and reads it once the key is spelt as its own writer spells it.
SKIMAGE_TYPO = ("featuhreParams", "featureParams")


@dataclass(frozen=True)
class CascadeText:
    """A cascade's XML and where it came from (for error messages)."""

    xml: str
    source: str


def _cv2() -> Any:
    try:
        import cv2
    except ImportError:
        raise DetectorUnavailable(
            "OpenCV is not installed: pip install -c constraints.txt 'opencv-python-headless<5'"
        ) from None
    return cv2


def opencv_haar_cascade() -> CascadeText:
    """OpenCV 4's frontal-face Haar cascade from cv2.data (OpenCV 5 no longer ships it)."""
    cv2 = _cv2()
    folder = getattr(getattr(cv2, "data", None), "haarcascades", "")
    path = Path(folder) / HAAR_FILE
    if not folder or not path.is_file():
        raise DetectorUnavailable(f"{HAAR_FILE} is not in cv2.data: install opencv-python-headless 4.x (<5)")
    return CascadeText(path.read_text(encoding="utf-8"), str(path))


def skimage_lbp_cascade() -> CascadeText:
    """The LBP frontal-face cascade that scikit-image ships, made readable by OpenCV."""
    try:
        from skimage import data
    except ImportError:
        raise DetectorUnavailable(
            "scikit-image is not installed (it ships the LBP face cascade): pip install -c constraints.txt "
            "scikit-image"
        ) from None
    path = Path(data.lbp_frontal_face_cascade_filename())
    return CascadeText(path.read_text(encoding="utf-8").replace(*SKIMAGE_TYPO), str(path))


class OpenCvCascade:
    """cv2.CascadeClassifier.detectMultiScale on one thread (the node's CPU budget is one core's share)."""

    def __init__(self, name: str, cascade: CascadeText, min_neighbors: int, scale_step: float) -> None:
        cv2 = _cv2()
        cv2.setNumThreads(1)
        storage = cv2.FileStorage(cascade.xml, cv2.FILE_STORAGE_READ | cv2.FILE_STORAGE_MEMORY)
        self._classifier = cv2.CascadeClassifier()
        if not self._classifier.read(storage.getFirstTopLevelNode()):
            raise DetectorUnavailable(f"OpenCV cannot read the face cascade {cascade.source}")
        self.name = name
        self.window_px = int(self._classifier.getOriginalWindowSize()[0])
        self._min_neighbors = min_neighbors
        self._scale_step = scale_step

    def detect(self, gray: Gray, min_face_px: int) -> list[Box]:
        size = max(min_face_px, self.window_px)
        found = self._classifier.detectMultiScale(
            gray, scaleFactor=self._scale_step, minNeighbors=self._min_neighbors, minSize=(size, size)
        )
        return [Box(float(x), float(y), float(w), float(h)) for x, y, w, h in found]
