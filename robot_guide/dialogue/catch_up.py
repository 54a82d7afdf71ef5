"""Guest messages that arrive late (retained while the dialogue node restarted): answer the fresh questions,
ask once per guest to repeat the stale ones, drop stale guest events, and never handle one message twice."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from enum import StrEnum

from robot_guide.contracts.messages import GuestEvent, Utterance

DEFAULT_MAX_QUESTION_AGE_S = 8.0  # older than this, an answer would arrive out of context
FORGOTTEN_AFTER_S = 120.0  # a guest who asked this long ago is no longer waiting: nothing is said at all
REMEMBERED_TURNS = 500  # more than the retained backlog (20 per publisher) of several publishers


class Verdict(StrEnum):
    """What to do with an utterance."""

    ANSWER = "answer"
    ASK_AGAIN = "ask_again"  # stale: say "sorry, could you repeat that?" instead of answering
    SKIP = "skip"  # already answered, or this guest was already asked to repeat


def message_key(message: Utterance | GuestEvent) -> str:
    """What identifies a message across a restart ("" when nothing does: it is then never deduplicated)."""
    if isinstance(message, Utterance):
        return message.turn_id
    return f"event:{message.kind}:{message.guest_id}:{message.stamp!r}" if message.stamp > 0 else ""


def asked_at(utterance: Utterance) -> float | None:
    """Wall time the question was sent (its newest timing stamp), or None when it carries none."""
    stamps = [value for value in utterance.timings.values() if math.isfinite(value) and value > 0]
    return max(stamps) if stamps else None


class CatchUp:
    """Decides per utterance; not thread-safe (the node calls it under its turn lock).

    `handled` seeds the message keys (message_key) a previous run of the node already handled: they arrive
    again from the retained topics when it restarts."""

    def __init__(
        self,
        max_age_s: float = DEFAULT_MAX_QUESTION_AGE_S,
        handled: Iterable[str] = (),
        remember: int = REMEMBERED_TURNS,
    ) -> None:
        self.max_age_s = max_age_s
        self._order: deque[str] = deque()
        self._seen: set[str] = set()
        self._remember = remember
        self._asked_again: dict[str, float] = {}  # guest id -> when they were last asked to repeat
        for key in handled:
            self._note(key)

    def take_event(self, event: GuestEvent, now: float) -> bool:
        """True for an event to act on: not handled before, and not older than max_age_s (an arrival
        minutes ago must not be greeted now)."""
        if not self._first_time(message_key(event)):
            return False
        return event.stamp <= 0 or now - event.stamp <= self.max_age_s

    def verdict(self, utterance: Utterance, now: float) -> Verdict:
        if not self._first_time(message_key(utterance)):
            return Verdict.SKIP
        stamp = asked_at(utterance)
        if stamp is None or now - stamp <= self.max_age_s:
            return Verdict.ANSWER
        if now - stamp > FORGOTTEN_AFTER_S:
            return Verdict.SKIP
        last_asked = self._asked_again.get(utterance.guest_id)
        if last_asked is not None and now - last_asked <= self.max_age_s:
            return Verdict.SKIP  # one "please repeat" per guest for a whole backlog of stale questions
        self._asked_again[utterance.guest_id] = now
        if len(self._asked_again) > self._remember:
            self._asked_again.pop(next(iter(self._asked_again)))
        return Verdict.ASK_AGAIN

    def _first_time(self, key: str) -> bool:
        if not key:
            return True
        if key in self._seen:
            return False
        self._note(key)
        return True

    def _note(self, key: str) -> None:
        if key in self._seen:
            return
        self._seen.add(key)
        self._order.append(key)
        if len(self._order) > self._remember:
            self._seen.discard(self._order.popleft())
