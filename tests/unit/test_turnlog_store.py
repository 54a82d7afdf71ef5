"""TurnLog: rows written in the background, never raising; problems reported; retention; reading."""

from __future__ import annotations

import shutil
import sqlite3
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from robot_guide.contracts.messages import Reply, Utterance
from robot_guide.turnlog.store import TurnLog, _explain
from robot_guide.turnlog.turns import TurnLogError, default_turnlog_path, latency_of, read_turns


def reply(text: str = "Hall B is behind me.", **fields: object) -> Reply:
    values: dict[str, object] = {
        "kind": "directions",
        "entry": "crash_challenge",
        "score": 0.8,
        "guest_id": "g1",
    }
    values.update(fields)
    return Reply(text, **values)  # type: ignore[arg-type]


def test_rows_are_written_with_every_column(tmp_path: Path) -> None:
    db = tmp_path / "log" / "turns.sqlite3"
    with TurnLog(db, robot_id="aimoga-7") as log:
        utterance = Utterance("where is hall b", "g1", timings={"speech_end": 100.0})
        log.record(
            utterance,
            reply(timings={"speech_end": 100.0, "reply_chosen": 100.25}),
            when=datetime(2025, 10, 18, 10, 0, 5, 123),
        )
        log.record(None, reply("Hello!", kind="greeting", entry=None, score=0.0))
        assert log.flush()
        assert log.written == 2 and log.problems() == []
    turns = read_turns(db)
    assert [t.reply_kind for t in turns] == ["directions", "greeting"]
    first = turns[0]
    assert (first.time, first.robot_id, first.guest_id, first.question) == (
        "2025-10-18T10:00:05",
        "aimoga-7",
        "g1",
        "where is hall b",
    )
    assert (first.decision, first.entry, first.score, first.latency_s) == (
        "answer",
        "crash_challenge",
        0.8,
        0.25,
    )
    assert first.audio_path is None and turns[1].question == ""
    mode = sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_audio_paths_only_when_enabled(tmp_path: Path) -> None:
    for keep, expected in ((False, None), (True, "/data/wav/t1.wav")):
        db = tmp_path / f"{keep}.sqlite3"
        with TurnLog(db, keep_audio=keep) as log:
            log.record(Utterance("hi"), reply(), audio_path="/data/wav/t1.wav")
        assert read_turns(db)[0].audio_path == expected


def test_old_rows_are_deleted_at_start(tmp_path: Path) -> None:
    db = tmp_path / "turns.sqlite3"
    with TurnLog(db, retention_days=30) as log:
        log.record(Utterance("old"), reply(), when=datetime.now() - timedelta(days=40))
        log.record(Utterance("recent"), reply(), when=datetime.now() - timedelta(days=2))
    assert len(read_turns(db)) == 2  # purging happens when the log opens, not on every write
    with TurnLog(db, retention_days=30) as log:
        log.record(Utterance("new"), reply())
    assert [t.question for t in read_turns(db)] == ["recent", "new"]
    assert [t.question for t in read_turns(db, since=datetime.now() - timedelta(days=1))] == ["new"]


def test_locked_database_is_reported_and_rows_arrive_later(tmp_path: Path) -> None:
    db = tmp_path / "turns.sqlite3"
    problems: list[str] = []
    log = TurnLog(db, retry_s=0.05, busy_timeout_ms=20, on_problem=problems.append)
    log.record(Utterance("first"), reply())
    assert log.flush()
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    log.record(Utterance("while locked"), reply())  # only enqueues: the caller is never held up
    assert not log.flush(timeout=0.3)
    assert any("locked" in p for p in log.problems()) and problems == log.problems()
    blocker.execute("ROLLBACK")
    blocker.close()
    assert log.flush(timeout=5.0)
    log.close()
    assert [t.question for t in read_turns(db)] == ["first", "while locked"]


