"""The simulator's body lines and the scripted checks of them (no nodes)."""

from __future__ import annotations

from robot_guide.contracts.escort import EscortKind, EscortStatus, Pose2D
from robot_guide.sim.body import body_line
from robot_guide.sim.commands import Action, parse_line
from robot_guide.sim.script import Step, check_step

WALK = [
    "body: walking to crash_arena (12.0, -3.5)",
    "body: arrived at crash_arena",
    "body: returning to main_entrance",
    "body: back at main_entrance",
]


def test_escort_statuses_become_body_lines() -> None:
    leading = EscortStatus(EscortKind.LEADING, "crash_arena", goal=Pose2D(12.0, -3.5, -1.57))
    assert body_line(leading) == WALK[0]
    assert body_line(EscortStatus(EscortKind.ARRIVED, "crash_arena")) == WALK[1]
    assert body_line(EscortStatus(EscortKind.BACK_AT_POST, "main_entrance")) == WALK[3]
    failed = EscortStatus(EscortKind.FAILED, "crash_arena", reason="no_progress")
    assert body_line(failed) == "body: navigation failed: no progress on the way to crash_arena"
    assert body_line(EscortStatus(EscortKind.PROGRESS, "crash_arena", remaining_m=3.0)) is None


def test_body_expectations_match_in_order() -> None:
    step = Step(1, "say", "yes", {"body": ["walking to crash_arena", "back at main_entrance"]})
    assert check_step(step, [], [], [], False, body=WALK) == []
    backwards = Step(1, "say", "yes", {"body": ["back at main_entrance", "walking to crash_arena"]})
    (failure,) = check_step(backwards, [], [], [], False, body=WALK)
    assert (
        "expected a body line with 'walking to crash_arena'" in failure
        and "arrived at crash_arena" in failure
    )
    (nothing,) = check_step(Step(1, "say", "yes", {"body": "arrived"}), [], [], [], False, body=[])
    assert nothing.endswith("the body did: nothing")


def test_block_and_unblock_are_commands() -> None:
    assert parse_line("/block") == Action("block")
    assert parse_line("/unblock") == Action("unblock")
