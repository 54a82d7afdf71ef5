"""A node set under test: its own processes on a private DDS domain, plus one probe node in this process."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import IO, Generic, Self, TypeVar

import rclpy
from rclpy.context import Context
from rclpy.executors import SingleThreadedExecutor
from rclpy.node import Node

from robot_guide.bench.process_memory import tree_memory_mb
from robot_guide.launcher.launch_file import LaunchDescription
from robot_guide.launcher.nodeset import (
    isolated_ros_env,
    join_domain,
    leave_domain,
    start_node_set,
    supervise_in_background,
)
from robot_guide.launcher.supervisor import Supervisor

ProbeT = TypeVar("ProbeT", bound=Node)


class ProbedNodeSet(Generic[ProbeT]):
    """Starts the described nodes under the launcher's supervisor and a probe node (made by `_make_probe`)
    spinning in a thread; `close()` stops everything in an order that never leaves a node process behind.
    Use as a context manager, or call start() and close()."""

    def __init__(
        self,
        description: LaunchDescription,
        log_path: Path,
        *,
        append_log: bool = False,
        respawn_in_background: bool = False,
    ) -> None:
        self._description = description
        self._env = isolated_ros_env()
        self._log_path = log_path
        self._log_mode = "a" if append_log else "w"
        self._respawn_in_background = respawn_in_background
        self._log: IO[str] | None = None
        self.supervisor: Supervisor | None = None
        self._supervising: threading.Event | None = None
        self._context: Context | None = None
        self._executor: SingleThreadedExecutor | None = None
        self.probe: ProbeT | None = None
        self._saved_env: dict[str, str | None] = {}

    def _make_probe(self, context: Context) -> ProbeT:
        raise NotImplementedError

    def __enter__(self) -> Self:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start(self) -> None:
        self._log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self._log_path, self._log_mode, encoding="utf-8")  # noqa: SIM115 - closed in close()
        self.supervisor = start_node_set(self._description, self._env, output=self._log)
        if self._respawn_in_background:
            self._supervising = supervise_in_background(self.supervisor)
        # rclpy reads the DDS domain from the environment at init: join the node set's private domain.
        self._saved_env = join_domain(self._env)
        self._context = Context()
        rclpy.init(context=self._context)
        self.probe = self._make_probe(self._context)
        self._executor = SingleThreadedExecutor(context=self._context)
        self._executor.add_node(self.probe)
        threading.Thread(target=self._spin, name="bench-probe-spin", daemon=True).start()

    def _spin(self) -> None:
        assert self._executor is not None
        with contextlib.suppress(Exception):  # shutdown races end the spin; closing carries on
            self._executor.spin()

    def memory(self) -> dict[str, dict[str, float | int]]:
        """RSS and peak RSS per node process (each with its child processes, e.g. the espeak worker); nodes
        that share a process are one entry, named "a+b+..." in launch order, counted once."""
        assert self.supervisor is not None
        names_by_pid: dict[int, list[str]] = {}
        for name, pid in self.supervisor.pids().items():
            names_by_pid.setdefault(pid, []).append(name)
        rows = {"+".join(names): {"pid": pid, **tree_memory_mb(pid)} for pid, names in names_by_pid.items()}
        return dict(sorted(rows.items()))

    def _before_close(self) -> None:
        """What the probe must stop before its executor does (a subclass's own threads)."""

    def close(self) -> None:
        """Stop the probe, then the nodes, never leaving a node process behind."""
        self._before_close()
        if self._executor is not None:
            self._executor.shutdown(timeout_sec=1.0)
            self._executor = None
        if self.probe is not None:
            self.probe.destroy_node()
            self.probe = None
        if self._context is not None:
            rclpy.try_shutdown(context=self._context)
            self._context = None
        if self._supervising is not None:
            self._supervising.set()
            self._supervising = None
        if self.supervisor is not None:
            self.supervisor.stop()
            self.supervisor = None
        leave_domain(self._saved_env)
        self._saved_env = {}
        if self._log is not None:
            self._log.close()
            self._log = None
