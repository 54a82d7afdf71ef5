"""The fleet's pure parts: contracts, the bundle format and rule, the fleet turn log, per-robot reports."""

from __future__ import annotations

import dataclasses
import os
import sqlite3
import time
from datetime import datetime
from pathlib import Path

import pytest

from robot_guide.contracts.decoding import MessageError
from robot_guide.contracts.fleet import (
    MAX_BUNDLE_BYTES,
    FleetTurn,
    KnowledgeBundle,
    KnowledgeFile,
    KnowledgeSource,
    RobotHeartbeat,
)
from robot_guide.knowledge.bundle import (
    BundleError,
    bundle_problems,
    is_holder,
    local_created,
    make_bundle,
    newer_than_serving,
    unpack,
)
from robot_guide.knowledge.loader import check_knowledge, knowledge_version
from robot_guide.turnlog.fleet_store import FleetTurnStore, turn_of
from robot_guide.turnlog.html import render_html
from robot_guide.turnlog.report import build_report, format_text
from robot_guide.turnlog.tally import DayTally
from robot_guide.turnlog.turns import read_turns


def _bundle(folder: Path, created: float = 1000.0) -> KnowledgeBundle:
    return make_bundle(folder, "b1", "ana", "desk", created, targets=("r1",))


def _turn(robot: str, number: int, kind: str = "answer", decision: str = "answer") -> FleetTurn:
    return FleetTurn(
        turn_id=f"{robot}-{number}",
        robot=robot,
        time=f"2026-12-01T10:{number:02d}:00",
        guest_id="g",
        question=f"question {number}",
        decision=decision,
        entry="summit_dates" if decision == "answer" else None,
        score=0.9,
        latency_s=0.01,
        language="en",
        reply_kind=kind,
        reply_text="reply",
    )


def test_a_bundle_carries_the_folder_and_its_version_is_the_loaders(kb_folder: Path) -> None:
    bundle = _bundle(kb_folder)
    assert bundle.version == knowledge_version(kb_folder)
    assert bundle.content_hash.startswith(bundle.version) and len(bundle.content_hash) == 64
    assert bundle.publisher == "ana@desk" and bundle.addressed_to("r1") and not bundle.addressed_to("r2")
    assert KnowledgeBundle.from_json(bundle.to_json()) == bundle
    assert bundle_problems(bundle) == []


def test_an_unpacked_bundle_loads_with_the_same_version_and_old_ones_are_pruned(
    kb_folder: Path, tmp_path: Path
) -> None:
    root = tmp_path / "fleet"
    folder = unpack(_bundle(kb_folder), root)
    kb, problems = check_knowledge(folder)
    assert problems == [] and kb is not None and kb.version == _bundle(kb_folder).version
    assert oct(root.stat().st_mode & 0o777) == "0o700"
    for number in range(5):
        (kb_folder / "extra.yaml").write_text(f"# edit {number}\n", encoding="utf-8")
        unpack(_bundle(kb_folder), root)
    assert len([p for p in root.iterdir() if p.is_dir()]) == 3


def test_a_damaged_or_hostile_bundle_is_refused_with_its_reason(kb_folder: Path, tmp_path: Path) -> None:
    bundle = _bundle(kb_folder)
    first = bundle.files[0]
    cases = {
        "content hash does not match": (KnowledgeFile(first.name, first.text + "#"), *bundle.files[1:]),
        "is not a bare *.yaml name": (KnowledgeFile("../../etc/evil.yaml", "x"), *bundle.files[1:]),
        "appears twice": (first, first),
        "no knowledge files": (),
    }
    for reason, files in cases.items():
        damaged = dataclasses.replace(bundle, files=files)
        assert any(reason in problem for problem in bundle_problems(damaged)), reason
        with pytest.raises(BundleError, match=reason.replace("*", r"\*")):
            unpack(damaged, tmp_path / "fleet")
    assert not (tmp_path / "etc").exists()
    assert "version does not match" in bundle_problems(dataclasses.replace(bundle, version="0" * 12))[0]


