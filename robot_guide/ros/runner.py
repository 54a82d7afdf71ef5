"""One place that owns the rclpy lifecycle of a node process: init, spin, clean shutdown, one-line errors."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import rclpy
from rclpy._rclpy_pybind11 import RCLError
from rclpy.executors import Executor, ExternalShutdownException, MultiThreadedExecutor, SingleThreadedExecutor
from rclpy.node import Node

from robot_guide.contracts.errors import RobotGuideError
from robot_guide.contracts.fleet import RESPAWNS_ENV

PARENT_CHECK_S = 1.0

NodeT = TypeVar("NodeT", bound=Node)


class NodeConfigError(RobotGuideError):
    """A node cannot start with its parameters; the message names the parameter and the fix."""


def run_node(make_node: Callable[[], Node], args: list[str] | None = None, threads: int = 4) -> int:
    """Run one node until Ctrl-C / SIGTERM; a bad configuration is one error line and exit code 2."""
    # rclpy's own handlers turn SIGINT and SIGTERM into a context shutdown that wakes the executor; a Python
    # signal handler could not run while the executor waits inside C, so none is installed here.
    rclpy.init(args=sys.argv if args is None else args)
    if RESPAWNS_ENV in os.environ:
        stop_with_launcher()
    node: Node | None = None
    try:
        node = make_node()
        # Several threads, so a slow callback (a knowledge rebuild) never stalls the others. A node whose
        # callbacks are all short takes threads=1: rclpy's multi-threaded executor re-offers a message whose
        # callback group is busy in a loop, and at audio rates that loop eats a core.
        executor: Executor = SingleThreadedExecutor() if threads == 1 else MultiThreadedExecutor(threads)
        executor.add_node(node)
        executor.spin()
        return 0
    except NodeConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (KeyboardInterrupt, ExternalShutdownException):
        return 0
    except (RCLError, RuntimeError):
        if rclpy.ok():
            raise
        # The signal shut the context down while the executor was building its wait set or taking a message.
        return 0
    finally:
        # The executor is not shut down here: a multi-threaded executor's shutdown waits, without a timeout,
        # for every callback still running, and one blocked in an engine would hang the process on SIGTERM.
        if node is not None:
            close = getattr(node, "close", None)
            if callable(close):
                close()
            node.destroy_node()
        rclpy.try_shutdown()


def stop_with_launcher() -> None:
    """Stop this node (SIGTERM, a clean shutdown) once the launcher that started it is gone, killed -9 or
    with its terminal: an orphaned node set keeps serving its DDS domain beside any set started there later
    (a 1,000-turn soak of `bench reliability` ran at 16 turns/s beside one instead of 103)."""
    launcher = os.getppid()

    def watch() -> None:
        while os.getppid() == launcher:
            time.sleep(PARENT_CHECK_S)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="stop-with-launcher", daemon=True).start()
