"""The perception core's cost per camera frame in this process: rgb8 conversion, detection, tracking."""

from __future__ import annotations

import time
from typing import Any

from robot_guide.bench.perception.frame_set import TruthFrame
from robot_guide.bench.stats import summarize
from robot_guide.perception.config import PerceptionConfig
from robot_guide.perception.frames import to_gray
from robot_guide.perception.pipeline import Perception


def pipeline_cost(frames: list[TruthFrame], config: PerceptionConfig, rounds: int = 5) -> dict[str, Any]:
    """ms per 640x480 rgb8 frame (wall and CPU), and the CPU share of one core that 10 fps would take."""
    perception = Perception(config)
    rgb_frames = [_as_rgb8(frame) for frame in frames]
    wall_ms: list[float] = []
    cpu_ms: list[float] = []
    now = 0.0
    for _ in range(rounds):
        for data in rgb_frames:
            wall, cpu = time.perf_counter(), time.process_time()
            gray = to_gray(data, 640, 480, 640 * 3, "rgb8")
            perception.process(gray, now)
            cpu_ms.append(1000 * (time.process_time() - cpu))
            wall_ms.append(1000 * (time.perf_counter() - wall))
            now += 0.1
    mean_cpu_ms = sum(cpu_ms) / len(cpu_ms)
    return {
        "detector": config.detector,
        "frames": len(cpu_ms),
        "wall_ms": summarize(wall_ms, 1),
        "cpu_ms": summarize(cpu_ms, 1),
        # mean ms per frame x 10 frames per second = ms of CPU per second; / 1000 x 100 = % of one core
        "cpu_percent_at_10fps": round(mean_cpu_ms * 10 / 10, 1),
    }


def _as_rgb8(frame: TruthFrame) -> bytes:
    import numpy as np

    return np.repeat(frame.gray[:, :, None], 3, axis=2).tobytes()
