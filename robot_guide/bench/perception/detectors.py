"""Detector comparison: faces found, false faces, and milliseconds (wall and CPU) per 640x480 frame."""

from __future__ import annotations

import time
from typing import Any

from robot_guide.bench.perception.frame_set import TruthFrame, matches
from robot_guide.bench.stats import summarize
from robot_guide.perception.config import DETECTORS, PerceptionConfig
from robot_guide.perception.detector import DetectorUnavailable
from robot_guide.perception.geometry import Camera
from robot_guide.perception.pipeline import Perception

SLOW_ENGINES = {"skimage-lbp": 1}  # repeats for engines too slow for the usual count


def compare(frames: list[TruthFrame], repeats: int = 3, config: PerceptionConfig | None = None) -> list[dict]:
    return [measure(name, frames, repeats, config or PerceptionConfig()) for name in DETECTORS]


def measure(engine: str, frames: list[TruthFrame], repeats: int, base: PerceptionConfig) -> dict[str, Any]:
    config = PerceptionConfig(**{**base.__dict__, "detector": engine})
    try:
        perception = Perception(config)
    except DetectorUnavailable as exc:
        return {"detector": engine, "available": False, "why": str(exc)}
    camera = Camera(width_px=640, hfov_deg=config.hfov_deg)
    wall_ms: list[float] = []
    cpu_ms: list[float] = []
    found = truths = false = 0
    missed: list[str] = []
    for frame in frames:
        for _ in range(SLOW_ENGINES.get(engine, repeats)):
            wall, cpu = time.perf_counter(), time.process_time()
            boxes = perception.finder.find(frame.gray, camera)
            cpu_ms.append(1000 * (time.process_time() - cpu))
            wall_ms.append(1000 * (time.perf_counter() - wall))
        hits = [t for t in frame.faces if any(matches(b, t) for b in boxes)]
        found += len(hits)
        truths += len(frame.faces)
        false += sum(1 for b in boxes if not any(matches(b, t) for t in frame.faces))
        if len(hits) < len(frame.faces):
            missed.append(frame.name)
    return {
        "detector": engine,
        "available": True,
        "faces": truths,
        "found": found,
        "detection_rate": round(found / truths, 3) if truths else None,
        "false_faces": false,
        "frames": len(frames),
        "missed_in": missed,
        "wall_ms": summarize(wall_ms, 1),
        "cpu_ms": summarize(cpu_ms, 1),
        "scale": round(perception.finder.scale_for(camera), 3),
    }
