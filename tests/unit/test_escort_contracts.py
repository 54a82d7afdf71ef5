"""The escort payloads: round trips, and strict decoding of commands and statuses from the wire."""

from __future__ import annotations

import pytest

from robot_guide.contracts.decoding import MessageError
from robot_guide.contracts.escort import EscortAction, EscortCommand, EscortKind, EscortStatus, Pose2D

GO = EscortCommand(
    EscortAction.GO,
    place="crash_arena",
    goal=Pose2D(12.0, -3.5, -1.5708),
    home="main_entrance",
    home_pose=Pose2D(0.0, 0.0),
    guest_id="ana",
    stamp=1.5,
)


def test_round_trips() -> None:
    assert EscortCommand.from_json(GO.to_json()) == GO
    cancel = EscortCommand(EscortAction.CANCEL, place="crash_arena")
    assert EscortCommand.from_json(cancel.to_json()) == cancel
    status = EscortStatus(
        EscortKind.LEADING, "crash_arena", remaining_m=12.5, goal=Pose2D(12.0, -3.5), stamp=2.0
    )
    assert EscortStatus.from_json(status.to_json()) == status
    assert EscortStatus.from_json('{"kind": "back_at_post", "place": "main_entrance"}').goal is None


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"action": "go", "place": "hall_b"}', "'go' needs place, goal and home_pose"),
        ('{"action": "fly"}', "'action' must be one of go, cancel"),
        ('{"action": "go", "place": "b", "goal": {"x": 1}, "home_pose": {"x": 0, "y": 0}}', "finite x and y"),
        (
            '{"action": "go", "place": "b", "goal": [1, 2], "home_pose": {"x": 0, "y": 0}}',
            "a pose is an object",
        ),
        (
            '{"action": "go", "place": "b", "goal": {"x": 1e9, "y": 0}, "home_pose": {"x": 0, "y": 0}}',
            "100000 m",
        ),
    ],
)
def test_bad_commands_are_refused(raw: str, message: str) -> None:
    with pytest.raises(MessageError, match=message):
        EscortCommand.from_json(raw)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"kind": "teleported", "place": "x"}', "'kind' must be one of"),
        ('{"kind": "progress", "place": "x", "remaining_m": -1}', "'remaining_m' must be between"),
        ('{"kind": "progress", "place": "x", "remaining_m": NaN}', "not a number JSON allows"),
    ],
)
def test_bad_statuses_are_refused(raw: str, message: str) -> None:
    with pytest.raises(MessageError, match=message):
        EscortStatus.from_json(raw)
