"""A real tts_node process with a flood of replies queued: SIGTERM ends it quickly and quietly, with no
traceback per reply it will never speak."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from ros_probe import Probe, wait_for
from std_msgs.msg import String

from robot_guide.contracts.messages import Reply, ReplyKind
from robot_guide.ros import interface as rg

pytestmark = [pytest.mark.ros, pytest.mark.slow]


def test_sigterm_with_a_full_speech_queue_logs_no_traceback(probe: Probe) -> None:
    command = [
        sys.executable,
        "-c",
        "from robot_guide.ros.tts_node import main; raise SystemExit(main())",
        "--ros-args",
        "-p",
        "sink:=topic",
        "-p",
        "prerender:=false",
        "-p",
        "max_queued_replies:=1000",
    ]
    node = subprocess.Popen(
        command, env=dict(os.environ, PYTHONUNBUFFERED="1"), stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        wait_for(lambda: "tts_node" in probe.ready, timeout=60)
        replies = probe.matched_publisher(rg.ROBOT_REPLY, subscriptions=2, timeout=60)  # tts_node's, probe's
        for index in range(300):
            reply = Reply(f"This is queued reply number {index}.", ReplyKind.ANSWER, turn_id=f"q{index}")
            replies.publish(String(data=reply.to_json()))
            if index % 10 == 9:
                time.sleep(0.05)  # within the topic's queue depth
        wait_for(lambda: any(s.event == "started" for s in probe.spoken), timeout=30)
        node.send_signal(signal.SIGTERM)
        output, _ = node.communicate(timeout=20)
    finally:
        if node.poll() is None:
            node.kill()
    text = output.decode("utf-8", errors="replace")
    assert node.returncode == 0, text
    assert "callback failed" not in text and "Traceback" not in text, text[-3000:]
