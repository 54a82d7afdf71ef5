"""perception_node: camera frames in, guest arrive/leave events out (the perception core does the work)."""

from __future__ import annotations

import time
from dataclasses import fields
from typing import Any

from rclpy.node import Node
from sensor_msgs.msg import Image
from std_msgs.msg import String

from robot_guide.contracts.messages import GuestEvent
from robot_guide.perception.config import PerceptionConfig, setting_docs
from robot_guide.perception.detector import DetectorUnavailable
from robot_guide.perception.engagement import EngagementEvent
from robot_guide.perception.frames import FrameError, to_gray
from robot_guide.perception.pipeline import Perception, PerceptionConfigError
from robot_guide.ros import interface as rg
from robot_guide.ros.params import declare
from robot_guide.ros.runner import NodeConfigError, NodeRecipe, run_node

TICK_S = 0.5  # departures are checked this often even when no frame comes (a camera that stopped)
# Ranges the parameter descriptors enforce; PerceptionConfig.problems() checks how they fit together.
RANGES: dict[str, tuple[float, float]] = {
    "hfov_deg": (10.0, 170.0),
    "face_width_m": (0.05, 0.5),
    "engage_distance_m": (0.3, 10.0),
    "dwell_s": (0.0, 30.0),
    "max_lateral_speed_mps": (0.05, 10.0),
    "leave_distance_m": (0.3, 15.0),
    "leave_after_s": (0.5, 120.0),
    "max_detect_distance_m": (0.5, 20.0),
    "min_neighbors": (1, 20),
    "scale_step": (1.01, 2.0),
    "match_min_iou": (0.01, 1.0),
    "match_max_shift": (0.1, 10.0),
}


class PerceptionNode(Node):
    def __init__(self, **node_options: Any) -> None:
        # node_options (e.g. parameter_overrides) let tests run the node in-process with their own settings.
        super().__init__("perception_node", **node_options)
        docs = setting_docs()
        values: dict[str, Any] = {}
        for setting in fields(PerceptionConfig):
            low, high = RANGES.get(setting.name, (None, None))
            values[setting.name] = declare(
                self, setting.name, setting.default, docs[setting.name], read_only=True, low=low, high=high
            )
        try:
            self._perception = Perception(PerceptionConfig(**values))
        except (PerceptionConfigError, DetectorUnavailable, ValueError) as exc:
            raise NodeConfigError(f"perception parameters: {exc}") from None
        self._events_pub = rg.GUEST_EVENTS.publisher(self)
        self._frames = 0
        self._busy_s = 0.0
        self._bad_frame_logged = False
        # One frame at a time: the node spins a single-threaded executor, and the camera queue holds one
        # frame, so frames that come while a frame is being processed replace each other and are dropped.
        rg.CAMERA_IMAGE.subscribe(self, self._on_image)
        self.create_timer(TICK_S, self._on_tick)
        self._status_publisher = rg.announce_ready(self)
        detector = self._perception.finder.detector.name
        self.get_logger().info(f"ready: detector {detector}, listening on {rg.CAMERA_IMAGE.name}")

    def _on_image(self, msg: Image) -> None:
        started = time.monotonic()
        try:
            gray = to_gray(memoryview(msg.data), msg.width, msg.height, msg.step, msg.encoding)
        except FrameError as exc:
            if not self._bad_frame_logged:  # once: a misconfigured camera would flood the log at 30 fps
                self.get_logger().error(f"ignoring camera frames: {exc}")
                self._bad_frame_logged = True
            return
        result = self._perception.process(gray, started)
        self._publish(result.events)
        self._frames += 1
        self._busy_s += time.monotonic() - started

    def _on_tick(self) -> None:
        self._publish(self._perception.tick(time.monotonic()))

    def _publish(self, events: list[EngagementEvent]) -> None:
        for event in events:
            where = f" at {event.distance_m:.1f} m" if event.distance_m is not None else ""
            self.get_logger().info(f"{event.kind} {event.guest_id}{where}")
            message = GuestEvent(event.kind, event.guest_id, time.time())
            self._events_pub.publish(String(data=message.to_json()))

    def close(self) -> None:
        if self._frames:
            mean_ms = 1000.0 * self._busy_s / self._frames
            self.get_logger().info(f"processed {self._frames} frames, {mean_ms:.1f} ms each on average")


# How the launcher makes this node, in a process of its own or sharing one (robot_guide.ros.shared_process).
RECIPE = NodeRecipe(PerceptionNode, threads=1)


def main(args: list[str] | None = None) -> int:
    return run_node(RECIPE.make, args, RECIPE.threads)
