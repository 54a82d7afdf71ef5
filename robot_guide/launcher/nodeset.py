"""Starts the guide's node set from the launch file, as `robot-guide up`, the simulator and tests do."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import IO

from robot_guide.launcher.domains import claim_domain
from robot_guide.launcher.launch_file import LaunchDescription, parse_launch_file
from robot_guide.launcher.supervisor import Supervisor
from robot_guide.paths import launch_file


def isolated_ros_env(domain_id: int | None = None) -> dict[str, str]:
    """Environment for a private node set: its own DDS domain, discovery kept on this machine."""
    env = dict(os.environ)
    env["ROS_DOMAIN_ID"] = str(domain_id if domain_id is not None else claim_domain())
    env["ROS_AUTOMATIC_DISCOVERY_RANGE"] = "LOCALHOST"
    env.setdefault("RCUTILS_COLORIZED_OUTPUT", "0")
    env["PYTHONUNBUFFERED"] = "1"  # node logs reach the launcher's output as they happen
    return env


DOMAIN_KEYS = ("ROS_DOMAIN_ID", "ROS_AUTOMATIC_DISCOVERY_RANGE")


def join_domain(env: Mapping[str, str]) -> dict[str, str | None]:
    """Point this process's rclpy at a node set's private domain (read at init); returns what to restore."""
    saved = {key: os.environ.get(key) for key in DOMAIN_KEYS}
    for key in DOMAIN_KEYS:
        os.environ[key] = env[key]
    return saved


def leave_domain(saved: Mapping[str, str | None]) -> None:
    """Put back the environment join_domain changed."""
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def describe_node_set(
    overrides: Mapping[str, str] | None = None,
    extra_params: Mapping[str, Mapping[str, str]] | None = None,
    path: Path | None = None,
) -> LaunchDescription:
    """The launch file's nodes with launch arguments set and extra `-p` parameters per node name."""
    description = parse_launch_file(path or launch_file(), overrides)
    extra_params = extra_params or {}
    nodes = tuple(
        replace(spec, params=spec.params + tuple(extra_params.get(spec.name, {}).items()))
        for spec in description.nodes
    )
    return replace(description, nodes=nodes)


SHARED_PROCESS_ARG = "shared_process"


def shared_process(description: LaunchDescription) -> list[str]:
    """The nodes the launch arguments put in one process (`shared_process:=a,b`; empty: none)."""
    return [name.strip() for name in description.args.get(SHARED_PROCESS_ARG, "").split(",") if name.strip()]


def start_node_set(
    description: LaunchDescription,
    env: Mapping[str, str],
    output: IO[str] | None = None,
    on_event: Callable[[str], None] | None = None,
) -> Supervisor:
    supervisor = Supervisor(
        description.nodes, env=env, output=output, on_event=on_event, shared=shared_process(description)
    )
    supervisor.start()
    return supervisor


def supervise_in_background(supervisor: Supervisor, poll_s: float = 0.2) -> threading.Event:
    """Respawn dead nodes (as `robot-guide up` does) from a daemon thread until the returned event is set."""
    done = threading.Event()

    def loop() -> None:
        while not done.wait(poll_s):
            supervisor.poll()

    threading.Thread(target=loop, name="node-supervisor", daemon=True).start()
    return done
