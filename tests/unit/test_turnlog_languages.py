"""The report by the guest's language: a day of typed questions in several languages through the real
dialogue (summit knowledge), the node's turn logging, and `robot-guide report` (text, JSON, HTML)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from robot_guide.cli.main import main
from robot_guide.contracts.messages import UNKNOWN_LANGUAGE, Utterance
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.engine import DialogueEngine
from robot_guide.knowledge.loader import load_knowledge
from robot_guide.matching import build_matcher
from robot_guide.paths import default_knowledge_dir
from robot_guide.turnlog.report import build_report, format_text
from robot_guide.turnlog.store import TurnLog
from robot_guide.turnlog.turns import read_turns

START = datetime(2025, 10, 18, 9, 0)
ASKED = [
    "When is the summit?",
    "What is the weather like tomorrow?",
    "¿Cuándo es la cumbre?",
    "¿Qué tiempo hará mañana?",
    "¿Quién ganó el partido de fútbol anoche?",
    "峰会几号举行",
    "Do you speak Spanish?",  # a switch: conversation, not a question about the summit
]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    kb = load_knowledge(default_knowledge_dir())
    dialogue = DialogueEngine(kb, build_matcher(kb, semantic=False), DialogueConfig(greet_first_words=False))
    path = tmp_path / "turns.sqlite3"
    with TurnLog(path, retention_days=100_000) as log:
        for i, text in enumerate(ASKED):
            utterance = Utterance(text, f"guest-{i}", language=UNKNOWN_LANGUAGE)
            replies = dialogue.on_utterance(utterance, START)
            asked = replace(utterance, language=replies[0].language)  # as dialogue_node logs typed text
            for reply in replies:
                log.record(asked, reply, when=START + timedelta(minutes=i))
    return path


def test_questions_are_counted_by_the_guests_language(db: Path) -> None:
    report = build_report(read_turns(db))
    by_language = {language: (asked, answered) for language, asked, answered in report.by_language}
    assert by_language == {"en": (2, 1), "es": (3, 1), "zh": (1, 1)}
    assert "By language" in format_text(report)


def test_report_json_and_html_carry_the_language_table(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "--db", str(db), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)["by_language"]
    assert [row[0] for row in rows] == ["es", "en", "zh"]  # most asked first
    page = tmp_path / "report.html"
    assert main(["report", "--db", str(db), "--html", str(page)]) == 0
    html = page.read_text()
    assert "<h2>Questions by the guest's language</h2>" in html
    assert '<tr><td>es</td><td class="n">3</td><td class="n">1</td><td class="n">2</td></tr>' in html
