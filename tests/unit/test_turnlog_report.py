"""A simulated summit day through the real dialogue and turn log, then `robot-guide report` on it."""

from __future__ import annotations

import json
import re
import time
from datetime import datetime, timedelta
from pathlib import Path

import jsonschema
import pytest
import yaml
from test_dialogue_fixtures import KeywordMatcher, make_kb

from robot_guide.cli.main import main
from robot_guide.contracts.messages import GuestEvent, Reply, Utterance
from robot_guide.dialogue.engine import DialogueEngine
from robot_guide.knowledge.schema_errors import knowledge_schema
from robot_guide.turnlog.report import build_report
from robot_guide.turnlog.store import TurnLog
from robot_guide.turnlog.turns import read_turns

START = datetime(2025, 10, 18, 9, 0)
ANSWERED = [
    "tell me about the tiggo",
    "what is the crash challenge",
    "where's the loo?",
    "how do I get to Hall B",
    "what's on now?",
    "what is the KOC forum",
]
# The same unanswered need in several wordings: the report must show it as ONE group of 9.
CHARGING = ["where can I charge my phone"] * 5 + [
    "Where can I charge my phone?",
    "where can i charge my phone please",
    "is there somewhere to charge my phone",
    "phone charger please",
]
OTHER_UNANSWERED = ["what is the wifi password", "What's the wifi password?", "is there a prayer room"]


def simulate_day(db: Path) -> int:
    """Guests arrive every few minutes from 9:00, ask one question, leave; returns the number of questions."""
    kb = make_kb()
    dialogue = DialogueEngine(kb, KeywordMatcher(kb))
    questions = ANSWERED * 4 + CHARGING + OTHER_UNANSWERED
    with TurnLog(db, retention_days=100_000) as log:
        for i, text in enumerate(questions):
            now = START + timedelta(minutes=7 * i)
            guest = f"guest-{i}"
            for reply in dialogue.on_guest_event(GuestEvent("arrive", guest), now):
                log.record(None, reply, when=now)
            utterance = Utterance(
                text, guest, source="speech", confidence=0.9, timings={"speech_end": time.time()}
            )
            for reply in dialogue.on_utterance(utterance, now):
                log.record(utterance, reply, when=now + timedelta(seconds=1))
            for reply in dialogue.on_guest_event(GuestEvent("leave", guest), now):
                log.record(None, reply, when=now + timedelta(seconds=30))
    return len(questions)


@pytest.fixture(scope="module")
def day_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    db = tmp_path_factory.mktemp("day") / "turns.sqlite3"
    return db, simulate_day(db)


def test_report_groups_repeated_unanswered_paraphrases(day_db: tuple[Path, int]) -> None:
    db, asked = day_db
    report = build_report(read_turns(db))
    assert report.questions == asked
    assert report.unanswered == len(CHARGING) + len(OTHER_UNANSWERED)
    assert report.answered == len(ANSWERED) * 4
    top = report.unanswered_clusters[0]
    assert top.representative == "where can I charge my phone"
    assert top.count == len(CHARGING)
    assert dict(top.questions) == {
        "where can I charge my phone": 6,  # "Where can I charge my phone?" is the same wording
        "where can i charge my phone please": 1,
        "is there somewhere to charge my phone": 1,
        "phone charger please": 1,
    }
    assert report.median_latency_s is not None and report.median_latency_s < 60
    wifi = report.unanswered_clusters[1]
    assert (wifi.representative, wifi.count) == ("what is the wifi password", 2)
    assert len(wifi.questions) == 1  # "What's the wifi password?" is the same question
    assert report.unanswered_clusters[2].count == 1
    assert sum(q for _, q, _ in report.per_hour) == asked
    assert dict(report.top_entries)["tiggo_9"] == 4


