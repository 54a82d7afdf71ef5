"""An injectable wall clock: real local time by default, or running on from a moment set for a demo."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta


class Clock:
    """Naive local time, shifted by an offset so a set clock keeps ticking.

    Only answers about the programme ("what's on now?") read this clock; session ages use
    `monotonic()`, so setting the clock backwards or forwards never expires or revives a session.
    """

    def __init__(self, start: datetime | None = None) -> None:
        self._offset = timedelta(0)
        self._lock = threading.Lock()
        if start is not None:
            self.set(start)

    def set(self, moment: datetime) -> None:
        """Run from `moment` on; time keeps advancing at the real rate."""
        if moment.tzinfo is not None:
            # The programme is in naive local venue time; drop the zone after converting to local time.
            moment = moment.astimezone().replace(tzinfo=None)
        with self._lock:
            self._offset = moment - datetime.now()

    def reset(self) -> None:
        """Back to real local time."""
        with self._lock:
            self._offset = timedelta(0)

    def now(self) -> datetime:
        with self._lock:
            offset = self._offset
        return datetime.now() + offset

    @staticmethod
    def monotonic() -> float:
        """Seconds that never jump, for ages and timeouts."""
        return time.monotonic()
