"""Bad input at the command line: one error line naming the problem, a non-zero exit, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from robot_guide.cli.main import main


def run_cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from robot_guide.cli.main import main; raise SystemExit(main())", *args]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120)


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_unknown_command() -> None:
    assert "unknown command 'dance'" in one_error_line(run_cli("dance"))


def test_unknown_option() -> None:
    assert "unrecognized arguments" in one_error_line(run_cli("ask", "--colour", "red", "hi"))


def test_knowledge_path_that_does_not_exist(tmp_path: Path) -> None:
    line = one_error_line(run_cli("ask", "--kb", str(tmp_path / "nowhere"), "hello"))
    assert "does not exist" in line


def test_missing_and_non_audio_wav(tmp_path: Path) -> None:
    fake = tmp_path / "Q.wav"
    fake.write_text("this is not audio")
    result = run_cli("transcribe", str(tmp_path / "missing.wav"), str(fake))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "missing.wav" in result.stderr and "Q.wav" in result.stderr


def test_sim_with_missing_script(tmp_path: Path) -> None:
    assert "cannot read the script" in one_error_line(run_cli("sim", "--script", str(tmp_path / "no.yaml")))


def test_up_with_bad_launch_argument() -> None:
    assert "launch arguments are written name:=value" in one_error_line(run_cli("up", "namespace=robot1"))


@pytest.mark.parametrize("question", ["", "   ", "\x00\x07", "🚗🤖", "峰会" * 3, "x" * 100_000])
def test_odd_questions_get_a_fallback_not_a_crash(question: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", question]) == 0
    assert '"decision": "fallback"' in capsys.readouterr().out


def test_many_questions_from_stdin_in_one_process() -> None:
    result = run_cli("ask", "--json", "-", stdin="when is the summit\nwhere is the toilet\n\n")
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 3


def test_undecodable_bytes_never_lose_the_batch() -> None:
    """A bad byte on stdin or in argv, with a strict UTF-8 output: every line answered, valid UTF-8 JSON."""
    import json
    import os

    command = [sys.executable, "-c", "from robot_guide.cli.main import main; raise SystemExit(main())"]
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    stdin = b"when is the summit\nwhere is \xff\xfe the toilet\n\xed\xa0\x80\n"
    bad_argument = "hello \udcff there"  # the byte 0xff in argv, as Python's surrogateescape decodes it
    result = subprocess.run(
        [*command, "ask", "--json", "-", bad_argument],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in result.stderr
    lines = result.stdout.decode("utf-8").splitlines()  # strict: the output is valid UTF-8
    assert len(lines) == 4
    questions = [json.loads(line)["question"] for line in lines]
    assert questions[0] == "when is the summit"
    assert questions[1].startswith("where is") and questions[1].endswith("the toilet")
    assert questions[3].startswith("hello") and questions[3].endswith("there")
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for q in questions for ch in q)
