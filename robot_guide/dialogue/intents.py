"""The kinds of turn a guest's words can be (question, directions, schedule, follow-up, repair)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Intent(StrEnum):
    QUESTION = "question"  # anything else: goes to the matcher
    DIRECTIONS = "directions"  # "how do I get to X", "where is X"
    WHEN = "when"  # "when is the crash challenge?"
    ON_NOW = "on_now"  # "what's on now?"
    ON_NEXT = "on_next"  # "what's next?"
    WHERE_IT = "where_it"  # "where is it?" (last topic)
    WHEN_IT = "when_it"  # "when does it start?" (last topic)
    AND_ALSO = "and_also"  # "and the exhibition?" (same question type as last, new topic)
    REPEAT = "repeat"
    SLOWER = "slower"
    YES = "yes"
    NO = "no"
    FIRST = "first"  # "the first one"
    SECOND = "second"  # "the second one", "the other one"
    ESCORT = "escort"  # "take me to the crash challenge", "can you walk me there?"
    STOP = "stop"  # "stop", "never mind": cancels a walk or an offer
    HOW_FAR = "how_far"  # "are we there yet?" while the robot walks a guest somewhere
    LANGUAGE_SWITCH = "language_switch"  # "do you speak Spanish?", "中文可以吗": topic is the language named


@dataclass(frozen=True)
class ParsedTurn:
    intent: Intent
    topic: str = ""  # the place or event named, cleaned for lookup ("the nearest loo" -> "loo")
    said: str = ""  # the same in the guest's words, for "I don't know where the swimming pool is"
