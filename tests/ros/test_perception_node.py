"""perception_node in this process: camera frames in (rgb8, bgr8, mono8), guest arrive/leave events out."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from rclpy.context import Context
from rclpy.executors import MultiThreadedExecutor
from rclpy.node import Node
from rclpy.parameter import Parameter
from ros_probe import wait_for
from sensor_msgs.msg import Image

from robot_guide.contracts.messages import GuestEvent
from robot_guide.paths import share_dir
from robot_guide.perception.frames import load_rgb
from robot_guide.ros import interface as rg
from robot_guide.ros.observer import Observer
from robot_guide.ros.perception_node import PerceptionNode
from robot_guide.ros.runner import NodeConfigError

pytestmark = pytest.mark.ros


class Camera(Node):
    """Publishes one image over and over at 10 fps; records the guest events it hears."""

    def __init__(self, context: Context) -> None:
        super().__init__("test_camera", context=context)
        self.events: list[GuestEvent] = []
        self._lock = threading.Lock()
        self._image: Image | None = None
        self._publisher = rg.CAMERA_IMAGE.publisher(self)
        Observer(self).watch(rg.GUEST_EVENTS, self._on_event)
        self.create_timer(0.1, self._tick)

    def show(self, image: Image | None) -> None:
        with self._lock:
            self._image = image

    def _tick(self) -> None:
        with self._lock:
            image = self._image
        if image is not None:
            self._publisher.publish(image)

    def _on_event(self, event: GuestEvent) -> None:
        with self._lock:
            self.events.append(event)

    def kinds(self) -> list[tuple[str, str]]:
        with self._lock:
            return [(e.kind, e.guest_id) for e in self.events]


def image(name: str | None, encoding: str) -> Image:
    rgb = load_rgb(share_dir() / "sim" / "frames" / (name or "empty.png"))
    if name is None:
        rgb[:] = 0
    pixels = {"rgb8": rgb, "bgr8": rgb[..., ::-1], "mono8": rgb.mean(axis=2).astype("uint8")}[encoding]
    msg = Image()
    msg.height, msg.width = rgb.shape[:2]
    msg.encoding = encoding
    msg.step = msg.width * (1 if encoding == "mono8" else 3)
    msg.data = pixels.copy().tobytes()
    return msg


@pytest.fixture
def camera(ros_context: tuple[Context, MultiThreadedExecutor]) -> Any:
    context, executor = ros_context
    node = Camera(context)
    executor.add_node(node)
    yield node
    executor.remove_node(node)
    node.destroy_node()


def start_node(ros_context: tuple[Context, MultiThreadedExecutor], **settings: Any) -> PerceptionNode:
    context, executor = ros_context
    overrides = [Parameter(name, value=value) for name, value in settings.items()]
    node = PerceptionNode(context=context, parameter_overrides=overrides)
    executor.add_node(node)
    return node


@pytest.mark.parametrize("encoding", ["rgb8", "bgr8", "mono8"])
def test_a_guest_in_view_is_greeted_and_their_leaving_is_told(
    ros_context: tuple[Context, MultiThreadedExecutor], camera: Camera, encoding: str
) -> None:
    start_node(ros_context, leave_after_s=1.0)
    camera.show(image("near.png", encoding))
    wait_for(lambda: camera.kinds(), timeout=10.0)
    assert camera.kinds() == [("arrive", "face-1")]
    camera.show(image(None, encoding))
    wait_for(lambda: len(camera.kinds()) == 2, timeout=10.0)
    assert camera.kinds() == [("arrive", "face-1"), ("leave", "face-1")]


def test_far_passer_by_is_not_greeted_and_two_guests_are(
    ros_context: tuple[Context, MultiThreadedExecutor], camera: Camera
) -> None:
    start_node(ros_context, detector="opencv-haar")  # Haar also finds the far face: tracked, not greeted
    camera.show(image("far.png", "rgb8"))
    time.sleep(3.0)
    assert camera.kinds() == []
    camera.show(image("two.png", "rgb8"))
    wait_for(lambda: len(camera.kinds()) == 2, timeout=10.0)
    assert sorted(kind for kind, _ in camera.kinds()) == ["arrive", "arrive"]
    assert len({guest for _, guest in camera.kinds()}) == 2


def test_unsupported_frames_are_ignored_and_the_node_keeps_serving(
    ros_context: tuple[Context, MultiThreadedExecutor], camera: Camera
) -> None:
    start_node(ros_context)
    bad = image("near.png", "mono8")
    bad.encoding = "yuv422"
    camera.show(bad)
    time.sleep(1.5)
    assert camera.kinds() == []
    camera.show(image("near.png", "mono8"))
    wait_for(lambda: camera.kinds() == [("arrive", "face-1")], timeout=10.0)


def test_every_setting_is_a_described_read_only_parameter_and_bad_ones_are_refused(
    ros_context: tuple[Context, MultiThreadedExecutor],
) -> None:
    node = start_node(ros_context)
    names = ["detector", "hfov_deg", "engage_distance_m", "dwell_s", "leave_after_s", "leave_distance_m"]
    for descriptor in node.describe_parameters(names):
        assert descriptor.description and descriptor.read_only
    context, _ = ros_context
    with pytest.raises(NodeConfigError, match="leave_distance_m must be at least engage_distance_m"):
        PerceptionNode(context=context, parameter_overrides=[Parameter("engage_distance_m", value=3.0)])
    with pytest.raises(NodeConfigError, match="detector must be one of"):
        PerceptionNode(context=context, parameter_overrides=[Parameter("detector", value="yunet")])
