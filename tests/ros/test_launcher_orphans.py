"""A node started by the launcher stops when the launcher is killed -9: no orphan keeps serving the domain."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from ros_probe import wait_for

pytestmark = pytest.mark.ros

# The launcher's part of `robot-guide up`, one node, in a process of its own that the test kills.
LAUNCHER = textwrap.dedent(
    """
    import json, sys, time
    from dataclasses import replace
    from pathlib import Path
    from robot_guide.launcher.nodeset import describe_node_set, isolated_ros_env, start_node_set

    log = Path(sys.argv[1])
    turns = str(log.with_name("turns.sqlite3"))
    params = {"dialogue_node": {"matcher": "lexical", "turnlog_path": turns, "watch_knowledge": "false"}}
    description = describe_node_set({"with_camera": "false"}, params)
    description = replace(description, nodes=tuple(n for n in description.nodes if n.name == "dialogue_node"))
    supervisor = start_node_set(description, isolated_ros_env(), output=log.open("a", encoding="utf-8"))
    deadline = time.monotonic() + 60
    while "ready:" not in log.read_text(encoding="utf-8") and time.monotonic() < deadline:
        time.sleep(0.1)
    print(json.dumps(supervisor.pids()), flush=True)
    time.sleep(600)
    """
)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_node_stops_when_its_launcher_is_killed(tmp_path: Path) -> None:
    launcher = subprocess.Popen(
        [sys.executable, "-c", LAUNCHER, str(tmp_path / "nodes.log")], stdout=subprocess.PIPE, text=True
    )
    pids: dict[str, int] = {}
    try:
        assert launcher.stdout is not None
        pids = json.loads(launcher.stdout.readline() or "{}")
        assert set(pids) == {"dialogue_node"}, (tmp_path / "nodes.log").read_text(encoding="utf-8")
        node = pids["dialogue_node"]
        launcher.kill()
        launcher.wait()
        wait_for(lambda: not _alive(node), timeout=20.0, interval=0.2)
    finally:
        launcher.kill()
        for pid in pids.values():
            if _alive(pid):
                os.kill(pid, 9)
