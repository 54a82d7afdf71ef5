"""Watches the knowledge folder and calls back once per burst of YAML edits (debounced)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from robot_guide.knowledge.loader import KNOWLEDGE_SUFFIXES

log = logging.getLogger(__name__)

_RELEVANT_EVENTS = frozenset({"created", "modified", "deleted", "moved"})


def _is_knowledge_file(path: Any) -> bool:
    if isinstance(path, bytes):
        path = path.decode(errors="replace")
    return bool(path) and Path(str(path)).suffix in KNOWLEDGE_SUFFIXES


class KnowledgeWatcher:
    """Calls `on_change()` once after `debounce_s` of quiet following *.yaml/*.yml changes in `folder`."""

    def __init__(self, folder: str | Path, on_change: Callable[[], None], debounce_s: float = 0.3) -> None:
        self.folder = Path(folder)
        self.on_change = on_change
        self.debounce_s = debounce_s
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        self._observer: Any = None

    def start(self) -> None:
        """Starts watching; raises FileNotFoundError with a clear message if the folder does not exist."""
        if not self.folder.is_dir():
            raise FileNotFoundError(f"cannot watch {self.folder}: not a folder (pass the knowledge folder)")
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        class _Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                watcher._on_event(event)

        observer = Observer()
        observer.daemon = True
        observer.schedule(_Handler(), str(self.folder), recursive=False)
        observer.start()
        self._observer = observer

    def keep_alive(self) -> str:
        """Call now and then: restarts a watch whose thread died (e.g. the folder was replaced), and says
        what happened ("" when all is well), so a dead watcher is reported instead of silently ignored."""
        observer = self._observer
        if observer is None or observer.is_alive():
            return ""
        try:
            self.start()
        except Exception as exc:
            self._observer = observer  # try again next time
            return f"the knowledge watcher stopped and cannot restart: {exc}"
        return "the knowledge watcher stopped; restarted it"

    def stop(self) -> None:
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=5)

    def __enter__(self) -> KnowledgeWatcher:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _on_event(self, event: Any) -> None:
        try:
            if event.is_directory or event.event_type not in _RELEVANT_EVENTS:
                return
            # Editors save via a temp file renamed over the real one: the YAML name is then the destination.
            paths = (getattr(event, "src_path", ""), getattr(event, "dest_path", ""))
            if not any(_is_knowledge_file(path) for path in paths):
                return
            self._schedule()
        except Exception:  # never let an exception kill the watchdog thread
            log.exception("knowledge watcher: event handling failed")

    def _schedule(self) -> None:
        with self._lock:
            if self._observer is None:
                return  # stopped
            if self._timer is not None:
                self._timer.cancel()  # a burst of saves becomes one reload
            self._timer = threading.Timer(self.debounce_s, self._fire)
            self._timer.daemon = True
            self._timer.start()

    def _fire(self) -> None:
        with self._lock:
            self._timer = None
        try:
            self.on_change()
        except Exception:
            log.exception("knowledge watcher: on_change failed (still watching)")
