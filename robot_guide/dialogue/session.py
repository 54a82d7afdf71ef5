"""Per-guest conversation state: what was said last, the pending question, speech rate, misunderstandings."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from robot_guide.contracts.messages import Reply


class Awaiting(StrEnum):
    """What the robot's last reply asked the guest, so the next words are read as the answer to it."""

    NOTHING = "nothing"
    CHOICE = "choice"  # "did you mean A, or B?": the options are in Pending.options
    STAFF = "staff"  # "shall I call a member of staff?"
    ESCORT_OFFER = "escort_offer"  # "would you like me to take you there?": the venue is in Pending.place


@dataclass(frozen=True)
class Pending:
    """The question the robot is waiting on an answer to; at most one at a time."""

    awaiting: Awaiting = Awaiting.NOTHING
    options: tuple[str, ...] = ()  # entry ids offered, in the order they were said
    place: str = ""  # the venue an escort was offered to
    since: float = 0.0  # monotonic time the question was asked (an offer lapses in silence)

    @classmethod
    def choice(cls, options: tuple[str, ...]) -> Pending:
        return cls(Awaiting.CHOICE, options)

    @classmethod
    def staff(cls) -> Pending:
        return cls(Awaiting.STAFF)

    @classmethod
    def escort_offer(cls, place: str, since: float) -> Pending:
        return cls(Awaiting.ESCORT_OFFER, place=place, since=since)


NOTHING_PENDING = Pending()


@dataclass
class Session:
    """One guest's conversation; ages use monotonic seconds so wall-clock jumps cannot break it."""

    guest_id: str
    started: float
    last_active: float
    greeted_at: float | None = None
    last_reply: Reply | None = None
    last_entry: str | None = None  # topic of the last answer, for "where is it?" / "when does it start?"
    last_intent: str | None = None  # "answer" | "directions" | "schedule", for "and the exhibition?"
    last_venue: str | None = None  # place of the last answer (directions, a session's hall)
    last_schedule: tuple[str, ...] = ()  # schedule item ids of the last answer
    rate_scale: float = 1.0
    misunderstandings: int = 0  # in a row
    pending: Pending = NOTHING_PENDING
    turns: int = 0
    escort_offered: bool = False  # the robot offers to walk each guest somewhere once, not after every answer
    language: str | None = None  # the guest's language so far; None until they speak (or ask for one)

    def touch(self, now: float) -> None:
        self.last_active = now

    def clear_pending(self) -> None:
        self.pending = NOTHING_PENDING


@dataclass
class SessionStore:
    """All guests the robot is talking to; silent sessions are forgotten after `timeout_s`."""

    timeout_s: float
    monotonic: Callable[[], float]
    sessions: dict[str, Session] = field(default_factory=dict)
    # No session can go stale before this: touching a session only moves its expiry later, so the guests
    # need not all be scanned on every turn (a batch of thousands of one-line guests would be quadratic).
    _next_expiry: float = field(default=math.inf, repr=False, compare=False)

    def expire(self) -> None:
        now = self.monotonic()
        if now - self._next_expiry <= 0:
            return
        stale = [gid for gid, s in self.sessions.items() if now - s.last_active > self.timeout_s]
        for guest_id in stale:
            del self.sessions[guest_id]
        oldest = min((s.last_active for s in self.sessions.values()), default=math.inf)
        self._next_expiry = oldest + self.timeout_s

    def get(self, guest_id: str) -> Session | None:
        self.expire()
        return self.sessions.get(guest_id)

    def get_or_create(self, guest_id: str) -> Session:
        session = self.get(guest_id)
        if session is None:
            now = self.monotonic()
            session = Session(guest_id=guest_id, started=now, last_active=now)
            self.sessions[guest_id] = session
            self._next_expiry = min(self._next_expiry, now + self.timeout_s)
        return session

    def end(self, guest_id: str) -> Session | None:
        return self.sessions.pop(guest_id, None)

    def rename(self, old_id: str, new_id: str) -> Session | None:
        """The same guest under another id (heard first, then seen): the conversation carries on."""
        session = self.sessions.pop(old_id, None)
        if session is not None:
            session.guest_id = new_id
            self.sessions[new_id] = session
        return session
