"""A node that dies during a simulated visit is respawned, a question asked while it was dead is answered
when it is back, the visit goes on, and the run fails naming the node."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from sim_runs import CLI, REPO, next_domain_id

pytestmark = [pytest.mark.ros, pytest.mark.slow]


def _children_running(parent: int, name: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == parent and name in cmdline:
            found.append(int(entry.name))
    return found


def test_a_killed_node_is_respawned_and_the_run_fails_naming_it(tmp_path: Path) -> None:
    command = [*CLI, "sim", "--domain-id", str(next_domain_id()), "--log", str(tmp_path / "nodes.log")]
    sim = subprocess.Popen(
        command,
        cwd=REPO,
        env=dict(os.environ, PYTHONUNBUFFERED="1"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    transcript: list[str] = []

    def pump() -> None:
        assert sim.stdout is not None
        for line in sim.stdout:
            lines.put(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()

    def wait_for(predicate, timeout_s: float) -> str:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                continue
            transcript.append(line)
            if predicate(line):
                return line
        pytest.fail("expected line not seen; transcript:\n" + "\n".join(transcript))

    def say(text: str) -> None:
        assert sim.stdin is not None
        sim.stdin.write(text + "\n")
        sim.stdin.flush()

    try:
        say("/arrive")
        wait_for(lambda line: line.startswith("robot: ") and "welcome" in line.lower(), 180)
        pids = _children_running(sim.pid, "dialogue_node")
        assert len(pids) == 1, pids
        os.kill(pids[0], signal.SIGKILL)
        wait_for(lambda line: "dialogue_node exited with code" in line and "restarting" in line, 30)
        say("where are the toilets")  # the node is dead: the topic keeps the question for its successor
        late = wait_for(lambda line: line.startswith("robot: "), 90)
        # Not lost: answered late as if just asked, or (a respawn slower than max_question_age_s) the guest is
        # asked to repeat it; which one depends on when the node sees it, not when the transcript shows it.
        answered = "restroom" in late.lower()
        asked_again = any(word in late for word in ("catch", "hear", "Pardon"))
        assert answered or asked_again, late
        time.sleep(2)  # the respawned node announces itself ready
        say("when is the summit")
        # The late answer about the restrooms may be followed by the offer to walk there: skip to the dates.
        answer = wait_for(lambda line: line.startswith("robot: ") and "October" in line, 60)
        assert "October" in answer
        assert sim.stdin is not None
        sim.stdin.close()
        sim.wait(timeout=60)
        while not lines.empty():
            transcript.append(lines.get())
    finally:
        if sim.poll() is None:
            sim.kill()
    assert sim.returncode == 1, "\n".join(transcript)
    assert any(
        line == "sim: error: dialogue_node died once during the visit (see the node log)"
        for line in transcript
    )
