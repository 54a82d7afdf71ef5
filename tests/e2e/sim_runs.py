"""End-to-end helpers: run `robot-guide sim` as a subprocess in a private DDS domain, keep its transcript."""

from __future__ import annotations

import itertools
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = REPO / "sim" / "scripts"
AUDIO = REPO / "sim" / "audio"
# The CLI's entry point, run with this interpreter so the tests use the venv they run in.
CLI = [sys.executable, "-c", "from robot_guide.cli.main import main; raise SystemExit(main())"]
SIM_TIMEOUT_S = 240.0  # generous: node start-up alone can take 30 s on a loaded 2-core machine

# One private ROS_DOMAIN_ID per sim run: a random base, so parallel test runs on one machine rarely meet.
_domain_ids = itertools.count(random.randint(0, 100))


def next_domain_id() -> int:
    return 1 + next(_domain_ids) % 101


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
