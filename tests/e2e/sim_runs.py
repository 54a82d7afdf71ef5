"""End-to-end helpers: run `robot-guide sim` as a subprocess in a private DDS domain, keep its transcript."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from robot_guide.launcher.domains import claim_domain

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "sim" / "scripts"
AUDIO = REPO / "sim" / "audio"
# The CLI's entry point, run with this interpreter so the tests use the venv they run in.
CLI = [sys.executable, "-c", "from robot_guide.cli.main import main; raise SystemExit(main())"]
SIM_TIMEOUT_S = 240.0  # generous: node start-up alone can take 30 s on a loaded 2-core machine

# Each script starts the whole node set, so behaviours are grouped into few scripts. The visits run in two
# test files (test_scripts.py: talking; test_scripts_body.py: voice, camera and walking), so the two workers
# of `make test` (pytest -n 2 --dist loadfile) share them.
TALK_SCRIPTS = (
    "guests_arrive_leave.yaml",  # greeting, no re-greeting, goodbye, two guests, separate sessions
    "conversation_main_entrance.yaml",  # directions, schedule and clock, follow-ups, repair, staff
    "live_reload_hall_a.yaml",  # a knowledge edit while running, and directions from the other post
    "language_switch.yaml",  # typed: English, "¿Habla español?", Spanish answers and repair, English again
    "spoken_languages.yaml",  # spoken: English on tiny.en, Spanish heard by base and answered, English again
)
BODY_SCRIPTS = (
    "voice_barge_in.yaml",  # heard WAV, echo 0.1, barge-in stops the robot and hears the question
    "camera_greets_and_says_goodbye.yaml",  # the camera greets, says goodbye, ignores a passer-by
    "escort_offer_accept_decline.yaml",  # walk offered after directions: declined, accepted; no pose, no walk
    "escort_while_walking.yaml",  # questions on the way, stop mid-way, a blocked path (navigation failure)
    "echo_loud_and_late_is_ignored.yaml",  # a -6 dB echo 1 s late: no self-interruption, no fragment heard
    # a -6 dB echo 60 ms late cancelled: reused words answered, barge-in heard, unsure words asked again
    "listener_echo_barge_in_and_repeat.yaml",
)
CI_SCRIPTS = TALK_SCRIPTS + BODY_SCRIPTS


def next_domain_id() -> int:
    """A private ROS_DOMAIN_ID per sim run, claimed so parallel runs on one machine never share one."""
    return claim_domain()


@dataclass(frozen=True)
class SimRun:
    returncode: int
    stdout: str
    stderr: str
    log: str

    def lines(self) -> list[str]:
        return self.stdout.splitlines()

    def explain(self) -> str:
        """The transcript and the end of the node log, for a failing assertion."""
        log_tail = "\n".join(self.log.splitlines()[-40:])
        return (
            f"exit code {self.returncode}\n--- transcript ---\n{self.stdout}\n--- stderr ---\n{self.stderr}"
            f"\n--- node log (last 40 lines) ---\n{log_tail}"
        )


def run_cli(args: list[str], stdin: str | None = None, timeout_s: float = SIM_TIMEOUT_S) -> SimRun:
    """Run `robot-guide ARGS` for a command that starts no nodes (error paths)."""
    return _run([*CLI, *args], stdin, timeout_s, log_path=None)


def run_sim(args: list[str], log_dir: Path, stdin: str | None = None) -> SimRun:
    log_path = log_dir / "nodes.log"
    command = [*CLI, "sim", "--domain-id", str(next_domain_id()), "--log", str(log_path), *args]
    return _run(command, stdin, SIM_TIMEOUT_S, log_path)


def assert_visit_passes(name: str, log_dir: Path) -> None:
    """Play sim/scripts/NAME against the real node set: every step as expected, exit 0."""
    run = run_sim(["--script", str(SCRIPTS / name)], log_dir)
    assert run.returncode == 0, run.explain()
    assert re.search(r"sim: .*: (\d+) of \1 steps as expected", run.stdout), run.explain()
    assert "sim: FAIL" not in run.stdout, run.explain()


def _run(command: list[str], stdin: str | None, timeout_s: float, log_path: Path | None) -> SimRun:
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    try:
        done = subprocess.run(
            command,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=timeout_s,
            cwd=REPO,
            env=env,
            stdin=None if stdin is not None else subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        pytest.fail(f"{' '.join(command[3:])} did not finish within {timeout_s:.0f} s\n{out}")
    log = log_path.read_text(encoding="utf-8", errors="replace") if log_path and log_path.exists() else ""
    return SimRun(done.returncode, done.stdout, done.stderr, log)
