"""What the listener reports: a barge-in, an utterance heard, one ignored, or one too unsure to keep."""

from __future__ import annotations

from dataclasses import dataclass, field

from robot_guide.speech.interfaces import Transcript


@dataclass(frozen=True)
class BargeIn:
    """The guest started talking over the robot: stop speaking."""

    t: float


@dataclass(frozen=True)
class Heard:
    """A kept utterance. timings: speech_start, speech_end, eos_detected, transcript_ready (wall clock)."""

    transcript: Transcript
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Ignored:
    """Something heard and dropped (guard, echo, backlog), for the logs."""

    reason: str
    text: str


@dataclass(frozen=True)
class Unsure:
    """Clear speech addressed to the robot whose words the recogniser is unsure of: ask the guest again."""

    reason: str
    text: str  # the unsure words, for the logs only
    confidence: float
    timings: dict[str, float] = field(default_factory=dict)
    language: str = "en"  # the language the words were heard in: the guest is asked again in it


ListenerEvent = BargeIn | Heard | Ignored | Unsure
