"""A real node process stops on SIGTERM and SIGINT; one whose shutdown hangs still exits by the deadline."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from robot_guide.ros.runner import EXIT_DEADLINE_S

pytestmark = [pytest.mark.ros]

_NODE = """
import sys, time
from rclpy.node import Node
from robot_guide.ros.runner import run_node

class Sleepy(Node):
    def __init__(self):
        super().__init__("sleepy_node")
        self.create_timer(0.05, lambda: None)
        print("ready", flush=True)

    def close(self):
        if {hang!r}:
            time.sleep(600)

raise SystemExit(run_node(Sleepy, threads={threads}))
"""


def _start(hang: bool, threads: int) -> subprocess.Popen[str]:
    code = _NODE.format(hang=hang, threads=threads)
    command = [sys.executable, "-c", code]
    node = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert node.stdout is not None
    assert node.stdout.readline().strip() == "ready"
    return node


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("threads", [1, 4])
def test_a_signal_stops_the_node_quietly(stop_signal: signal.Signals, threads: int) -> None:
    node = _start(hang=False, threads=threads)
    try:
        node.send_signal(stop_signal)
        output, _ = node.communicate(timeout=30)
    finally:
        node.kill()
    assert node.returncode == 0, output
    assert "Traceback" not in output, output


def test_a_node_whose_shutdown_hangs_still_exits_by_the_deadline() -> None:
    node = _start(hang=True, threads=4)
    try:
        sent = time.monotonic()
        node.send_signal(signal.SIGTERM)
        output, _ = node.communicate(timeout=EXIT_DEADLINE_S + 30)
        took = time.monotonic() - sent
    finally:
        node.kill()
    assert node.returncode == 0, output
    assert "stopping took more than" in output, output
    assert took >= EXIT_DEADLINE_S * 0.9, f"exited after {took:.1f} s, before the deadline: no hang happened"
