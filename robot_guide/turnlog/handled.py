"""The keys of the guest messages the robot handled lately (turn ids, guest events), kept in a small private
file, so a restarted dialogue node does not answer or greet again what its topics retained from before."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from pathlib import Path

KEEP = 200  # more than the messages the guest topics retain for a restarted node (20 per publisher)
_REWRITE_AT = 4 * KEEP  # lines in the file before it is cut back to the newest KEEP


class HandledMessages:
    """Appends a "wall-time key" line per message; never raises (a problem disables it, kept in `problem`).

    Written by the OS's page cache, so a killed process loses nothing; only a power cut may."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem = ""
        self._lock = threading.Lock()
        self._recent: list[str] = []
        self._lines = 0

    def load(self, since: float = 0.0) -> list[str]:
        """The newest keys handled at or after wall time `since`, oldest first ([] without a file)."""
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
        keys = []
        for line in self._recent:
            stamp, _, key = line.partition(" ")
            try:
                if key and float(stamp) >= since:
                    keys.append(key)
            except ValueError:
                continue  # a line cut short by a crash
        return keys

    def add(self, key: str) -> None:
        key = "".join(ch for ch in key if ch.isprintable()).strip()
        if not key or self.problem:
            return
        line = f"{time.time():.3f} {key}"
        with self._lock:
            self._recent = [*self._recent[-(KEEP - 1) :], line]
            self._lines += 1
            try:
                if self._lines > _REWRITE_AT:
                    self._rewrite()
                else:
                    self._append(line)
            except OSError as exc:
                self.problem = f"cannot write {self.path}: {exc.strerror or exc}"

    def _open(self, flags: int) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(self.path, flags | os.O_WRONLY | os.O_CREAT, 0o600)  # guests' turns: owner only

    def _append(self, line: str) -> None:
        fd = self._open(os.O_APPEND)
        try:
            os.write(fd, (line + "\n").encode("utf-8", errors="replace"))
        finally:
            os.close(fd)

    def _rewrite(self) -> None:
        temporary = self.path.with_name(self.path.name + ".new")
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            text = "".join(f"{line}\n" for line in self._recent)
            os.write(fd, text.encode("utf-8", errors="replace"))
        finally:
            os.close(fd)
        os.replace(temporary, self.path)
        self._lines = len(self._recent)
