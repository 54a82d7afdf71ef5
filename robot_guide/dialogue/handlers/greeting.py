"""Greetings and goodbyes: on arrival, on leaving, and a hello for a guest who speaks before being seen."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from robot_guide.contracts.messages import Decision, Reply, ReplyKind
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.session import Session
from robot_guide.guide.lines import Lines

GREETED_MEMORY_S = 12 * 3600.0  # how long a guest id is remembered for "welcome back"
FIRST_WORDS_LINE = "first_words_greeting"  # persona line kind: the short hello before a first answer


class Greeter:
    """Remembers whom the robot greeted and when, so nobody is greeted twice in a short while."""

    def __init__(
        self, config: DialogueConfig, monotonic: Callable[[], float], wall_time: Callable[[], float]
    ) -> None:
        self._config = config
        self._monotonic = monotonic
        self._wall_time = wall_time
        self._greeted: dict[str, float] = {}  # guest id -> monotonic time of the last greeting

    def arrive(self, session: Session, lines: Lines, languages: tuple[str, ...] = ("en",)) -> list[Reply]:
        """A guest came into view: a greeting, or none for the same guest stepping out and back.

        A guest who has not spoken yet is greeted in `languages` in turn, in one reply ("Hello! ... 您好！");
        a returning guest whose language is known, in theirs."""
        now = self._monotonic()
        self._forget_old_greetings(now)
        last = self._greeted.get(session.guest_id)
        if last is not None and now - last < self._config.regreet_after_s:
            return []
        kind = ReplyKind.GREETING if last is None else ReplyKind.GREETING_AGAIN
        self._greeted[session.guest_id] = now
        session.greeted_at = now
        if session.language is not None:
            languages = (session.language,)
        reply = Reply(
            text=" ".join(lines.pick(kind.value, language) for language in languages),
            kind=kind,
            language=languages[0],
            guest_id=session.guest_id,
            decision=Decision.ANSWER,
            timings={"reply_chosen": self._wall_time()},
        )
        session.last_reply = reply
        return [reply]

    def goodbye(self, session: Session, lines: Lines) -> Reply:
        """A guest the robot was talking to walked away: goodbye, in the language of the last reply."""
        language = session.last_reply.language if session.last_reply else "en"
        return Reply(
            text=lines.pick("goodbye", language),
            kind=ReplyKind.GOODBYE,
            guest_id=session.guest_id,
            language=language,
            rate_scale=session.rate_scale,
            timings={"reply_chosen": self._wall_time()},
        )

    def transfer(self, old_id: str, new_id: str) -> None:
        """A guest known under a new id keeps the record of their greeting."""
        if old_id in self._greeted:
            self._greeted[new_id] = self._greeted.pop(old_id)

    def owes_hello(self, session: Session) -> bool:
        """True for a guest's first words in a new session when nobody greeted them a moment ago."""
        if not self._config.greet_first_words or session.turns > 0 or session.greeted_at is not None:
            return False
        last = self._greeted.get(session.guest_id)
        return last is None or self._monotonic() - last >= self._config.regreet_after_s

    def with_hello(self, session: Session, reply: Reply, lines: Lines) -> Reply:
        """`reply` with a short hello in front; the guest now counts as greeted (a late arrival is silent)."""
        now = self._monotonic()
        self._forget_old_greetings(now)
        self._greeted[session.guest_id] = now
        session.greeted_at = now
        hello = lines.pick(FIRST_WORDS_LINE, reply.language or "en")
        return replace(reply, text=f"{hello} {reply.text}".strip())

    def _forget_old_greetings(self, now: float) -> None:
        if len(self._greeted) > 1000:
            self._greeted = {g: t for g, t in self._greeted.items() if now - t < GREETED_MEMORY_S}
