"""CallbackThread: a node's callbacks run on it, and stopping it leaves no callback behind (real rclpy)."""

from __future__ import annotations

import threading
import time

import pytest
import rclpy
from rclpy.context import Context
from rclpy.node import Node
from std_msgs.msg import String

from robot_guide.ros.callback_thread import CallbackThread

CYCLES = 20  # the old way (MultiThreadedExecutor.shutdown) printed the warning in about 4 cycles of 10 here


def _busy_node(context: Context, handled: list[int]) -> Node:
    """A node whose timer and subscription keep its callbacks busy, as the simulator's camera and room do."""
    node = Node("callback_thread_test", context=context)
    publisher = node.create_publisher(String, "callback_thread_test", 10)
    node.create_subscription(String, "callback_thread_test", lambda _: handled.append(1), 10)
    node.create_timer(0.0005, lambda: publisher.publish(String(data="x")))
    return node


def test_stopping_mid_callbacks_leaves_no_task_behind(capfd: pytest.CaptureFixture[str]) -> None:
    handled: list[int] = []
    for _ in range(CYCLES):
        context = Context()
        rclpy.init(context=context)
        node = _busy_node(context, handled)
        callbacks = CallbackThread(node, "test-callbacks")
        callbacks.start()
        time.sleep(0.03)
        assert callbacks.stop()
        node.destroy_node()
        rclpy.try_shutdown(context=context)
    import gc

    gc.collect()  # rclpy prints a task's unread exception when the task is collected
    assert handled, "the node's callbacks never ran on the thread"
    err = capfd.readouterr().err
    assert "never retrieved" not in err
    assert "Destroyable" not in err


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
