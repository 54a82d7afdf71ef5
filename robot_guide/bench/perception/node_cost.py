"""perception_node's real CPU use: the node process fed camera frames at 10 fps over ROS for a while."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import IO, Any

from robot_guide.bench.perception.frame_set import TruthFrame

CLOCK_TICKS = 100  # /proc/<pid>/stat counts CPU time in clock ticks (USER_HZ, 100 on Linux)
READY_TIMEOUT_S = 60.0
FRAME_HOLD_S = 3.0  # each shipped frame is shown this long: near is greeted, and then leaves


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of one process so far, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def node_cost(frames: list[TruthFrame], seconds: float, fps: float, log: IO[str]) -> dict[str, Any]:
    """Start perception_node alone, publish the frames in turn at `fps`, and measure the node's CPU."""
    import rclpy
    from rclpy.executors import SingleThreadedExecutor
    from sensor_msgs.msg import Image

    from robot_guide.launcher.nodeset import describe_node_set, isolated_ros_env
    from robot_guide.launcher.supervisor import Supervisor
    from robot_guide.ros import interface as rg
    from robot_guide.ros.observer import Observer

    spec = next(s for s in describe_node_set().nodes if s.name == "perception_node")
    env = isolated_ros_env()
    supervisor = Supervisor((spec,), env=env, output=log)
    supervisor.start()
    context = rclpy.Context()
    rclpy.init(context=context, domain_id=int(env["ROS_DOMAIN_ID"]))
    node = rclpy.create_node("perception_bench", context=context)
    ready = threading.Event()
    events: list[Any] = []
    observer = Observer(node)
    observer.watch(rg.NODE_STATUS, lambda status: ready.set() if status.node == "perception_node" else None)
    observer.watch(rg.GUEST_EVENTS, events.append)
    publisher = rg.CAMERA_IMAGE.publisher(node)
    executor = SingleThreadedExecutor(context=context)
    executor.add_node(node)
    spinner = threading.Thread(target=executor.spin, daemon=True)
    spinner.start()
    try:
        if not ready.wait(READY_TIMEOUT_S):
            return {"error": "perception_node did not report ready (see the node log)"}
        pid = supervisor.pids()["perception_node"]
        messages = [_mono8(frame, Image) for frame in frames]
        time.sleep(1.0)  # discovery
        cpu_before, wall_before = cpu_seconds(pid), time.monotonic()
        sent = 0
        next_at = wall_before
        while time.monotonic() - wall_before < seconds:
            # Each frame is shown for a while, as guests come and go: long enough for a greeting.
            publisher.publish(messages[int(sent / fps / FRAME_HOLD_S) % len(messages)])
            sent += 1
            next_at += 1.0 / fps
            time.sleep(max(0.0, next_at - time.monotonic()))
        cpu_used, wall = cpu_seconds(pid) - cpu_before, time.monotonic() - wall_before
        return {
            "seconds": round(wall, 1),
            "frames_sent": sent,
            "fps": fps,
            "cpu_percent_of_one_core": round(100.0 * cpu_used / wall, 1),
            "guest_events": len(events),
        }
    finally:
        executor.shutdown()
        node.destroy_node()
        rclpy.try_shutdown(context=context)
        supervisor.stop()


def _mono8(frame: TruthFrame, image_type: Any) -> Any:
    # mono8, as the simulator sends: rgb8 640x480 frames exceed Fast DDS's default shared-memory segment
    # and best effort loses nearly all of them between processes (README, "Pointing perception_node ...").
    msg = image_type()
    msg.height, msg.width = frame.gray.shape
    msg.encoding, msg.step = "mono8", frame.gray.shape[1]
    msg.data = frame.gray.tobytes()
    return msg
