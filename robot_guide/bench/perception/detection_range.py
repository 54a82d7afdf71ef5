"""How far each detector sees: one guest composed at growing distances, at three places across the view."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from robot_guide.bench.perception.frame_set import matches
from robot_guide.perception.config import DETECTORS, PerceptionConfig
from robot_guide.perception.detector import Box, DetectorUnavailable
from robot_guide.perception.geometry import Camera
from robot_guide.perception.pipeline import Perception
from robot_guide.sim.make_frames import Guest, compose

FACE_PX = (32, 36, 40, 44, 48, 56, 72)
PLACES_X = (150, 330, 480)
FACE_Y = 200


def detection_range(config: PerceptionConfig) -> dict[str, Any]:
    """For each face width: its distance, and per detector how many of the three places it was found in."""
    camera = Camera(width_px=640, hfov_deg=config.hfov_deg)
    perceptions: dict[str, Perception] = {}
    for name in DETECTORS:
        try:
            perceptions[name] = Perception(PerceptionConfig(**{**config.__dict__, "detector": name}))
        except DetectorUnavailable:
            continue
    rows = []
    for face_px in FACE_PX:
        found = dict.fromkeys(perceptions, 0)
        false = dict.fromkeys(perceptions, 0)
        for x in PLACES_X:
            gray = np.asarray(
                cv2.cvtColor(compose((Guest(face_px, x, FACE_Y),)), cv2.COLOR_RGB2GRAY), np.uint8
            )
            truth = Box(x - face_px / 2, FACE_Y - face_px / 2, face_px, face_px)
            for name, perception in perceptions.items():
                boxes = perception.finder.find(gray, camera)
                found[name] += any(matches(box, truth) for box in boxes)
                false[name] += sum(1 for box in boxes if not matches(box, truth))
        distance = camera.distance_m(Box(0, 0, face_px, face_px), config.face_width_m)
        rows.append({"face_px": face_px, "distance_m": round(distance, 2), "found": found, "false": false})
    return {"places": len(PLACES_X), "rows": rows}
