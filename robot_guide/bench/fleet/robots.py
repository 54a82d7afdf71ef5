"""Starts and stops N dialogue-only robots (one dialogue_node process each) on a private ROS domain."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path
from types import TracebackType

from robot_guide.bench.process_memory import tree_memory_mb
from robot_guide.launcher.nodeset import describe_node_set, isolated_ros_env, start_node_set
from robot_guide.launcher.supervisor import Supervisor
from robot_guide.paths import launch_file


class BenchRobots:
    """Robots b1..bN, each with its own state folder and turn log; lexical matching (no neural model)."""

    def __init__(self, domain_id: int | None = None) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="robot-guide-bench-fleet-"))
        self.env = isolated_ros_env(domain_id)
        # Clients made by the benchmark (rclpy contexts in this process) join the same private domain.
        for name in ("ROS_DOMAIN_ID", "ROS_AUTOMATIC_DISCOVERY_RANGE"):
            os.environ[name] = self.env[name]
        params = launch_file().with_name("params.yaml").read_text(encoding="utf-8")
        self.params = self.root / "params.yaml"
        self.params.write_text(params.replace('matcher: "auto"', 'matcher: "lexical"'), encoding="utf-8")
        self.supervisors: dict[str, Supervisor] = {}
        self.started_at: dict[str, float] = {}
        self._log = (self.root / "nodes.log").open("w", encoding="utf-8")

    def start(self, robot: str) -> None:
        description = describe_node_set(
            {
                "namespace": robot,
                "with_speech": "false",
                "with_camera": "false",
                "with_escort": "false",
                "params_file": str(self.params),
            }
        )
        env = dict(
            self.env,
            ROBOT_GUIDE_STATE_DIR=str(self.root / robot / "state"),
            ROBOT_GUIDE_TURNLOG=str(self.root / robot / "turns.sqlite3"),
        )
        self.started_at[robot] = time.time()
        self.supervisors[robot] = start_node_set(description, env, output=self._log)

    def memory_mb(self) -> dict[str, float]:
        """Resident memory of each robot's dialogue_node, in MB."""
        found = {}
        for robot, supervisor in self.supervisors.items():
            pid = supervisor.pids().get("dialogue_node")
            if pid is not None:
                found[robot] = float(tree_memory_mb(pid)["rss_mb"])
        return found

    def stop(self, robot: str) -> None:
        self.supervisors.pop(robot).stop()

    def close(self) -> None:
        for robot in list(self.supervisors):
            self.stop(robot)
        self._log.close()
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> BenchRobots:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
