"""Greetings and goodbyes: a greeting when a guest arrives, a goodbye when they leave."""

from __future__ import annotations

from collections.abc import Callable

from robot_guide.core.messages import Reply
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.session import Session
from robot_guide.guide.lines import Lines

GREETED_MEMORY_S = 12 * 3600.0  # how long a guest id is remembered for "welcome back"


class Greeter:
    """Remembers whom the robot greeted and when, so nobody is greeted twice in a short while."""

    def __init__(
        self, config: DialogueConfig, monotonic: Callable[[], float], wall_time: Callable[[], float]
    ) -> None:
        self._config = config
        self._monotonic = monotonic
        self._wall_time = wall_time
        self._greeted: dict[str, float] = {}  # guest id -> monotonic time of the last greeting

    def arrive(self, session: Session, lines: Lines) -> list[Reply]:
        """A guest came into view: a greeting, or none for the same guest stepping out and back."""
        now = self._monotonic()
        self._forget_old_greetings(now)
        last = self._greeted.get(session.guest_id)
        if last is not None and now - last < self._config.regreet_after_s:
            return []
        kind = "greeting" if last is None else "greeting_again"
        self._greeted[session.guest_id] = now
        session.greeted_at = now
        reply = Reply(
            text=lines.pick(kind, "en"),
            kind=kind,
            guest_id=session.guest_id,
            decision="answer",
            timings={"reply_chosen": self._wall_time()},
        )
        session.last_reply = reply
        return [reply]

    def goodbye(self, session: Session, lines: Lines) -> Reply:
        """A guest the robot was talking to walked away: goodbye, in the language of the last reply."""
        language = session.last_reply.language if session.last_reply else "en"
        return Reply(
            text=lines.pick("goodbye", language),
            kind="goodbye",
            guest_id=session.guest_id,
            language=language,
            rate_scale=session.rate_scale,
            timings={"reply_chosen": self._wall_time()},
        )

    def _forget_old_greetings(self, now: float) -> None:
        if len(self._greeted) > 1000:
            self._greeted = {g: t for g, t in self._greeted.items() if now - t < GREETED_MEMORY_S}
