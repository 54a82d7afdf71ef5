"""`robot-guide up` runs each node in its own process, restarts a killed node, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from ros_probe import Probe, wait_for

pytestmark = [pytest.mark.ros, pytest.mark.slow]


def _children(pid: int) -> dict[int, str]:
    """Child processes of `pid` and their command lines (from /proc: no psutil needed)."""
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
    return found


# The default runs every node in one process (killing it restarts them all); `shared_process:=` gives each
# node its own, so only the killed one restarts.
@pytest.mark.parametrize("sharing", [[], ["shared_process:="]], ids=["shared", "one-per-node"])
def test_killed_node_is_restarted_and_the_conversation_continues(
    probe: Probe, tmp_path: Path, sharing: list[str]
) -> None:
    command = [
        sys.executable,
        "-c",
        "from robot_guide.cli.main import main; raise SystemExit(main())",
        "up",
        "audio_source:=topic",
        "audio_sink:=topic",
        *sharing,
    ]
    env = dict(os.environ, ROBOT_GUIDE_TURNLOG=str(tmp_path / "turns.sqlite3"), PYTHONUNBUFFERED="1")
    launcher = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    pump = threading.Thread(target=lambda: output.extend(iter(launcher.stdout.readline, "")), daemon=True)  # type: ignore[union-attr]
    pump.start()
    try:
        wait_for(lambda: {"dialogue_node", "tts_node", "asr_node"} <= set(probe.ready), timeout=120)
        first = probe.reply_to(probe.ask("when is the summit"), timeout=30)
        assert first.entry == "summit_dates"

        dialogue_pids = [pid for pid, cmd in _children(launcher.pid).items() if "dialogue_node" in cmd]
        assert len(dialogue_pids) == 1, _children(launcher.pid)
        probe.forget_ready()
        os.kill(dialogue_pids[0], signal.SIGKILL)

        wait_for(lambda: any("dialogue_node exited" in line and "restarting" in line for line in output), 30)
        wait_for(lambda: "dialogue_node" in probe.ready, timeout=60)
        restarted = [pid for pid, cmd in _children(launcher.pid).items() if "dialogue_node" in cmd]
        assert restarted and restarted[0] != dialogue_pids[0]
        # The conversation continues with the new process.
        again = probe.reply_to(probe.ask("where are the toilets"), timeout=30)
        assert again.kind == "directions"
    finally:
        children = list(_children(launcher.pid))
        launcher.send_signal(signal.SIGINT)
        try:
            code = launcher.wait(timeout=60)
        except subprocess.TimeoutExpired:
            launcher.kill()
            raise
        time.sleep(0.5)
        leftovers = [pid for pid in children if Path(f"/proc/{pid}").exists()]
        for pid in leftovers:
            os.kill(pid, signal.SIGKILL)
    assert code == 0, "".join(output[-30:])
    assert not leftovers, "Ctrl-C must stop every node process"
