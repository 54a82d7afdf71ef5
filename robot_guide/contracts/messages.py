"""The conversation's payloads (guest events, utterances, replies): JSON in std_msgs/String, strict."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum

from robot_guide.contracts import decoding as d
from robot_guide.contracts.decoding import MAX_MESSAGE_BYTES, MessageError

__all__ = [
    "MAX_MESSAGE_BYTES",
    "MAX_TEXT_CHARS",
    "Decision",
    "GuestEvent",
    "MessageError",
    "Reply",
    "ReplyKind",
    "Utterance",
]

MAX_TEXT_CHARS = 2_000  # longer guest text is cut: nobody speaks 2,000 characters in one turn


class Decision(StrEnum):
    """Whether the robot answered, asked which of two things was meant, or did not know."""

    ANSWER = "answer"
    CLARIFY = "clarify"
    FALLBACK = "fallback"


class ReplyKind(StrEnum):
    """What a reply is, for the speech stage, the turn log and scripted checks."""

    GREETING = "greeting"
    GREETING_AGAIN = "greeting_again"
    GOODBYE = "goodbye"
    ANSWER = "answer"
    DIRECTIONS = "directions"
    SCHEDULE = "schedule"
    SCHEDULE_OUTSIDE = "schedule_outside"
    CLARIFY = "clarify"
    CLARIFY_UNCLEAR = "clarify_unclear"
    FALLBACK = "fallback"
    NOT_HEARD = "not_heard"
    UNKNOWN_PLACE = "unknown_place"
    UNKNOWN_EVENT = "unknown_event"
    NO_ROUTE = "no_route"
    FOLLOWUP_NONE = "followup_none"
    REPEAT = "repeat"
    REPEAT_NONE = "repeat_none"
    SLOWER = "slower"
    OFFER_STAFF = "offer_staff"
    STAFF_CALL = "staff_call"
    STAFF_DECLINED = "staff_declined"
    SILENT = "silent"  # no reply at all (robot-guide ask prints it)
    ESCORT_OFFER = "escort_offer"  # "would you like me to take you there?"
    ESCORT_START = "escort_start"  # "please follow me", said before the robot moves
    ESCORT_DECLINED = "escort_declined"
    ESCORT_CANCELLED = "escort_cancelled"  # the guest said stop: the robot turns back
    ESCORT_PROGRESS = "escort_progress"  # "we are almost there"
    ESCORT_ARRIVED = "escort_arrived"
    ESCORT_FAILED = "escort_failed"  # navigation failed: said so, with spoken directions instead
    ESCORT_STRANDED = "escort_stranded"  # could not get back to the post
    LANGUAGE_SWITCH = "language_switch"  # "of course, let's speak Spanish", in the new language
    LANGUAGE_UNAVAILABLE = "language_unavailable"  # a language the knowledge does not serve
    ENGLISH_ONLY = "english_only"  # the apology before an answer written only in English


@dataclass(frozen=True)
class GuestEvent:
    """A guest arrives or leaves (from perception on the robot, from the simulator in development)."""

    kind: str  # "arrive" | "leave"
    guest_id: str = "guest"
    stamp: float = 0.0

    KINDS = ("arrive", "leave")

    def to_json(self) -> str:
        return d.encode_object({"kind": self.kind, "guest_id": self.guest_id, "stamp": self.stamp})

    @classmethod
    def from_json(cls, raw: str) -> GuestEvent:
        what = "guest event"
        value = d.decode_object(raw, what)
        kind = d.text(value, "kind", what)
        if kind not in cls.KINDS:
            raise MessageError(f"{what}: 'kind' must be one of {', '.join(cls.KINDS)}, got {kind[:40]!r}")
        guest_id = d.text(value, "guest_id", what, "guest")[:100] or "guest"
        return cls(kind, guest_id, d.number(value, "stamp", what, 0.0))


# An utterance's language when nobody said it (typed text): the dialogue detects it from the words.
UNKNOWN_LANGUAGE = "und"


@dataclass(frozen=True)
class Utterance:
    """What a guest said: typed in the simulator or heard by the recogniser."""

    text: str
    guest_id: str = "guest"
    language: str = "en"
    confidence: float | None = None  # recogniser confidence in [0, 1]; None for typed text
    source: str = "text"  # "text" | "speech"
    turn_id: str = ""
    timings: dict[str, float] = field(default_factory=dict)  # wall-clock stamps: speech_end, transcript_ready
    language_confidence: float | None = None  # how sure the recogniser is of `language`; None for typed text

    def to_json(self) -> str:
        return d.encode_object(asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> Utterance:
        what = "utterance"
        value = d.decode_object(raw, what)
        text = d.text(value, "text", what)[:MAX_TEXT_CHARS]
        confidence = d.optional_number(value, "confidence", what)
        if confidence is not None and not 0.0 <= confidence <= 1.0:
            raise MessageError(f"{what}: 'confidence' must be between 0 and 1")
        return cls(
            text=text,
            guest_id=d.text(value, "guest_id", what, "guest")[:100] or "guest",
            language=d.text(value, "language", what, "en")[:16] or "en",
            confidence=confidence,
            source=d.text(value, "source", what, "text"),
            turn_id=d.text(value, "turn_id", what, "")[:100],
            timings=d.timings(value, what),
            language_confidence=_unit(d.optional_number(value, "language_confidence", what), what),
        )


def _unit(value: float | None, what: str) -> float | None:
    if value is not None and not 0.0 <= value <= 1.0:
        raise MessageError(f"{what}: 'language_confidence' must be between 0 and 1")
    return value


@dataclass(frozen=True)
class Reply:
    """What the robot says, with why it says it (decision, entry, score) for the log and the simulator."""

    text: str
    kind: ReplyKind
    decision: Decision = Decision.ANSWER
    entry: str | None = None
    score: float = 0.0
    guest_id: str = "guest"
    language: str = "en"
    rate_scale: float = 1.0  # < 1 speaks slower ("slower please")
    turn_id: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Code that still passes a plain string gets the member, or a ValueError naming the bad value.
        object.__setattr__(self, "kind", ReplyKind(self.kind))
        object.__setattr__(self, "decision", Decision(self.decision))

    def to_json(self) -> str:
        return d.encode_object(asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> Reply:
        what = "reply"
        value = d.decode_object(raw, what)
        rate = d.number(value, "rate_scale", what, 1.0) or 1.0
        return cls(
            text=d.text(value, "text", what)[: MAX_TEXT_CHARS * 2],
            kind=d.member(ReplyKind, value, "kind", what, ReplyKind.ANSWER),
            decision=d.member(Decision, value, "decision", what, Decision.ANSWER),
            entry=d.optional_text(value, "entry", what),
            score=d.number(value, "score", what, 0.0),
            guest_id=d.text(value, "guest_id", what, "guest"),
            language=d.text(value, "language", what, "en"),
            rate_scale=min(max(rate, 0.5), 1.5),
            turn_id=d.text(value, "turn_id", what, ""),
            timings=d.timings(value, what),
        )
