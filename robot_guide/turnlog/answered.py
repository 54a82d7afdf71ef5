"""The ids of the turns the robot answered lately, kept in a small private file, so a restarted dialogue node
does not answer again the questions its topic retained from before the restart."""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

KEEP = 200  # more than the questions a topic retains for a restarted node (20 per publisher)
_REWRITE_AT = 4 * KEEP  # lines in the file before it is cut back to the newest KEEP


class AnsweredTurns:
    """Appends one turn id a line; never raises (a problem disables it and is kept in `problem`).

    Written by the OS's page cache, so a killed process loses nothing; only a power cut may."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem = ""
        self._lock = threading.Lock()
        self._recent: list[str] = []
        self._lines = 0

    def load(self) -> list[str]:
        """The newest answered turn ids, oldest first ([] when there is no file yet or it is unreadable)."""
        try:
            with open(self.path, encoding="utf-8", errors="replace") as handle:
                lines = [line.strip() for line in handle if line.strip()]
        except FileNotFoundError:
            lines = []
        except OSError as exc:
            self.problem = f"cannot read {self.path}: {exc.strerror or exc}"
            lines = []
        with self._lock:
            self._recent = lines[-KEEP:]
            self._lines = len(lines)
            return list(self._recent)

    def add(self, turn_id: str) -> None:
        turn_id = "".join(ch for ch in turn_id if ch.isprintable()).strip()
        if not turn_id or self.problem:
            return
        with self._lock:
            self._recent = [*self._recent[-(KEEP - 1) :], turn_id]
            self._lines += 1
            try:
                if self._lines > _REWRITE_AT:
                    self._rewrite()
                else:
                    self._append(turn_id)
            except OSError as exc:
                self.problem = f"cannot write {self.path}: {exc.strerror or exc}"

    def _open(self, flags: int) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(self.path, flags | os.O_WRONLY | os.O_CREAT, 0o600)  # guests' turns: owner only

    def _append(self, turn_id: str) -> None:
        fd = self._open(os.O_APPEND)
        try:
            os.write(fd, (turn_id + "\n").encode("utf-8", errors="replace"))
        finally:
            os.close(fd)

    def _rewrite(self) -> None:
        temporary = self.path.with_name(self.path.name + ".new")
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            text = "".join(f"{turn_id}\n" for turn_id in self._recent)
            os.write(fd, text.encode("utf-8", errors="replace"))
        finally:
            os.close(fd)
        os.replace(temporary, self.path)
        self._lines = len(self._recent)
