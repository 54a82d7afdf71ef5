"""Questions that arrive late (retained while the dialogue node restarted): answer the fresh ones, ask once
per guest to repeat the stale ones, and never answer the same turn twice."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from enum import StrEnum

from robot_guide.contracts.messages import Utterance

DEFAULT_MAX_QUESTION_AGE_S = 8.0  # older than this, an answer would arrive out of context
REMEMBERED_TURNS = 500  # more than the retained backlog (20 per publisher) of several publishers


class Verdict(StrEnum):
    """What to do with an utterance."""

    ANSWER = "answer"
    ASK_AGAIN = "ask_again"  # stale: say "sorry, could you repeat that?" instead of answering
    SKIP = "skip"  # already answered, or this guest was already asked to repeat


def asked_at(utterance: Utterance) -> float | None:
    """Wall time the question was sent (its newest timing stamp), or None when it carries none."""
    stamps = [value for value in utterance.timings.values() if math.isfinite(value) and value > 0]
    return max(stamps) if stamps else None


class CatchUp:
    """Decides per utterance; not thread-safe (the node calls it under its turn lock).

    `answered` seeds the turn ids a previous run of the node already answered (they arrive again from the
    retained topic when it restarts)."""

    def __init__(
        self,
        max_age_s: float = DEFAULT_MAX_QUESTION_AGE_S,
        answered: Iterable[str] = (),
        remember: int = REMEMBERED_TURNS,
    ) -> None:
        self.max_age_s = max_age_s
        self._order: deque[str] = deque()
        self._seen: set[str] = set()
        self._remember = remember
        self._asked_again: dict[str, float] = {}  # guest id -> when they were last asked to repeat
        for turn_id in answered:
            self._note(turn_id)

    def verdict(self, utterance: Utterance, now: float) -> Verdict:
        turn_id = utterance.turn_id
        if turn_id:
            if turn_id in self._seen:
                return Verdict.SKIP
            self._note(turn_id)
        stamp = asked_at(utterance)
        if stamp is None or now - stamp <= self.max_age_s:
            return Verdict.ANSWER
        last_asked = self._asked_again.get(utterance.guest_id)
        if last_asked is not None and now - last_asked <= self.max_age_s:
            return Verdict.SKIP  # one "please repeat" per guest for a whole backlog of stale questions
        self._asked_again[utterance.guest_id] = now
        if len(self._asked_again) > self._remember:
            self._asked_again.pop(next(iter(self._asked_again)))
        return Verdict.ASK_AGAIN

    def _note(self, turn_id: str) -> None:
        if turn_id in self._seen:
            return
        self._seen.add(turn_id)
        self._order.append(turn_id)
        if len(self._order) > self._remember:
            self._seen.discard(self._order.popleft())
