"""A node's callbacks on one thread of their own, which stops between two callbacks."""

from __future__ import annotations

import threading

from rclpy.executors import SingleThreadedExecutor
from rclpy.node import Node

POLL_S = 0.05  # how soon the thread sees stop() when no callback is ready


class CallbackThread:
    """Runs `node`'s callbacks on one daemon thread until stop(); stop() returns once the callback under way
    has finished and the executor is shut down, so the node can be destroyed next.

    Why not a MultiThreadedExecutor and its shutdown(): in rclpy 9, Executor.shutdown() destroys the
    executor's guard condition without waiting for the callbacks still running on the pool (the wait it means
    to do tests the flag it has just set). A callback that ends just after that triggers the destroyed guard,
    and rclpy prints "The following exception was never retrieved: cannot use Destroyable because destruction
    was requested" when the task is collected. A node whose callbacks share one callback group (the default)
    runs them one at a time on a pool too, so one thread costs it nothing.
    """

    def __init__(self, node: Node, name: str, poll_s: float = POLL_S) -> None:
        self._executor = SingleThreadedExecutor(context=node.context)
        self._executor.add_node(node)
        self._poll_s = poll_s
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout_s: float = 5.0) -> bool:
        """Ends the thread between two callbacks and shuts the executor down. False: a callback still ran
        after `timeout_s` (the executor is then left as it is, since shutting it down would race that
        callback)."""
        self._stopping.set()
        if self._thread.is_alive():
            self._thread.join(timeout_s)
            if self._thread.is_alive():
                return False
        self._executor.shutdown()
        return True

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._executor.spin_once(timeout_sec=self._poll_s)
