"""One frame in, guest events out: detect faces, place them in metres, track them, decide engagement."""

from __future__ import annotations

from dataclasses import dataclass

from robot_guide.perception.config import PerceptionConfig
from robot_guide.perception.detector import Box, FaceDetector, Gray, make_detector
from robot_guide.perception.engagement import EngagementEvent, EngagementMachine
from robot_guide.perception.geometry import Camera
from robot_guide.perception.tracker import FaceTracker, Sighting, Track


class PerceptionConfigError(ValueError):
    """The perception settings cannot work; the message names each bad setting."""


@dataclass(frozen=True)
class FrameResult:
    """What one frame showed: its faces (tracked, in metres) and the guest events they caused."""

    tracks: list[Track]
    events: list[EngagementEvent]


def downscale(gray: Gray, factor: float) -> Gray:
    if factor >= 1.0:
        return gray
    import cv2

    size = (max(1, round(gray.shape[1] * factor)), max(1, round(gray.shape[0] * factor)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA)  # type: ignore[return-value]


class FaceFinder:
    """Runs a detector on a frame shrunk just enough that the farthest face wanted still fits its window."""

    def __init__(self, config: PerceptionConfig, detector: FaceDetector) -> None:
        self.config = config
        self.detector = detector

    def scale_for(self, camera: Camera) -> float:
        smallest_face_px = camera.face_px_at(self.config.max_detect_distance_m, self.config.face_width_m)
        return min(1.0, self.detector.window_px / smallest_face_px)

    def find(self, gray: Gray, camera: Camera) -> list[Box]:
        factor = self.scale_for(camera)
        small = downscale(gray, factor)
        return [box.scaled(1.0 / factor) for box in self.detector.detect(small, self.detector.window_px)]


class Perception:
    """The whole perception core for one camera; not thread-safe (the node feeds it one frame at a time)."""

    def __init__(self, config: PerceptionConfig, detector: FaceDetector | None = None) -> None:
        problems = config.problems()
        if problems:
            raise PerceptionConfigError("; ".join(problems))
        self.config = config
        self.finder = FaceFinder(
            config, detector or make_detector(config.detector, config.min_neighbors, config.scale_step)
        )
        self.tracker = FaceTracker(
            config.match_min_iou, config.match_max_shift, forget_s=config.leave_after_s
        )
        self.engagement = EngagementMachine(config)

    def process(self, gray: Gray, now: float) -> FrameResult:
        """One grey frame taken at monotonic time `now` (seconds)."""
        camera = Camera(width_px=gray.shape[1], hfov_deg=self.config.hfov_deg)
        return self.observe(self.finder.find(gray, camera), camera, now)

    def observe(self, faces: list[Box], camera: Camera, now: float) -> FrameResult:
        """The faces found in one frame (full-frame pixels); the step after detection, testable on its own."""
        sightings = []
        for face in faces:
            distance = camera.distance_m(face, self.config.face_width_m)
            sightings.append(Sighting(face, distance, camera.lateral_m(face, distance)))
        seen = self.tracker.update(sightings, now)
        return FrameResult(seen, self.engagement.update(seen, now))

    def tick(self, now: float) -> list[EngagementEvent]:
        """Departures due when no frame has come for a while."""
        return self.engagement.expire(now)
