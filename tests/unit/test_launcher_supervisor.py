"""Supervisor: a crash-looping node is respawned with a growing delay, its deaths are counted, and nodes that
share a process live, die and come back together."""

from __future__ import annotations

import io
import os
import signal
import sys
import time

import pytest

from robot_guide.launcher import supervisor as supervisor_module
from robot_guide.launcher.launch_file import NodeSpec
from robot_guide.launcher.supervisor import MAX_RESPAWN_DELAY_S, Supervisor, respawn_delay


def test_respawn_delay_doubles_for_quick_exits_and_is_capped() -> None:
    assert respawn_delay(2.0, 0) == 2.0
    assert respawn_delay(2.0, 1) == 2.0
    assert respawn_delay(2.0, 2) == 4.0
    assert respawn_delay(2.0, 3) == 8.0
    assert respawn_delay(0.1, 2) == 1.0  # a tiny delay is raised before doubling: no busy loop
    assert respawn_delay(2.0, 50) == MAX_RESPAWN_DELAY_S


def test_a_crash_looping_node_is_backed_off_not_respawned_every_poll(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        supervisor_module, "node_command", lambda spec: [sys.executable, "-c", "raise SystemExit(1)"]
    )
    spec = NodeSpec(name="crashing_node", executable="dialogue_node", respawn=True, respawn_delay=0.1)
    output = io.StringIO()
    events: list[str] = []
    supervisor = Supervisor((spec,), output=output, on_event=events.append)
    supervisor.start()
    try:
        deadline = time.monotonic() + 4.0
        while time.monotonic() < deadline:
            supervisor.poll()
            time.sleep(0.05)
    finally:
        supervisor.stop()
    # Without a back-off: about 20 starts in 4 s; with it the waits are 0.1, 1 and 2 s.
    assert 2 <= supervisor.starts()["crashing_node"] <= 4
    assert supervisor.deaths()["crashing_node"] >= 2
    assert any("restarting in 1.0 s" in event for event in events)
    assert "[launcher] crashing_node exited with code 1" in output.getvalue()


def _spec(name: str) -> NodeSpec:
    return NodeSpec(name=name, executable="dialogue_node", respawn=True, respawn_delay=0.1)


def test_nodes_named_shared_run_in_one_process_where_the_first_of_them_is() -> None:
    specs = (_spec("a"), _spec("b"), _spec("c"), _spec("d"))
    groups = supervisor_module.process_groups(specs, shared=("b", "d"))
    assert [[spec.name for spec in group] for group in groups] == [["a"], ["b", "d"], ["c"]]
    alone = supervisor_module.process_groups(specs, shared=())
    assert [[spec.name for spec in group] for group in alone] == [["a"], ["b"], ["c"], ["d"]]
    # A name the launch file does not start (with_camera:=false) changes nothing for the others.
    one = supervisor_module.process_groups(specs[:2], shared=("b", "perception_node"))
    assert [[spec.name for spec in group] for group in one] == [["a"], ["b"]]


def test_a_shared_process_runs_its_nodes_together_and_tells_each_nodes_exit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    commands: list[list[str]] = []

    def shared_command(specs: tuple[NodeSpec, ...]) -> list[str]:
        commands.append([spec.name for spec in specs])
        return sleeper

    monkeypatch.setattr(supervisor_module, "shared_command", shared_command)
    output = io.StringIO()
    events: list[str] = []
    supervisor = Supervisor(
        (_spec("a"), _spec("b"), _spec("c")), output=output, on_event=events.append, shared=("a", "c")
    )
    supervisor.start()
    try:
        pids = supervisor.pids()
        assert commands == [["a", "c"], ["b"]]
        assert pids["a"] == pids["c"] != pids["b"]
        os.kill(pids["a"], signal.SIGKILL)
        deadline = time.monotonic() + 5.0
        while supervisor.deaths()["a"] == 0 and time.monotonic() < deadline:
            supervisor.poll()
            time.sleep(0.05)
        assert supervisor.deaths() == {"a": 1, "c": 1, "b": 0}
        assert "a exited with code -9 (its process, shared with c); restarting in 0.1 s" in events
        assert "c exited with code -9 (its process, shared with a); restarting in 0.1 s" in events
        while supervisor.starts()["a"] == 1 and time.monotonic() < deadline:
            supervisor.poll()
            time.sleep(0.05)
        assert supervisor.starts() == {"a": 2, "c": 2, "b": 1}
    finally:
        supervisor.stop()
    assert not supervisor.pids()


def test_nodes_get_two_malloc_arenas_unless_the_caller_chose(monkeypatch: pytest.MonkeyPatch) -> None:
    show = [sys.executable, "-c", "import os; print('arenas', os.environ.get('MALLOC_ARENA_MAX'))"]
    monkeypatch.setattr(supervisor_module, "node_command", lambda spec: show)
    for env, expected in (({}, "arenas 2"), ({"MALLOC_ARENA_MAX": "8"}, "arenas 8")):
        output = io.StringIO()
        supervisor = Supervisor((NodeSpec(name="a", executable="dialogue_node"),), env=env, output=output)
        supervisor.start()
        deadline = time.monotonic() + 10.0
        while expected not in output.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        supervisor.stop()
        assert f"[a] {expected}" in output.getvalue()