def test_a_bundle_over_the_limit_is_not_made(kb_folder: Path) -> None:
    for number in range(MAX_BUNDLE_BYTES // (900 * 1024) + 1):
        (kb_folder / f"big{number}.yaml").write_text("#" * 900 * 1024, encoding="utf-8")
    with pytest.raises(BundleError, match="over the fleet limit"):
        _bundle(kb_folder)


def test_bundle_decoding_is_strict() -> None:
    with pytest.raises(MessageError, match="larger than"):
        KnowledgeBundle.from_json('{"x": "' + "a" * MAX_BUNDLE_BYTES + '"}')
    with pytest.raises(MessageError, match="'files'"):
        KnowledgeBundle.from_json('{"bundle_id": "b", "version": "v", "content_hash": "h", "files": 3}')


def test_newest_version_wins(kb_folder: Path) -> None:
    saved = time.time() - 100
    for file in kb_folder.glob("*.yaml"):
        os.utime(file, (saved, saved))
    assert local_created(kb_folder) == pytest.approx(saved)
    assert newer_than_serving(saved + 1, local_created(kb_folder))  # a publish after the last save wins
    assert not newer_than_serving(saved - 1, local_created(kb_folder))  # an older publish does not
    assert not newer_than_serving(saved, saved)


def test_heartbeat_and_turn_round_trip_and_refuse_bad_fields() -> None:
    beat = RobotHeartbeat("r1", knowledge_source=KnowledgeSource.FLEET, respawns=2, questions_today=4)
    assert RobotHeartbeat.from_json(beat.to_json()) == beat
    assert dataclasses.replace(beat, answered_today=3).answer_rate_today == 0.75
    assert RobotHeartbeat("r2").answer_rate_today is None
    with pytest.raises(MessageError, match="knowledge_source"):
        RobotHeartbeat.from_json('{"robot": "r1", "knowledge_source": "usb stick"}')
    turn = _turn("r1", 1)
    assert FleetTurn.from_json(turn.to_json()) == turn
    with pytest.raises(MessageError, match="turn_id"):
        FleetTurn.from_json(dataclasses.replace(turn, turn_id="").to_json())


def test_the_fleet_log_stores_each_turn_once_across_restarts_and_reports_per_robot(tmp_path: Path) -> None:
    db = tmp_path / "fleet.sqlite3"
    store = FleetTurnStore(db)
    turns = [_turn("r1", 1), _turn("r1", 2, "fallback", "fallback"), _turn("r2", 3), _turn("r3", 4)]
    assert [store.add(t.turn_id, turn_of(t)) for t in turns] == [True] * 4
    store.close()
    again = FleetTurnStore(db)  # a restarted recorder hears the robots' last turns again
    assert [again.add(t.turn_id, turn_of(t)) for t in turns] == [False] * 4
    assert again.count() == 4
    again.close()
    assert oct(db.stat().st_mode & 0o777) == "0o600"
    rows = read_turns(db)
    assert [row.robot_id for row in rows] == ["r1", "r1", "r2", "r3"]
    report = build_report(rows)
    per_robot = {row.robot: row for row in report.per_robot}
    assert (per_robot["r1"].questions, per_robot["r1"].answered) == (2, 1)
    assert per_robot["r1"].answer_rate == 0.5 and per_robot["r3"].last == "2026-12-01T10:04:00"
    assert "Per robot:" in format_text(report)
    assert "<h2>Per robot</h2>" in render_html(report) and "r3" in render_html(report)
    assert report.to_json_dict()["per_robot"][0]["robot"] == "r1"


def test_a_single_robots_log_has_no_per_robot_section(tmp_path: Path) -> None:
    report = build_report([turn_of(_turn("r1", 1))])
    assert "Per robot:" not in format_text(report) and "Per robot" not in render_html(report)


def test_a_file_that_is_not_a_turn_log_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "not.sqlite3"
    bad.write_text("hello", encoding="utf-8")
    with pytest.raises(Exception, match="pass another --db"):
        FleetTurnStore(bad)
    with sqlite3.connect(tmp_path / "other.sqlite3") as conn:
        conn.execute("CREATE TABLE turns (x)")
    with pytest.raises(Exception, match="pass another --db"):
        FleetTurnStore(tmp_path / "other.sqlite3")


def test_the_day_tally_counts_todays_questions_and_starts_again_at_midnight(tmp_path: Path) -> None:
    tally = DayTally()
    tally.add(turn_of(_turn("r1", 1)))
    tally.add(turn_of(_turn("r1", 2, "fallback", "fallback")))
    tally.add(turn_of(dataclasses.replace(_turn("r1", 3), question="", reply_kind="greeting")))
    assert tally.today(datetime(2026, 12, 1, 12)) == (2, 1)
    assert tally.today(datetime(2026, 12, 2, 8)) == (0, 0)
    tally.add(turn_of(dataclasses.replace(_turn("r1", 4), time="2026-12-02T08:00:00")))
    assert tally.today(datetime(2026, 12, 2, 9)) == (1, 1)
    assert tally.last_turn == datetime(2026, 12, 2, 8).timestamp()


def test_the_three_lowest_names_a_robot_hears_hold_the_bundle_for_late_joiners() -> None:
    fleet = [f"r{n:02d}" for n in range(1, 51)]
    holders = [robot for robot in fleet if is_holder(robot, fleet)]
    assert holders == ["r01", "r02", "r03"]
    assert is_holder("r04", [r for r in fleet if r != "r01"])  # r01 stopped: r04 takes over
    assert is_holder("r50", [])  # a robot that hears nobody keeps offering its bundle
