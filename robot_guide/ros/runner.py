"""One place that owns the rclpy lifecycle of a node process: init, spin, clean shutdown, one-line errors."""

from __future__ import annotations

import faulthandler
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import FrameType
from typing import TypeVar

import rclpy
from rclpy._rclpy_pybind11 import RCLError
from rclpy.executors import Executor, ExternalShutdownException, MultiThreadedExecutor, SingleThreadedExecutor
from rclpy.node import Node
from rclpy.signals import SignalHandlerOptions

from robot_guide.contracts.errors import RobotGuideError
from robot_guide.contracts.fleet import RESPAWNS_ENV

NodeT = TypeVar("NodeT", bound=Node)

# After SIGINT/SIGTERM a node has this long to stop its executor, close its engines and exit. A callback stuck
# in an engine or in the middleware must not keep a robot's process alive: the launcher waits for its
# children, and a respawn or a shutdown of the robot would hang behind it.
EXIT_DEADLINE_S = 8.0
_STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
_POLL_S = 0.1
PARENT_CHECK_S = 1.0


class NodeConfigError(RobotGuideError):
    """A node cannot start with its parameters; the message names the parameter and the fix."""


SWITCH_INTERVAL_S = 0.001  # how long a thread may hold the interpreter lock while another waits for it


@dataclass(frozen=True)
class NodeRecipe:
    """How a node is made and how many executor threads its callbacks need.

    threads=1 for a node whose callbacks are all short: rclpy's multi-threaded executor re-offers a message
    whose callback group is busy in a loop, and at audio rates that loop eats a core. Several threads for a
    node with a slow callback (a knowledge rebuild) that must not stall the others.
    """

    make: Callable[..., Node]  # called with rclpy Node options (cli_args, use_global_arguments)
    threads: int = 4


def run_node(make_node: Callable[[], Node], args: list[str] | None = None, threads: int = 4) -> int:
    """Run one node until Ctrl-C / SIGTERM; a bad configuration is one error line and exit code 2."""
    return run_nodes([(NodeRecipe(make_node, threads), None)], args)


def run_nodes(members: Sequence[tuple[NodeRecipe, list[str] | None]], args: list[str] | None = None) -> int:
    """Run several nodes in this one process (each with its own ROS arguments, or the process's when None)
    until Ctrl-C / SIGTERM or until one of them fails; a bad configuration is one error line and exit 2.

    Each node keeps its own executor in its own thread, so it is served exactly as in a process of its own;
    the nodes share the interpreter, rclpy and the middleware's participant, which is what saves memory."""
    # The nodes' threads take turns on one interpreter lock. A thread that calls into C many times (an
    # executor taking a message, the speaker starting a line) waits up to the switch interval for the lock
    # after each call while another thread runs Python: at the default 5 ms a reply's first audio waited
    # 0.2-1.1 s in 4 of 80 bench speech turns, at 1 ms at most 0.19 s (robot-guide bench speech).
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    # The main thread only waits for a stop signal while other threads spin: a Python signal handler runs
    # at once (the main thread is never blocked inside the middleware), and the exit deadline holds even if
    # an executor or a callback never returns.
    stop = _StopFlag()
    previous = {sig: signal.signal(sig, stop.on_signal) for sig in _STOP_SIGNALS}
    # `kill -USR1 PID` writes every thread's stack to the node's log: how to see where a live node is stuck.
    faulthandler.register(signal.SIGUSR1, all_threads=True)
    rclpy.init(args=sys.argv if args is None else args, signal_handler_options=SignalHandlerOptions.NO)
    if RESPAWNS_ENV in os.environ:  # started by the launcher
        stop_with_launcher()
    nodes: list[Node] = []
    failure: list[BaseException] = []
    try:
        for recipe, cli_args in members:
            options = {} if cli_args is None else {"cli_args": cli_args, "use_global_arguments": False}
            nodes.append(recipe.make(**options))
            if stop.raised:  # stopped while it was still starting (loading a model)
                return 0
        spinners = [
            _start_spinner(node, recipe.threads, failure)
            for node, (recipe, _) in zip(nodes, members, strict=True)
        ]
        while all(spinner.is_alive() for spinner in spinners) and not stop.raised:
            time.sleep(_POLL_S)  # a signal interrupts the sleep; its handler only sets a flag
        _start_exit_deadline()
        rclpy.try_shutdown()  # wakes the executors; their spins end at once
        for spinner in spinners:
            spinner.join(timeout=EXIT_DEADLINE_S / (2 * len(spinners)))
        if failure:
            raise failure[0]
        return 0
    except NodeConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        _start_exit_deadline()
        # The executors are not shut down here: a multi-threaded executor's shutdown waits, without a
        # timeout, for every callback still running; the exit deadline covers a callback blocked in an engine.
        for node in reversed(nodes):
            close = getattr(node, "close", None)
            if callable(close):
                close()
            node.destroy_node()
        rclpy.try_shutdown()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _start_spinner(node: Node, threads: int, failure: list[BaseException]) -> threading.Thread:
    executor: Executor = SingleThreadedExecutor() if threads == 1 else MultiThreadedExecutor(threads)
    executor.add_node(node)
    spinner = threading.Thread(
        target=_spin, args=(executor, failure), name=f"spin-{node.get_name()}", daemon=True
    )
    spinner.start()
    return spinner


class _StopFlag:
    """Set by SIGINT/SIGTERM. The handler takes no lock: it runs in the main thread, which may hold one."""

    def __init__(self) -> None:
        self.raised = False

    def on_signal(self, _signum: int, _frame: FrameType | None) -> None:
        self.raised = True


def _spin(executor: Executor, failure: list[BaseException]) -> None:
    try:
        executor.spin()
    except ExternalShutdownException:
        pass
    except (RCLError, RuntimeError) as exc:
        # A stop shuts the context down while the executor builds its wait set or takes a message: quiet.
        if rclpy.ok():
            failure.append(exc)
    except BaseException as exc:  # a callback's error ends the node as it would in the main thread
        failure.append(exc)


_deadline_started = threading.Event()


def _start_exit_deadline() -> None:
    if _deadline_started.is_set():
        return
    _deadline_started.set()
    timer = threading.Timer(EXIT_DEADLINE_S, _exit_now)
    timer.daemon = True
    timer.start()


def _exit_now() -> None:
    print(f"stopping took more than {EXIT_DEADLINE_S:g} s; exiting without waiting further", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


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