def test_deleted_folder_is_recreated_and_reported(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    db = folder / "turns.sqlite3"
    log = TurnLog(db, retry_s=0.05)
    log.record(Utterance("before"), reply())
    assert log.flush()
    shutil.rmtree(folder)
    log.record(Utterance("after"), reply())
    assert log.flush()
    log.close()
    assert [t.question for t in read_turns(db)] == ["after"]
    assert any("disappeared" in p for p in log.problems())


def test_unwritable_location_never_raises_and_drops_oldest_when_full(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    log = TurnLog(blocker / "turns.sqlite3", max_queue=3, retry_s=0.05, problem_interval_s=3600)
    for i in range(10):
        log.record(Utterance(f"q{i}"), reply())
    assert not log.flush(timeout=0.3)
    assert log.dropped == 7
    messages = log.problems()
    assert len(messages) == 1 and "retrying" in messages[0]  # rate-limited: one line, not one per retry
    log.close(timeout=0.2)


def test_problem_messages_name_the_cause() -> None:
    assert "read-only" in _explain(sqlite3.OperationalError("attempt to write a readonly database"))
    assert "disk is full" in _explain(sqlite3.OperationalError("database or disk is full"))
    assert "locked" in _explain(sqlite3.OperationalError("database is locked"))


def test_latency_from_speech_end_or_missing() -> None:
    utterance = Utterance("x", timings={"speech_end": 10.0, "transcript_ready": 10.3})
    assert latency_of(utterance, reply(timings={"speech_end": 10.0, "reply_chosen": 10.5})) == 0.5
    assert latency_of(None, reply(timings={"reply_chosen": 10.5})) is None


def test_default_path_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ROBOT_GUIDE_TURNLOG", str(tmp_path / "x.sqlite3"))
    assert default_turnlog_path() == tmp_path / "x.sqlite3"
    monkeypatch.delenv("ROBOT_GUIDE_TURNLOG")
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    assert default_turnlog_path() == Path.home() / ".local/state/robot_guide/turns.sqlite3"


def test_reading_a_missing_or_corrupt_log_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TurnLogError, match="no turn log at"):
        read_turns(tmp_path / "missing.sqlite3")
    assert not (tmp_path / "missing.sqlite3").exists()  # reading never creates it
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_bytes(b"not a database at all" * 100)
    with pytest.raises(TurnLogError, match="not a readable turn log"):
        read_turns(corrupt)


def test_old_rows_are_purged_while_idle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import robot_guide.turnlog.store as store

    monkeypatch.setattr(store, "PURGE_EVERY_S", 0.0)  # "daily" becomes "at every quiet second"
    db = tmp_path / "turns.sqlite3"
    with TurnLog(db, retention_days=30) as log:
        log.record(Utterance("old"), reply(), when=datetime.now() - timedelta(days=40))
        assert log.flush()
        deadline = datetime.now() + timedelta(seconds=10)
        while read_turns(db) and datetime.now() < deadline:
            time.sleep(0.05)  # the writer purges after a quiet second
        assert read_turns(db) == []


def test_a_lone_surrogate_never_stops_the_writer(tmp_path: Path) -> None:
    db = tmp_path / "turns.sqlite3"
    with TurnLog(db) as log:
        log.record(Utterance("where is \ud800 hall b\x1b[2J"), reply())
        # A field that is not cleaned (here the guest id) and cannot be encoded: that row alone is skipped.
        log.record(Utterance("hello"), reply(guest_id="g\udfff"))
        for n in range(31):
            log.record(Utterance(f"question {n}"), reply())
        assert log.flush(5.0)
        assert log.skipped == 1
        assert any("could not be stored" in p for p in log.problems())
    rows = read_turns(db)
    assert len(rows) == 32
    assert rows[0].question == "where is hall b [2J"
    assert [r.question for r in rows[1:]] == [f"question {n}" for n in range(31)]


def test_a_new_log_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    db = tmp_path / "state" / "turns.sqlite3"
    with TurnLog(db) as log:
        log.record(Utterance("where is hall b"), reply())
        assert log.flush(5.0)
    assert db.stat().st_mode & 0o777 == 0o600
    for companion in tmp_path.glob("state/turns.sqlite3-*"):
        assert companion.stat().st_mode & 0o077 == 0
