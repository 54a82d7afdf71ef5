"""One knowledge reload at a time, never blocking a caller on another's reload and never raising:
file-watcher requests run on a worker thread and coalesce, an on-demand reload is refused while one runs."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from robot_guide.knowledge.live import LiveKnowledge, ReloadOutcome
from robot_guide.knowledge.problems import Problem

log = logging.getLogger(__name__)

OutcomeHandler = Callable[[ReloadOutcome, str], None]  # (outcome, reason), after every reload


class Reloads:
    """Runs `live.reload()` for several callers; `on_outcome` hears about every reload, good or failed."""

    def __init__(self, live: LiveKnowledge[Any], on_outcome: OutcomeHandler) -> None:
        self._live = live
        self._on_outcome = on_outcome
        self._busy = threading.Lock()  # held for the whole of one reload and its outcome handling
        self._state = threading.Lock()
        self._requested: str | None = None  # a background reload wanted, and why
        self._worker: threading.Thread | None = None
        self._started_at = 0.0

    @property
    def running_for(self) -> float | None:
        """Seconds the current reload has been running, or None when none runs."""
        if not self._busy.locked():
            return None
        return time.monotonic() - self._started_at

    def try_now(self, reason: str) -> ReloadOutcome | None:
        """Reloads in the calling thread and returns the outcome, or None at once if a reload is running."""
        if not self._busy.acquire(blocking=False):
            return None
        try:
            return self._run(reason)
        finally:
            self._busy.release()

    def request(self, reason: str) -> None:
        """Reload soon on a worker thread; requests made while one runs become one more reload after it."""
        with self._state:
            self._requested = reason
            if self._worker is not None and self._worker.is_alive():
                return
            self._worker = threading.Thread(target=self._work, name="knowledge-reload", daemon=True)
            self._worker.start()

    def wait_idle(self, timeout: float) -> bool:
        """For tests and shutdown: True once no background reload is wanted or running."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._state:
                idle = self._requested is None and (self._worker is None or not self._worker.is_alive())
            if idle:
                return True
            time.sleep(0.02)
        return False

    def _work(self) -> None:
        while True:
            with self._state:
                reason, self._requested = self._requested, None
                if reason is None:
                    self._worker = None
                    return
            with self._busy:  # waits for an on-demand reload; this thread is nobody's callback
                self._run(reason)

    def _run(self, reason: str) -> ReloadOutcome:
        self._started_at = time.monotonic()
        try:
            outcome = self._live.reload()
        except Exception as exc:  # LiveKnowledge.reload does not raise; the worker survives if it ever does
            problem = Problem(str(self._live.folder), 0, 0, f"reload failed: {exc!r}")
            seconds = time.monotonic() - self._started_at
            outcome = ReloadOutcome(False, self._live.version, (problem,), seconds)
        try:
            self._on_outcome(outcome, reason)
        except Exception:
            log.exception("knowledge reload (%s): handling the outcome failed", reason)
        return outcome
