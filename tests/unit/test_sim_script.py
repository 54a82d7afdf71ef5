"""Fast checks of the scripted-visit expectations (no nodes): what passes, what fails and what it says."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from robot_guide.contracts.status import KnowledgeStatus
from robot_guide.sim.record import RobotLine
from robot_guide.sim.script import Step, check_step, load_script


def step(**expect: Any) -> Step:
    return Step(1, "say", "slower please", expect)


def line(text: str, turn_id: str = "t1", kind: str = "repeat") -> RobotLine:
    return RobotLine(text=text, started=0.0, kind=kind, turn_id=turn_id)


def test_heard_not_fails_when_the_robot_hears_its_own_words() -> None:
    heard = ["The opening is on October seventeenth"]
    assert check_step(step(heard_not=["closing"]), [], heard, [], False) == []
    failures = check_step(step(heard_not=["closing", "october"]), [], heard, [], False)
    assert len(failures) == 1 and "'october'" in failures[0] and "October seventeenth" in failures[0]


def test_replies_counts_the_robot_lines_of_the_step() -> None:
    assert check_step(step(replies=1), [line("one")], [], [], False) == []
    assert check_step(step(replies=0), [], [], [], False) == []
    failures = check_step(step(replies=1), [line("one"), line("two")], [], [], False)
    assert failures == ["expected 1 robot line(s); robot said 'one' [repeat -] | 'two' [repeat -]"]


def test_rate_below_reads_the_rate_of_the_reply_to_the_turn() -> None:
    lines = [line("Hall C is on your right.", turn_id="t9")]
    assert check_step(step(rate_below=1.0), lines, [], [], False, rates={"t9": 0.75}) == []
    slow_enough = check_step(step(rate_below=0.7), lines, [], [], False, rates={"t9": 0.75})
    assert slow_enough == ["expected a line spoken at a rate below 0.7; rates were [0.75]"]
    unknown = check_step(step(rate_below=1.0), lines, [], [], False, rates={"other": 0.5})
    assert len(unknown) == 1 and "no rate known" in unknown[0]


def test_interrupted_false_fails_when_the_robot_stopped_itself() -> None:
    assert check_step(step(interrupted=False), [line("hello")], [], [], False) == []
    failures = check_step(step(interrupted=False), [line("hello")], [], [], True)
    assert len(failures) == 1 and "stopped talking though no guest spoke" in failures[0]
    # Without the key, a cancelled line is no failure (the existing behaviour).
    assert check_step(step(), [line("hello")], [], [], True) == []


def test_knowledge_compares_the_last_status_of_the_step() -> None:
    good = KnowledgeStatus(ok=True, version="v2")
    refused = KnowledgeStatus(ok=False, version="v2", problems=("schedule.yaml:54:12: unknown venue 'x'",))
    assert check_step(step(knowledge="ok"), [], [], [], False, knowledge=[good]) == []
    assert check_step(step(knowledge="refused"), [], [], [], False, knowledge=[good, refused]) == []
    wrong = check_step(step(knowledge="ok"), [], [], [], False, knowledge=[refused])
    assert len(wrong) == 1 and "unknown venue 'x'" in wrong[0] and "v2" in wrong[0]
    nothing = check_step(step(knowledge="ok"), [], [], [], False, knowledge=[])
    assert nothing == ["expected the knowledge to be ok; the robot reported no knowledge change"]
    assert "ok or refused" in check_step(step(knowledge="maybe"), [], [], [], False, knowledge=[good])[0]


def test_the_new_expectation_keys_load_from_a_script(tmp_path: Path) -> None:
    script = tmp_path / "visit.yaml"
    script.write_text(
        "steps:\n"
        "  - say: slower please\n"
        "    expect: {rate_below: 1.0, replies: 1, heard_not: [echo], knowledge: ok, interrupted: false}\n",
        encoding="utf-8",
    )
    loaded = load_script(script)
    assert loaded.steps[0].expect == {
        "rate_below": 1.0,
        "replies": 1,
        "heard_not": ["echo"],
        "knowledge": "ok",
        "interrupted": False,
    }
