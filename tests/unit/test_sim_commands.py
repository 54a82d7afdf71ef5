"""What a developer types into the simulator, and scripted visits' file format."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot_guide.sim.commands import Action, CommandError, parse_line
from robot_guide.sim.record import RobotLine
from robot_guide.sim.script import ScriptError, Step, check_step, load_script


@pytest.mark.parametrize(
    ("line", "action"),
    [
        ("when is the summit", Action("say", "when is the summit")),
        ("  /arrive  ", Action("arrive", "")),
        ("/arrive bob", Action("arrive", "bob")),
        ("/wav Q.wav", Action("wav", "Q.wav")),
        ("/time 2025-10-18 10:00", Action("time", "2025-10-18 10:00")),
        ("/QUIT", Action("quit", "")),
        ("", Action("nothing", "")),
    ],
)
def test_lines(line: str, action: Action) -> None:
    assert parse_line(line) == action


@pytest.mark.parametrize(
    ("line", "message"), [("/dance", "unknown command"), ("/wav", "needs"), ("/wait x", "seconds")]
)
def test_bad_lines(line: str, message: str) -> None:
    with pytest.raises(CommandError, match=message):
        parse_line(line)


def test_bundled_scripts_load(repo_root: Path) -> None:
    scripts = [repo_root / "sim" / "demo.yaml", *sorted((repo_root / "sim" / "scripts").glob("*.yaml"))]
    for path in scripts:
        assert load_script(path).steps


def test_bad_scripts_name_the_problem(tmp_path: Path) -> None:
    cases = {
        "steps: []": "non-empty",
        "steps:\n  - dance: 1": "unknown key",
        "steps:\n  - say: hi\n    arrive: x": "exactly one action",
        "steps:\n  - say: hi\n    expect: {colour: red}": "expect",
        "steps: [": "not valid YAML",
    }
    for number, (text, message) in enumerate(cases.items()):
        path = tmp_path / f"s{number}.yaml"
        path.write_text(text)
        with pytest.raises(ScriptError, match=message):
            load_script(path)


def test_expectations() -> None:
    step = Step(1, "say", "when", {"entry": "summit_dates", "says": ["October"]})
    good = RobotLine("It runs in October.", 0.0, kind="answer", entry="summit_dates", decision="answer")
    assert check_step(step, [good], [], [], False) == []
    wrong = RobotLine("Sorry.", 0.0, kind="fallback", decision="fallback")
    assert "expected a reply" in check_step(step, [wrong], [], [], False)[0]
    heard = Step(2, "wav", "q.wav", {"heard": "summit", "interrupted": True})
    assert len(check_step(heard, [], ["when is the summit"], [], False)) == 1
