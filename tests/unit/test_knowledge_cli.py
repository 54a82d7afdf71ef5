"""`robot-guide kb check|test|vocab` through the real dispatcher: output lines and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from robot_guide.cli.main import main


def test_check_clean_folder_exits_0(kb_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "check", str(kb_folder)]) == 0
    assert capsys.readouterr().out == "0 errors, 0 warnings in 2 files\n"


def test_check_with_errors_exits_1_with_one_line_each(
    kb_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (kb_folder / "bad.yaml").write_text("entries:\n  - id: x\n    questions: {en: [a]}\n    answr: {en: b}\n")
    assert main(["kb", "check", str(kb_folder)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{kb_folder / 'bad.yaml'}:2:5: entries[0] is missing 'answer'"
    assert lines[1].startswith(
        f"{kb_folder / 'bad.yaml'}:4:5: unknown key 'answr' in entries[0] (did you mean"
    )
    assert lines[-1] == "2 errors, 0 warnings in 3 files"


def test_check_with_only_warnings_exits_0(kb_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entries = kb_folder / "entries.yaml"
    entries.write_text(entries.read_text().replace("No password is needed.", "See www.chery.com for help."))
    assert main(["kb", "check", str(kb_folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "warning: entry 'wifi' en answer has a web address" in out[0]
    assert out[-1] == "0 errors, 1 warning in 2 files"


def test_check_missing_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "check", str(tmp_path / "nope")]) == 1
    assert "does not exist" in capsys.readouterr().out


def test_kb_test_passes_with_the_real_matcher(kb_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "test", str(kb_folder)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "2 passed, 0 failed"
    assert out[0].startswith("PASS ") and out[0].endswith("'Where is the toilet?' -> restrooms")


def test_kb_test_failure_exits_1_and_json(kb_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    entries = kb_folder / "entries.yaml"
    entries.write_text(entries.read_text() + "  - ask: where is the toilet\n    expect: wifi\n")
    assert main(["kb", "test", str(kb_folder)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("FAIL ") and "expected wifi, got restrooms" in line for line in out)
    assert out[-1] == "2 passed, 1 failed"
    assert main(["kb", "test", str(kb_folder), "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert (report["passed"], report["failed"]) == (2, 1)
    assert report["results"][2]["expect"] == "wifi" and report["results"][2]["passed"] is False


def test_kb_test_on_broken_knowledge_exits_1(kb_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (kb_folder / "persona.yaml").write_text("persona: [\n")
    assert main(["kb", "test", str(kb_folder)]) == 1
    assert "cannot run the tests" in capsys.readouterr().out


def test_kb_without_action_is_one_line_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "robot-guide kb check" in err


def test_kb_vocab_prints_prompt(kb_folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "vocab", str(kb_folder)]) == 0
    out = capsys.readouterr().out
    prompt = next(line for line in out.splitlines() if line.startswith("prompt: "))
    # The names as a plain list, the most asked last (Whisper weighs the end of its prompt most).
    # No question of the fixture names either: the vocabulary's order decides, its first name last.
    assert prompt == "prompt: Chery, AiMOGA."
