"""A logged turn: its row, how one is made from a question and its reply, and reading the log back."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from robot_guide.contracts.errors import RobotGuideError
from robot_guide.contracts.messages import UNKNOWN_LANGUAGE, Reply, Utterance
from robot_guide.guide.text import clean_utterance
from robot_guide.paths import state_dir

ENV_TURNLOG = "ROBOT_GUIDE_TURNLOG"
SCHEMA_VERSION = 1
MAX_LATENCY_S = 600.0
COLUMNS = (
    "time",
    "robot_id",
    "guest_id",
    "question",
    "decision",
    "entry",
    "score",
    "latency_s",
    "language",
    "reply_kind",
    "reply_text",
    "audio_path",
)
SCHEMA = f"""
CREATE TABLE IF NOT EXISTS turns (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,          -- ISO local time, seconds
    robot_id TEXT NOT NULL,
    guest_id TEXT NOT NULL,
    question TEXT NOT NULL,      -- '' for greetings and goodbyes
    decision TEXT NOT NULL,      -- answer | clarify | fallback
    entry TEXT,
    score REAL NOT NULL,
    latency_s REAL,              -- speech end (or utterance) to reply chosen
    language TEXT NOT NULL,
    reply_kind TEXT NOT NULL,
    reply_text TEXT NOT NULL,
    audio_path TEXT              -- only when audio keeping is enabled: a WAV path, never the audio itself
);
CREATE INDEX IF NOT EXISTS turns_time ON turns (time);
PRAGMA user_version = {SCHEMA_VERSION};
"""


class TurnLogError(RobotGuideError):
    """The log cannot be read (missing or not a turn log); the message names the file and the fix."""


def default_turnlog_path() -> Path:
    """$ROBOT_GUIDE_TURNLOG, else turns.sqlite3 in the state folder (robot_guide.paths.state_dir)."""
    configured = os.environ.get(ENV_TURNLOG)
    if configured:
        return Path(configured).expanduser()
    return state_dir() / "turns.sqlite3"


@dataclass(frozen=True)
class Turn:
    """One logged row."""

    time: str
    robot_id: str
    guest_id: str
    question: str
    decision: str
    entry: str | None
    score: float
    latency_s: float | None
    language: str
    reply_kind: str
    reply_text: str
    audio_path: str | None = None

    @property
    def moment(self) -> datetime:
        return datetime.fromisoformat(self.time)


def latency_of(utterance: Utterance | None, reply: Reply) -> float | None:
    """Seconds from the end of the guest's speech (or the earliest stamp) to the reply being chosen."""
    chosen = reply.timings.get("reply_chosen")
    stamps = dict(utterance.timings) if utterance else {}
    stamps.update({k: v for k, v in reply.timings.items() if k != "reply_chosen"})
    start = (
        stamps.get("speech_end")
        or stamps.get("utterance_received")
        or (min(stamps.values()) if stamps else None)
    )
    # Stamps from different clocks (a simulator, a robot with a wrong clock) give nonsense: leave it out.
    if chosen is None or start is None or not 0 <= chosen - start < MAX_LATENCY_S:
        return None
    return round(chosen - start, 4)


def make_turn(
    utterance: Utterance | None,
    reply: Reply,
    robot_id: str,
    when: datetime | None = None,
    audio_path: str | None = None,
) -> Turn:
    return Turn(
        time=(when or datetime.now()).replace(microsecond=0).isoformat(),
        robot_id=robot_id,
        guest_id=reply.guest_id,
        # Cleaned once here: the log is read by people and tools, never the raw bytes a microphone or a
        # message carried (lone surrogates, escape sequences).
        question=clean_utterance(utterance.text) if utterance else "",
        decision=reply.decision,
        entry=reply.entry,
        score=float(reply.score),
        latency_s=latency_of(utterance, reply),
        # The guest's language (an English-only answer to a Spanish question counts as Spanish).
        language=(
            utterance.language if utterance and utterance.language != UNKNOWN_LANGUAGE else reply.language
        ),
        reply_kind=reply.kind,
        reply_text=clean_utterance(reply.text),
        audio_path=audio_path,
    )


def create_private(path: Path) -> None:
    """Create the log readable by its owner only: it holds what guests asked. SQLite gives its -wal and
    -shm files the same permissions as the database file."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def read_turns(path: str | Path, since: datetime | None = None) -> list[Turn]:
    """All turns (since a moment), oldest first, read-only: a missing file is an error, never created."""
    return list(iter_turns(path, since))


def iter_turns(path: str | Path, since: datetime | None = None) -> Iterator[Turn]:
    path = Path(path).expanduser()
    if not path.is_file():
        raise TurnLogError(
            f"no turn log at {path}: run the robot first, or pass --db PATH (or set {ENV_TURNLOG})"
        )
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error as exc:
        raise TurnLogError(f"cannot open the turn log {path}: {exc}") from None
    try:
        where, args = ("WHERE time >= ?", (since.replace(microsecond=0).isoformat(),)) if since else ("", ())
        cursor = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM turns {where} ORDER BY time, id", args)
        for row in cursor:
            yield Turn(*row)
    except sqlite3.DatabaseError as exc:
        raise TurnLogError(
            f"{path} is not a readable turn log ({exc}); pass the right file with --db"
        ) from None
    finally:
        conn.close()
