"""CallbackThread: a node's callbacks run on it, and stopping it leaves no callback behind (real rclpy)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import rclpy
from rclpy.context import Context
from rclpy.node import Node

from robot_guide.ros.callback_thread import CallbackThread

CYCLES = 20  # the old way (MultiThreadedExecutor.shutdown) printed the warning in about 4 cycles of 10 here

# In a process of its own: rclpy prints a task's unread exception whenever the task is collected, and tasks
# left by other tests in a pytest worker would be collected here too.
STOP_MID_CALLBACKS = f"""
import gc, time
import rclpy
from rclpy.context import Context
from rclpy.node import Node
from std_msgs.msg import String
from robot_guide.ros.callback_thread import CallbackThread

handled = []
for _ in range({CYCLES}):
    context = Context()
    rclpy.init(context=context)
    # Busy callbacks, as the simulator's camera and room keep them.
    node = Node("callback_thread_test", context=context)
    publisher = node.create_publisher(String, "callback_thread_test", 10)
    node.create_subscription(String, "callback_thread_test", lambda _: handled.append(1), 10)
    node.create_timer(0.0005, lambda: publisher.publish(String(data="x")))
    callbacks = CallbackThread(node, "test-callbacks")
    callbacks.start()
    time.sleep(0.03)
    assert callbacks.stop()
    node.destroy_node()
    rclpy.try_shutdown(context=context)
gc.collect()
print("handled", len(handled))
"""


def test_stopping_mid_callbacks_leaves_no_task_behind() -> None:
    done = subprocess.run(
        [sys.executable, "-c", STOP_MID_CALLBACKS], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) > 0, "the node's callbacks never ran on the thread"
    assert "never retrieved" not in done.stderr
    assert "Destroyable" not in done.stderr


def test_stop_waits_for_the_callback_under_way() -> None:
    context = Context()
    rclpy.init(context=context)
    node = Node("callback_thread_slow", context=context)
    started, finished = threading.Event(), threading.Event()

    def slow() -> None:
        started.set()
        time.sleep(0.3)
        finished.set()

    timer = node.create_timer(0.01, slow)
    try:
        callbacks = CallbackThread(node, "test-slow")
        callbacks.start()
        assert started.wait(5.0)
        assert callbacks.stop(timeout_s=5.0)
        assert finished.is_set()  # stop() returned only after the running callback ended
        timer.cancel()
    finally:
        node.destroy_node()
        rclpy.try_shutdown(context=context)


def test_stop_says_so_when_a_callback_outlasts_the_timeout() -> None:
    context = Context()
    rclpy.init(context=context)
    node = Node("callback_thread_stuck", context=context)
    release = threading.Event()
    started = threading.Event()

    def stuck() -> None:
        started.set()
        release.wait(5.0)

    node.create_timer(0.01, stuck)
    callbacks = CallbackThread(node, "test-stuck")
    callbacks.start()
    try:
        assert started.wait(5.0)
        assert callbacks.stop(timeout_s=0.1) is False
    finally:
        release.set()
        assert callbacks.stop(timeout_s=5.0)
        node.destroy_node()
        rclpy.try_shutdown(context=context)
