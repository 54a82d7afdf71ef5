"""The fleet's turn log: every robot's turns in one SQLite file (the turn log's table), de-duplicated."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from robot_guide.contracts.fleet import FleetTurn
from robot_guide.turnlog.turns import COLUMNS, SCHEMA, Turn, TurnLogError, create_private

# The turn log's table plus the fleet-unique turn id: a turn heard twice (a robot re-offering its last turns
# to a restarted recorder) is stored once.
_FLEET_SCHEMA = "CREATE UNIQUE INDEX IF NOT EXISTS turns_turn_id ON turns (turn_id);"


class FleetTurnStore:
    """Appends turns synchronously (the recorder does nothing else); `add` is False for a duplicate."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            create_private(self.path)
            self._conn = sqlite3.connect(self.path, timeout=5.0, check_same_thread=False)
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.executescript(SCHEMA)
            columns = {row[1] for row in self._conn.execute("PRAGMA table_info(turns)")}
            if "turn_id" not in columns:
                self._conn.execute("ALTER TABLE turns ADD COLUMN turn_id TEXT")
            self._conn.executescript(_FLEET_SCHEMA)
        except (sqlite3.Error, OSError) as exc:
            raise TurnLogError(
                f"cannot use {self.path} as the fleet turn log ({exc}); pass another --db"
            ) from None

    def add(self, turn_id: str, turn: Turn) -> bool:
        columns = (*COLUMNS, "turn_id")
        values = (*(getattr(turn, c) for c in COLUMNS), turn_id)
        placeholders = ", ".join("?" for _ in columns)
        with self._conn:
            cursor = self._conn.execute(
                f"INSERT OR IGNORE INTO turns ({', '.join(columns)}) VALUES ({placeholders})", values
            )
        return cursor.rowcount == 1

    def count(self) -> int:
        return int(self._conn.execute("SELECT COUNT(*) FROM turns").fetchone()[0])

    def close(self) -> None:
        with contextlib.suppress(sqlite3.Error):
            self._conn.close()


def turn_of(turn: FleetTurn) -> Turn:
    """A fleet turn as a turn-log row; its robot is the robot_id column."""
    return Turn(
        time=turn.time,
        robot_id=turn.robot,
        guest_id=turn.guest_id,
        question=turn.question,
        decision=turn.decision,
        entry=turn.entry,
        score=turn.score,
        latency_s=turn.latency_s,
        language=turn.language,
        reply_kind=turn.reply_kind,
        reply_text=turn.reply_text,
    )
