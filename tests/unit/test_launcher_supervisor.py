"""Supervisor: a crash-looping node is respawned with a growing delay, and its deaths are counted."""

from __future__ import annotations

import io
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
