"""Bad input to the fleet commands: one error line naming the problem and a non-zero exit; nothing is sent."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot_guide.cli.main import main


def test_a_robot_name_that_is_not_a_namespace(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fleet", "ask", "r1; rm -rf /", "hello"]) == 2
    assert "is not a robot namespace" in capsys.readouterr().err


def test_an_empty_question_and_a_bad_timeout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fleet", "ask", "r1", "   "]) == 2
    assert "the question is empty" in capsys.readouterr().err
    assert main(["fleet", "status", "--wait", "0"]) == 2
    assert "--wait must be a positive number" in capsys.readouterr().err


def test_publish_checks_the_folder_first_and_sends_nothing_when_broken(
    kb_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["kb", "publish", str(kb_folder.parent / "nowhere")]) == 1
    assert "does not exist" in capsys.readouterr().out
    entries = next(kb_folder.glob("*.yaml"))
    entries.write_text("entries: [\n", encoding="utf-8")
    assert main(["kb", "publish", str(kb_folder)]) == 1
    out = capsys.readouterr().out
    assert f"{entries.name}:" in out and "nothing was sent" in out and "publishing" not in out
    assert main(["kb", "publish", str(kb_folder), "--timeout", "-1"]) == 2
    assert main(["kb", "publish", str(kb_folder), "--to", "no such robot"]) == 2
    assert "is not a robot namespace" in capsys.readouterr().err


def test_fleet_without_an_action_says_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fleet"]) == 2
    assert "fleet status" in capsys.readouterr().err
