"""Malformed messages counted and logged at most once per interval, at no logging cost for the rest."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from diagnostic_msgs.msg import DiagnosticStatus, KeyValue


class MalformedLog:
    """One warning per `every_s` for messages of one kind that were refused, with how many were skipped.

    rclpy's own `throttle_duration_sec` finds the caller through `inspect` on every call (about 0.6 ms, ten
    times the decoding), so a throttled flood still costs that per message; the node then falls behind, and
    the topic's keep-last queue drops the valid messages with the malformed ones. This check is a clock read.
    Not thread-safe: each subscription calls its own instance from its own mutually exclusive group.
    """

    def __init__(
        self,
        warn: Callable[[str], object],
        what: str,
        every_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._warn = warn
        self.what = what
        self._every_s = every_s
        self._clock = clock
        self._next_at = float("-inf")
        self._unlogged = 0
        self.ignored = 0  # since the node started

    def refused(self, problem: object) -> None:
        self.ignored += 1
        now = self._clock()
        if now < self._next_at:
            self._unlogged += 1
            return
        more = f" ({self._unlogged} more ignored since the last line)" if self._unlogged else ""
        self._next_at = now + self._every_s
        self._unlogged = 0
        self._warn(f"ignored a malformed {self.what}: {problem}{more}")


def malformed_status(name: str, logs: Sequence[MalformedLog]) -> DiagnosticStatus:
    """For monitoring: how many malformed messages were ignored (level OK: refusing them is no fault here)."""
    status = DiagnosticStatus(
        level=DiagnosticStatus.OK,
        name=name,
        message=f"{sum(log.ignored for log in logs)} malformed message(s) ignored",
        hardware_id="robot_guide",
    )
    status.values = [KeyValue(key=f"malformed {log.what}s ignored", value=str(log.ignored)) for log in logs]
    return status
