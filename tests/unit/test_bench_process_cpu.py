"""CPU time of a process tree read from /proc: it grows while a process works, and is 0 once it is gone."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from robot_guide.bench.process_cpu import cpu_seconds, tree_cpu_seconds


def test_cpu_time_grows_while_the_process_works() -> None:
    before = cpu_seconds(os.getpid())
    deadline = time.process_time() + 0.3
    while time.process_time() < deadline:
        sum(range(1000))
    assert cpu_seconds(os.getpid()) - before >= 0.2


def test_a_child_working_counts_for_the_tree_and_a_gone_process_for_nothing() -> None:
    work = (
        "import time\nend = time.process_time() + 0.5\nwhile time.process_time() < end: pass\ntime.sleep(30)"
    )
    child = subprocess.Popen([sys.executable, "-c", work])
    try:
        deadline = time.monotonic() + 20
        while cpu_seconds(child.pid) < 0.4 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert tree_cpu_seconds(os.getpid()) - cpu_seconds(os.getpid()) >= 0.4
    finally:
        child.kill()
        child.wait()
    assert cpu_seconds(child.pid) == 0.0