def test_report_command_writes_stubs_html_and_json(
    day_db: tuple[Path, int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, asked = day_db
    stubs, page = tmp_path / "stubs.yaml", tmp_path / "report.html"
    assert main(["report", "--db", str(db), "--stubs", str(stubs), "--html", str(page), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["questions"] == asked and printed["unanswered_clusters"][0]["count"] == len(CHARGING)

    document = yaml.safe_load(stubs.read_text())
    jsonschema.validate(document, knowledge_schema())  # valid knowledge file per knowledge/FORMAT.md
    entries = document["entries"]
    assert len(entries) == 3
    first = entries[0]
    assert re.fullmatch(r"[a-z][a-z0-9_]*", first["id"]) and first["id"].startswith("todo_")
    assert first["questions"]["en"][0] == "where can I charge my phone"
    assert len(first["questions"]["en"]) == 4
    assert first["answer"]["en"].startswith("TODO:")
    assert "# asked 9 times" in stubs.read_text()

    html = page.read_text()
    assert html.count("<svg") >= 4
    assert "where can i charge my phone" in html
    assert "<script" not in html and "http://" not in html and "https://" not in html


def test_report_text_lists_groups(day_db: tuple[Path, int], capsys: pytest.CaptureFixture[str]) -> None:
    db, _ = day_db
    assert main(["report", "--db", str(db), "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "   9x  where can I charge my phone" in out
    assert "is there a prayer room" not in out  # --top 2


def test_report_on_missing_corrupt_and_empty_logs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--db", str(tmp_path / "missing.sqlite3")]) == 1
    assert "no turn log at" in capsys.readouterr().err
    corrupt = tmp_path / "corrupt.sqlite3"
    corrupt.write_text("hello")
    assert main(["report", "--db", str(corrupt)]) == 1
    err = capsys.readouterr().err
    assert "not a readable turn log" in err and "Traceback" not in err
    empty = tmp_path / "empty.sqlite3"
    TurnLog(empty).close()
    assert main(["report", "--db", str(empty)]) == 0
    assert "No turns logged yet" in capsys.readouterr().out
    assert main(["report", "--db", str(empty), "--top", "0"]) == 2


def test_days_filter_explains_older_turns(
    day_db: tuple[Path, int], capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = day_db
    assert main(["report", "--db", str(db), "--days", "1"]) == 0  # the simulated day was in 2025
    assert "use a larger --days" in capsys.readouterr().out


def test_an_hour_without_questions_has_no_answer_rate_bar(tmp_path: Path) -> None:
    """An empty hour is not a 0 % hour: the content team must not read it as the robot failing."""
    from robot_guide.turnlog.html import render_html

    db = tmp_path / "turns.sqlite3"
    kb = make_kb()
    dialogue = DialogueEngine(kb, KeywordMatcher(kb))
    with TurnLog(db, retention_days=100_000) as log:
        for hour in (9, 11):  # nothing asked at 10
            now = START.replace(hour=hour)
            utterance = Utterance("where's the loo?", f"guest-{hour}", source="text")
            for reply in dialogue.on_utterance(utterance, now):
                log.record(utterance, reply, when=now)
    html = render_html(build_report(read_turns(db)))
    assert "<title>10-18 09h: 100%</title>" in html and "<title>10-18 11h: 100%</title>" in html
    assert "10-18 10h: 0%" not in html
    assert "<title>10-18 10h: 0</title>" in html  # the questions-per-hour chart still shows the empty hour


def test_text_report_never_prints_terminal_escape_sequences(tmp_path: Path) -> None:
    """A log from an older version (or edited by hand) may hold raw guest text: the listing shows it clean."""
    import sqlite3

    from robot_guide.turnlog.report import format_text

    db = tmp_path / "turns.sqlite3"
    with TurnLog(db) as log:
        log.record(Utterance("placeholder", "g1"), _fallback())
        assert log.flush(5.0)
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE turns SET question = ?", ("where is the \x1b[31mbar\x1b[0m\x07",))
    text = format_text(build_report(read_turns(db)))
    assert "where is the [31mbar [0m" in text
    assert "\x1b" not in text and "\x07" not in text


def _fallback() -> Reply:
    return Reply("Sorry, I don't know.", kind="fallback", decision="fallback", guest_id="g1")
