"""Each attack file beside a copy of the bundled knowledge, checked by `robot-guide kb check` in a process."""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from robot_guide.bench.reliability.attack_files import ATTACK_NAME, ATTACKS

TIME_LIMIT_S = 5.0
MEMORY_LIMIT_MB = 300.0
KILL_AFTER_S = 30.0  # a check still running then has failed; waiting longer only slows the benchmark
ADDRESS_SPACE_CAP = 4 * 1024**3  # a runaway check must not take the machine down with it
_CLI = "import sys; from robot_guide.cli.main import main; sys.exit(main())"


def _kb_check(folder: Path) -> dict[str, Any]:
    """Runs the check; wall time, peak RSS (from the child's own rusage), exit code and output."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE_CAP, ADDRESS_SPACE_CAP))

    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", _CLI, "kb", "check", str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        preexec_fn=limit,
    )
    chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: chunks.append(process.stdout.read() if process.stdout else b""))
    reader.start()
    timer = threading.Timer(KILL_AFTER_S, lambda: os.kill(process.pid, signal.SIGKILL))
    timer.start()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.monotonic() - started
    timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    reader.join(timeout=5.0)
    return {
        "seconds": round(seconds, 2),
        "peak_mb": round(usage.ru_maxrss * 1024 / 1e6, 1),
        "exit": process.returncode,
        "output": b"".join(chunks).decode("utf-8", errors="replace"),
    }


def run_attacks(folder: Path, names: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """One row per attack: refused (non-zero exit naming attack.yaml:LINE, or attack.yaml alone when it is
    not a plain file), time and memory against limits."""
    rows = []
    with_line = re.compile(re.escape(ATTACK_NAME) + r":\d+")
    # A link, pipe or folder has no lines: the problem names it, on a line of its own.
    named = re.compile(r"^" + re.escape(ATTACK_NAME) + r": ", re.MULTILINE)
    for name in names or tuple(ATTACKS):
        with tempfile.TemporaryDirectory(prefix="rg-attack-") as tmp:
            work = Path(tmp) / "knowledge"
            shutil.copytree(folder, work, ignore=shutil.ignore_patterns("sources"))
            attack = work / ATTACK_NAME
            ATTACKS[name](attack)
            has_lines = attack.is_file() and not attack.is_symlink()
            result = _kb_check(work)
        output = result["output"].replace(f"{work}/", "")
        lines = [line for line in output.splitlines() if ATTACK_NAME in line]
        last = output.strip().splitlines()[-1:] or [""]
        located = (with_line if has_lines else named).search(output)
        refused = result["exit"] not in (0, -signal.SIGKILL) and bool(located)
        rows.append(
            {
                "attack": name,
                "refused": refused,
                "exit": result["exit"],
                "seconds": result["seconds"],
                "peak_mb": result["peak_mb"],
                "ok": refused and result["seconds"] <= TIME_LIMIT_S and result["peak_mb"] <= MEMORY_LIMIT_MB,
                "message": (lines[0] if lines else last[0])[:200],
            }
        )
    return rows
