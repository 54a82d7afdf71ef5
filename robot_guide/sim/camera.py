"""The simulator's camera: shows perception_node an image file, frame after frame, until the next /see."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from rclpy.node import Node
from sensor_msgs.msg import Image

from robot_guide.paths import share_dir
from robot_guide.perception.frames import FrameError, load_rgb, to_gray
from robot_guide.ros import interface as rg

NOBODY = "nobody"
FPS = 10.0  # a typical robot camera rate; perception_node's CPU budget is set at this rate
MIN_FPS = 5.0  # perception's thresholds are wall-clock seconds: fewer frames than this would blur them
# After showing someone, the simulator counts as busy this long, so a piped or scripted guest waits for the
# greeting: perception_node's default dwell (1 s), plus the frames and the reply's way to the speaker.
SETTLE_S = 2.5


def frames_dir() -> Path:
    return share_dir() / "sim" / "frames"


def resolve_frame(name: str, base_dir: Path) -> Path | None:
    """The image file `/see NAME` means (None for `nobody`): a path, else a file of sim/frames/."""
    if name.strip().lower() == NOBODY:
        return None
    path = Path(name).expanduser()
    for candidate in (path, base_dir / path, frames_dir() / path):
        if candidate.is_file():
            return candidate
    shipped = ", ".join(sorted(p.name for p in frames_dir().glob("*.png"))) or "none"
    raise FrameError(f"no image file {name!r} (give a path, or one of sim/frames/: {shipped}; or 'nobody')")


def image_message(path: Path | None, width: int = 640, height: int = 480) -> Image:
    """A mono8 sensor_msgs/Image of the file, or of an empty view (all black) for None.

    Grey, because a 640 x 480 rgb8 frame (900 kB) is larger than Fast DDS's default shared-memory segment
    (512 kB): best effort between processes then goes over UDP fragments, and nearly every frame was lost.
    """
    msg = Image()
    msg.encoding = "mono8"
    if path is None:
        msg.width, msg.height, msg.step = width, height, width
        msg.data = bytes(width * height)
        return msg
    pixels = load_rgb(path)
    msg.height, msg.width = int(pixels.shape[0]), int(pixels.shape[1])
    msg.step = msg.width
    msg.data = to_gray(pixels.tobytes(), msg.width, msg.height, msg.width * 3, "rgb8").tobytes()
    return msg


class SimCamera:
    """Publishes the current view on camera/image at a steady rate; nothing before the first `show`."""

    def __init__(self, node: Node, speed: float = 1.0) -> None:
        self._node = node
        self._publisher = rg.CAMERA_IMAGE.publisher(node)
        # Robot speech sped up N times (CI) does not speed up perception's clock, so the frame rate stays
        # in real time; it only drops towards MIN_FPS to spare the CPU of a fast, loaded CI run.
        self.fps = max(MIN_FPS, FPS / max(speed, 1.0))
        self._lock = threading.Lock()
        self._view: Image | None = None
        self._settle_until = 0.0
        self._timer = node.create_timer(1.0 / self.fps, self._publish)

    def show(self, path: Path | None) -> None:
        """From now on the camera sees `path` (None: nobody). Raises FrameError for a bad file."""
        message = image_message(path)
        with self._lock:
            self._view = message
            self._settle_until = time.monotonic() + (SETTLE_S if path is not None else 0.0)
        self._publish()

    def settling(self) -> bool:
        """True right after a guest was shown, while perception may still greet them."""
        with self._lock:
            return time.monotonic() < self._settle_until

    def _publish(self) -> None:
        with self._lock:
            view = self._view
        if view is None:
            return
        view.header.stamp = self._node.get_clock().now().to_msg()
        view.header.frame_id = "camera"
        self._publisher.publish(view)

    def close(self) -> None:
        self._node.destroy_timer(self._timer)
