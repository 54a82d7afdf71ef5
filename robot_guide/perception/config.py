"""Every threshold of the perception core, with what it means and its default."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

DETECTORS = ("opencv-lbp", "opencv-haar", "skimage-lbp")


def _setting(default: Any, doc: str) -> Any:
    return field(default=default, metadata={"doc": doc})


@dataclass(frozen=True)
class PerceptionConfig:
    """Perception settings; perception_node declares one ROS parameter per field, with the same name."""

    detector: str = _setting(
        "opencv-lbp",
        "face detector: opencv-lbp (fastest), opencv-haar or skimage-lbp (benchmarks/perception.md)",
    )
    hfov_deg: float = _setting(
        60.0, "the camera's horizontal field of view in degrees (sets the focal length)"
    )
    face_width_m: float = _setting(0.15, "average face width in metres: distance = focal_px * this / face px")
    engage_distance_m: float = _setting(
        1.8, "a guest facing the robot closer than this is about to be greeted"
    )
    dwell_s: float = _setting(1.0, "... once they have stayed that close this long (seconds): they stopped")
    max_lateral_speed_mps: float = _setting(
        0.5, "a face crossing the view faster than this (m/s) is walking past: its dwell starts again"
    )
    leave_distance_m: float = _setting(
        2.5, "an engaged guest seen farther than this counts as gone (hysteresis: >= engage_distance_m)"
    )
    leave_after_s: float = _setting(
        4.0, "an engaged guest gone (unseen, or beyond leave_distance_m) this long has left: goodbye"
    )
    max_detect_distance_m: float = _setting(
        3.5, "faces farther than this need not be found; frames are downscaled to match (sets the CPU cost)"
    )
    min_neighbors: int = _setting(3, "overlapping cascade hits needed for a face: higher = fewer false faces")
    scale_step: float = _setting(1.2, "cascade scale step between pyramid levels: smaller = slower, finer")
    match_min_iou: float = _setting(
        0.2, "a detection continues a track if their boxes overlap this much (intersection over union)"
    )
    match_max_shift: float = _setting(
        1.0, "... or if its centre moved less than this many face widths since the track was last seen"
    )

    def problems(self) -> list[str]:
        """What is wrong with these settings, one line each, naming the setting and the fix."""
        found: list[str] = []
        if self.detector not in DETECTORS:
            found.append(f"detector must be one of {', '.join(DETECTORS)}, got {self.detector!r}")
        if not 10.0 <= self.hfov_deg <= 170.0:
            found.append(f"hfov_deg must be between 10 and 170 degrees, got {self.hfov_deg}")
        positive = ("face_width_m", "engage_distance_m", "leave_distance_m", "max_detect_distance_m")
        found += [f"{name} must be above 0" for name in positive if getattr(self, name) <= 0]
        if self.dwell_s < 0 or self.leave_after_s <= 0 or self.max_lateral_speed_mps <= 0:
            found.append("dwell_s must be 0 or more; leave_after_s and max_lateral_speed_mps above 0")
        if self.leave_distance_m < self.engage_distance_m:
            found.append("leave_distance_m must be at least engage_distance_m (hysteresis)")
        if self.max_detect_distance_m < self.leave_distance_m:
            found.append("max_detect_distance_m must be at least leave_distance_m, or engaged guests vanish")
        if self.min_neighbors < 1 or not 1.01 <= self.scale_step <= 2.0:
            found.append("min_neighbors must be 1 or more and scale_step between 1.01 and 2.0")
        if not 0.0 < self.match_min_iou <= 1.0 or self.match_max_shift <= 0:
            found.append("match_min_iou must be in (0, 1] and match_max_shift above 0")
        return found


def setting_docs() -> dict[str, str]:
    """Each setting's one-line meaning, for parameter descriptors."""
    return {f.name: str(f.metadata["doc"]) for f in fields(PerceptionConfig)}


def setting_defaults() -> dict[str, Any]:
    return {f.name: f.default for f in fields(PerceptionConfig)}
