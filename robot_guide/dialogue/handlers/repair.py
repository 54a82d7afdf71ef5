"""Repair: say it again, say it slower, and the guest's answer to an offer of staff."""

from __future__ import annotations

from dataclasses import replace

from robot_guide.contracts.messages import Reply, ReplyKind
from robot_guide.dialogue.context import Turn
from robot_guide.dialogue.intents import Intent

SLOWER_FACTOR = 0.75
MIN_RATE = 0.5
_GREETINGS = ("greeting", "greeting_again")  # not said again slower: the new pace is confirmed instead


def repeat(turn: Turn) -> Reply:
    """The last reply again, as it was said."""
    last = turn.session.last_reply
    if last is None:
        return turn.misunderstood(turn.line("repeat_none", "repeat_none"))  # nothing said yet to repeat
    return replace(last, kind=ReplyKind.REPEAT)


def slower(turn: Turn) -> Reply:
    """Speak more slowly from now on, starting with the last reply again."""
    session = turn.session
    session.rate_scale = max(MIN_RATE, round(session.rate_scale * SLOWER_FACTOR, 3))
    if session.last_reply is not None and session.last_reply.kind not in _GREETINGS:
        return replace(session.last_reply, kind=ReplyKind.REPEAT)
    return turn.line("slower", "slower")


def after_staff_offer(turn: Turn) -> Reply | None:
    """Yes or no to "shall I call a member of staff?"; None means the guest asked something else."""
    session = turn.session
    if turn.parsed.intent is Intent.YES:
        session.clear_pending()
        session.misunderstandings = 0
        return turn.line("staff_called", "staff_call")
    if turn.parsed.intent is Intent.NO:
        session.clear_pending()
        session.misunderstandings = 0
        return turn.line("staff_declined", "staff_declined")
    return None
