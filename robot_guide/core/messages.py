"""Wire format of the guide's events: JSON inside std_msgs/String, decoded strictly and never trusted."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

MAX_MESSAGE_BYTES = 64 * 1024
MAX_TEXT_CHARS = 2_000  # longer guest text is cut: nobody speaks 2,000 characters in one turn


class MessageError(ValueError):
    """A message that cannot be used; the node logs it and keeps serving."""


def _decode_object(raw: str, what: str) -> dict[str, Any]:
    if len(raw.encode("utf-8", errors="replace")) > MAX_MESSAGE_BYTES:
        raise MessageError(f"{what}: message larger than {MAX_MESSAGE_BYTES} bytes")
    try:
        value = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise MessageError(f"{what}: not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(value, dict):
        raise MessageError(f"{what}: expected a JSON object, got {type(value).__name__}")
    return value


def _text(value: dict[str, Any], key: str, what: str, default: str | None = None) -> str:
    item = value.get(key, default)
    if item is None:
        raise MessageError(f"{what}: missing '{key}'")
    if not isinstance(item, str):
        raise MessageError(f"{what}: '{key}' must be a string")
    return item


def _number(value: dict[str, Any], key: str, what: str, default: float | None) -> float | None:
    item = value.get(key, default)
    if item is None:
        return None
    if isinstance(item, bool) or not isinstance(item, int | float):
        raise MessageError(f"{what}: '{key}' must be a number")
    return float(item)


def _timings(value: dict[str, Any], what: str) -> dict[str, float]:
    raw = value.get("timings", {})
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and isinstance(v, int | float) and not isinstance(v, bool) for k, v in raw.items()
    ):
        raise MessageError(f"{what}: 'timings' must map names to numbers")
    return {k: float(v) for k, v in raw.items()}


@dataclass(frozen=True)
class GuestEvent:
    """A guest arrives or leaves (from perception on the robot, from the simulator in development)."""

    kind: str  # "arrive" | "leave"
    guest_id: str = "guest"
    stamp: float = 0.0

    KINDS = ("arrive", "leave")

    def to_json(self) -> str:
        return json.dumps({"kind": self.kind, "guest_id": self.guest_id, "stamp": self.stamp})

    @classmethod
    def from_json(cls, raw: str) -> GuestEvent:
        value = _decode_object(raw, "guest event")
        kind = _text(value, "kind", "guest event")
        if kind not in cls.KINDS:
            raise MessageError(f"guest event: 'kind' must be one of {', '.join(cls.KINDS)}, got {kind!r}")
        guest_id = _text(value, "guest_id", "guest event", "guest")[:100] or "guest"
        return cls(kind, guest_id, _number(value, "stamp", "guest event", 0.0) or 0.0)


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

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> Utterance:
        what = "utterance"
        value = _decode_object(raw, what)
        text = _text(value, "text", what)[:MAX_TEXT_CHARS]
        confidence = _number(value, "confidence", what, None)
        if confidence is not None and not 0.0 <= confidence <= 1.0:
            raise MessageError(f"{what}: 'confidence' must be between 0 and 1")
        return cls(
            text=text,
            guest_id=_text(value, "guest_id", what, "guest")[:100] or "guest",
            language=_text(value, "language", what, "en")[:16] or "en",
            confidence=confidence,
            source=_text(value, "source", what, "text"),
            turn_id=_text(value, "turn_id", what, "")[:100],
            timings=_timings(value, what),
        )


@dataclass(frozen=True)
class Reply:
    """What the robot says, with why it says it (decision, entry, score) for the log and the simulator."""

    text: str
    kind: str  # greeting | goodbye | answer | clarify | fallback | directions | schedule | repeat | ...
    decision: str = "answer"  # answer | clarify | fallback
    entry: str | None = None
    score: float = 0.0
    guest_id: str = "guest"
    language: str = "en"
    rate_scale: float = 1.0  # < 1 speaks slower ("slower please")
    turn_id: str = ""
    timings: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> Reply:
        what = "reply"
        value = _decode_object(raw, what)
        entry = value.get("entry")
        if entry is not None and not isinstance(entry, str):
            raise MessageError(f"{what}: 'entry' must be a string or null")
        rate = _number(value, "rate_scale", what, 1.0) or 1.0
        return cls(
            text=_text(value, "text", what)[: MAX_TEXT_CHARS * 2],
            kind=_text(value, "kind", what, "answer"),
            decision=_text(value, "decision", what, "answer"),
            entry=entry,
            score=_number(value, "score", what, 0.0) or 0.0,
            guest_id=_text(value, "guest_id", what, "guest"),
            language=_text(value, "language", what, "en"),
            rate_scale=min(max(rate, 0.5), 1.5),
            turn_id=_text(value, "turn_id", what, ""),
            timings=_timings(value, what),
        )
