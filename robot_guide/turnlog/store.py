"""The turn log writer: every question and reply into SQLite (WAL) from a background thread; never blocks."""

from __future__ import annotations

import collections
import contextlib
import sqlite3
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from robot_guide.contracts.messages import Reply, Utterance
from robot_guide.turnlog.turns import COLUMNS, SCHEMA, Turn, create_private, make_turn

PURGE_EVERY_S = 24 * 3600.0


class TurnLog:
    """Append-only turn log. `record()` only enqueues: a full disk, a lock or a deleted folder never stops
    the robot talking. Problems are kept (rate-limited, one line each) in `problems()` and sent to
    `on_problem`; the writer keeps the rows it could not write and retries, reopening the file."""

    def __init__(
        self,
        path: str | Path,
        retention_days: float = 30.0,
        robot_id: str = "aimoga-1",
        *,
        keep_audio: bool = False,
        max_queue: int = 10_000,
        on_problem: Callable[[str], None] | None = None,
        problem_interval_s: float = 60.0,
        retry_s: float = 5.0,
        busy_timeout_ms: int = 2000,
    ) -> None:
        self.path = Path(path).expanduser()
        self.retention = timedelta(days=retention_days)
        self.robot_id = robot_id
        self.keep_audio = keep_audio
        self._on_problem = on_problem
        self._problem_interval_s = problem_interval_s
        self._retry_s = retry_s
        self._busy_timeout_ms = busy_timeout_ms
        self._queue: collections.deque[tuple[int, Turn]] = collections.deque()
        self._sequence = 0
        self._max_queue = max(1, max_queue)
        self._cond = threading.Condition()
        self._stop = False
        self._idle = True
        self._dropped = 0
        self._written = 0
        self._skipped = 0
        self._problems: collections.deque[str] = collections.deque(maxlen=50)
        self._last_reported: dict[str, float] = {}
        self._conn: sqlite3.Connection | None = None
        self._last_purge = float("-inf")
        self._thread = threading.Thread(target=self._run, name="turnlog-writer", daemon=True)
        self._thread.start()

    # ----- caller side (never blocks, never raises) -------------------------------------------------------

    def record(
        self,
        utterance: Utterance | None,
        reply: Reply,
        when: datetime | None = None,
        audio_path: str | None = None,
    ) -> None:
        """Queue one turn (utterance None for greetings/goodbyes). Audio paths are stored only if enabled."""
        try:
            turn = make_turn(utterance, reply, self.robot_id, when, audio_path if self.keep_audio else None)
        except Exception as exc:  # a malformed reply must not reach the caller
            self._problem(f"turn log: could not record a turn ({exc}); it was skipped")
            return
        with self._cond:
            if self._stop:
                return
            if len(self._queue) >= self._max_queue:
                self._queue.popleft()  # the oldest goes: recent turns matter more to the content team
                self._dropped += 1
            self._sequence += 1
            self._queue.append((self._sequence, turn))
            self._idle = False
            self._cond.notify()

    def problems(self) -> list[str]:
        """Recent problems, oldest first (each distinct message at most once per interval)."""
        with self._cond:
            return list(self._problems)

    @property
    def dropped(self) -> int:
        """Turns lost because the queue was full while the database could not be written."""
        with self._cond:
            return self._dropped

    @property
    def skipped(self) -> int:
        """Turns the database refused for their content (reported in problems())."""
        with self._cond:
            return self._skipped

    @property
    def written(self) -> int:
        with self._cond:
            return self._written

    def flush(self, timeout: float = 5.0) -> bool:
        """Wait until every queued turn is written; False if that did not happen in time."""
        deadline = time.monotonic() + timeout
        with self._cond:
            self._cond.notify_all()
            while not (self._idle and not self._queue):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._cond.wait(min(remaining, 0.05))
        return True

    def close(self, timeout: float = 5.0) -> None:
        """Write what is queued (within `timeout`) and stop the writer."""
        self.flush(timeout)
        with self._cond:
            self._stop = True
            self._cond.notify_all()
        self._thread.join(timeout)

    def __enter__(self) -> TurnLog:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- writer thread ----------------------------------------------------------------------------------

    def _problem(self, message: str) -> None:
        now = time.monotonic()
        with self._cond:
            last = self._last_reported.get(message)
            if last is not None and now - last < self._problem_interval_s:
                return
            self._last_reported[message] = now
            self._problems.append(message)
        if self._on_problem is not None:
            with contextlib.suppress(Exception):  # the reporter's bug is not the writer's problem
                self._on_problem(message)

    def _take_batch(self) -> list[tuple[int, Turn]] | None:
        """Everything queued; [] after a quiet second (time for housekeeping); None when stopping."""
        with self._cond:
            if not self._queue and not self._stop:
                self._idle = True
                self._cond.notify_all()
                self._cond.wait(1.0)
            if self._stop and not self._queue:
                return None
            if not self._queue:
                return []
            self._idle = False
            return list(self._queue)

    def _housekeeping(self) -> None:
        """Open the file and purge old rows at start and then daily, even on a day without guests."""
        try:
            self._connection()
        except (sqlite3.Error, OSError) as exc:
            self._drop_connection()
            self._problem(f"turn log {self.path}: {_explain(exc)}; the robot keeps talking, retrying")

    def _run(self) -> None:
        self._housekeeping()
        while True:
            batch = self._take_batch()
            if batch is None:
                break
            if not batch:
                if time.monotonic() - self._last_purge > PURGE_EVERY_S:
                    self._housekeeping()
                continue
            failed = self._write_batch(batch)
            if failed is not None:
                self._drop_connection()
                self._problem(f"turn log {self.path}: {_explain(failed)}; the robot keeps talking, retrying")
                with self._cond:
                    self._idle = True
                    self._cond.notify_all()
                    if not self._stop:
                        self._cond.wait(self._retry_s)
                    elif self._queue:
                        break  # stopping and still failing: give up on the rest
                continue
        self._drop_connection()

    def _connection(self) -> sqlite3.Connection:
        if self._conn is not None and not self.path.exists():
            # The file or its folder was deleted under us: SQLite would keep writing to the unlinked inode.
            self._drop_connection()
            self._problem(f"turn log {self.path}: the file disappeared; creating it again")
        if self._conn is None:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            create_private(self.path)
            conn = sqlite3.connect(self.path, timeout=self._busy_timeout_ms / 1000, check_same_thread=False)
            try:
                conn.execute(f"PRAGMA busy_timeout = {int(self._busy_timeout_ms)}")
                conn.execute("PRAGMA journal_mode = WAL")
                conn.executescript(SCHEMA)
            except sqlite3.Error:
                conn.close()
                raise
            self._conn = conn
            self._last_purge = float("-inf")
        if time.monotonic() - self._last_purge > PURGE_EVERY_S:
            self._purge(self._conn)
        return self._conn

    def _purge(self, conn: sqlite3.Connection) -> None:
        cutoff = (datetime.now() - self.retention).replace(microsecond=0).isoformat()
        with conn:
            conn.execute("DELETE FROM turns WHERE time < ?", (cutoff,))
        self._last_purge = time.monotonic()

    def _write_batch(self, batch: list[tuple[int, Turn]]) -> BaseException | None:
        """Write a batch; a disk or database failure is returned for a retry. A row refused for its content
        (not for the disk) sends the batch row by row, and the bad rows are skipped and reported, so one
        odd turn never stops the log."""
        try:
            self._write([turn for _, turn in batch])
        except (sqlite3.Error, OSError) as exc:
            return exc
        except Exception:
            pass
        else:
            self._done(batch[-1][0], written=len(batch))
            return None
        for sequence, turn in batch:
            try:
                self._write([turn])
            except (sqlite3.Error, OSError) as exc:
                return exc
            except Exception as exc:
                self._problem(f"turn log: a turn could not be stored ({type(exc).__name__}: {exc}); skipped")
                self._done(sequence, skipped=1)
            else:
                self._done(sequence, written=1)
        return None

    def _done(self, last_sequence: int, written: int = 0, skipped: int = 0) -> None:
        """Forget queued rows up to `last_sequence` (written or skipped)."""
        with self._cond:
            # Not popleft(len(batch)): record() may have dropped old rows while this batch was written.
            while self._queue and self._queue[0][0] <= last_sequence:
                self._queue.popleft()
            self._written += written
            self._skipped += skipped
            if not self._queue:
                self._idle = True
                self._cond.notify_all()

    def _write(self, batch: list[Turn]) -> None:
        conn = self._connection()
        placeholders = ", ".join("?" for _ in COLUMNS)
        with conn:
            conn.executemany(
                f"INSERT INTO turns ({', '.join(COLUMNS)}) VALUES ({placeholders})",
                [tuple(getattr(turn, c) for c in COLUMNS) for turn in batch],
            )

    def _drop_connection(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(sqlite3.Error):
                self._conn.close()
            self._conn = None


def _explain(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return f"database is locked by another program ({text})"
    if "readonly" in lowered or "read-only" in lowered or "permission" in lowered:
        return f"cannot write, the file or folder is read-only ({text}); fix its permissions"
    if "full" in lowered or "no space" in lowered:
        return f"the disk is full ({text}); free some space"
    return text
