"""What the speech stages report: the robot's lines as played, and audio dropped by the recogniser."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

from robot_guide.contracts import decoding as d
from robot_guide.contracts.messages import MAX_TEXT_CHARS, Decision, Reply, ReplyKind


class SpokenPhase(StrEnum):
    STARTED = "started"  # the first audio of the line is playing
    FINISHED = "finished"  # played to the end
    CANCELLED = "cancelled"  # cut off because a guest spoke over the robot
    FAILED = "failed"  # the speech engine could not render it; `error` says why


@dataclass(frozen=True)
class SpokenEvent:
    """A line of the robot's speech started, finished, was cut off or failed; with its reply's fields."""

    event: SpokenPhase
    text: str
    turn_id: str = ""
    stamp: float = 0.0  # wall time of this event
    kind: ReplyKind | None = None  # the reply's kind, decision, entry, guest and timings, when there is one
    decision: Decision | None = None
    entry: str | None = None
    guest_id: str = "guest"
    timings: dict[str, float] = field(default_factory=dict)
    started: float | None = None  # wall times the audio started and ended (not on "started")
    ended: float | None = None
    cache_hit: bool = False  # the audio came from the pre-rendered cache
    synth_seconds: float = 0.0
    error: str = ""

    @classmethod
    def about(
        cls, reply: Reply | None, event: SpokenPhase, text: str, turn_id: str, stamp: float
    ) -> SpokenEvent:
        """An event for a line of `reply` (None: a line that did not come from a reply)."""
        if reply is None:
            return cls(event, text, turn_id, stamp)
        return cls(
            event,
            text,
            turn_id,
            stamp,
            kind=reply.kind,
            decision=reply.decision,
            entry=reply.entry,
            guest_id=reply.guest_id,
            timings=dict(reply.timings),
        )

    @property
    def ends_line(self) -> bool:
        """True for every event after which the line no longer plays."""
        return self.event is not SpokenPhase.STARTED

    def to_json(self) -> str:
        return d.encode_object(asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> SpokenEvent:
        what = "spoken event"
        value = d.decode_object(raw, what)
        return cls(
            event=d.member(SpokenPhase, value, "event", what),
            text=d.text(value, "text", what)[: MAX_TEXT_CHARS * 2],
            turn_id=d.text(value, "turn_id", what, "")[:100],
            stamp=d.number(value, "stamp", what, 0.0),
            kind=d.optional_member(ReplyKind, value, "kind", what),
            decision=d.optional_member(Decision, value, "decision", what),
            entry=d.optional_text(value, "entry", what),
            guest_id=d.text(value, "guest_id", what, "guest")[:100],
            timings=d.timings(value, what),
            started=d.optional_number(value, "started", what),
            ended=d.optional_number(value, "ended", what),
            cache_hit=d.flag(value, "cache_hit", what, False),
            synth_seconds=d.number(value, "synth_seconds", what, 0.0),
            error=d.optional_text(value, "error", what) or "",
        )


@dataclass(frozen=True)
class IgnoredAudio:
    """Audio the recogniser dropped (a guard, the robot's own echo), what it would have said, and why."""

    reason: str
    text: str = ""
    stamp: float = 0.0

    def to_json(self) -> str:
        return d.encode_object(asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> IgnoredAudio:
        what = "ignored audio"
        value = d.decode_object(raw, what)
        return cls(
            reason=d.text(value, "reason", what)[:200],
            text=d.text(value, "text", what, "")[:MAX_TEXT_CHARS],
            stamp=d.number(value, "stamp", what, 0.0),
        )
