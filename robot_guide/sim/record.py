"""What the simulator observed of the robot, in order: the input of transcripts and scripted checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from robot_guide.contracts.status import KnowledgeStatus


@dataclass
class RobotLine:
    """One thing the robot said, as the simulator heard it."""

    text: str
    started: float
    kind: str = ""
    entry: str | None = None
    decision: str = ""
    turn_id: str = ""
    ended: float | None = None
    cancelled: bool = False


@dataclass
class SimRecord:
    """Everything observed, in order, for transcripts and scripted checks."""

    robot: list[RobotLine] = field(default_factory=list)
    heard: list[tuple[float, str]] = field(default_factory=list)
    ignored: list[tuple[float, str, str]] = field(default_factory=list)
    speaking_changes: list[tuple[float, bool]] = field(default_factory=list)
    knowledge: list[KnowledgeStatus] = field(default_factory=list)
    rates: dict[str, float] = field(default_factory=dict)  # the rate scale each reply asked for, by turn id
    body: list[tuple[float, str]] = field(default_factory=list)  # "body: walking to ...", in order
