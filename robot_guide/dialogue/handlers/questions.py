"""Questions for the knowledge base: the matched entry's answer, a clarification, or the fallback."""

from __future__ import annotations

from dataclasses import replace

from robot_guide.contracts.messages import Reply, ReplyKind
from robot_guide.dialogue.context import Turn
from robot_guide.dialogue.handlers.answers import answer_entry
from robot_guide.dialogue.handlers.clarify import offer_choice
from robot_guide.matching.result import Decision


def ask(turn: Turn) -> Reply:
    """Anything the patterns did not recognise is a question for the knowledge base."""
    return answer_question(turn, turn.text)


def answer_question(turn: Turn, text: str) -> Reply:
    result = turn.match(text)
    if result.decision is not Decision.FALLBACK:
        # The matcher always finds a nearest entry; a fragment or word salad must not be stretched into it.
        verdict = turn.knowledge.gate.check(text, turn.language, result.entry_id)
        if not verdict.allowed:
            return nothing_matched(turn, result.score)
    if result.decision is Decision.ANSWER and result.entry_id:
        entry = turn.knowledge.kb.entry(result.entry_id)
        if entry is not None:
            return answer_entry(turn, entry, result.score)
    if result.decision is Decision.CLARIFY:
        clarified = offer_choice(turn, result)
        if clarified is not None:
            return clarified
    return nothing_matched(turn, result.score)


def nothing_matched(turn: Turn, score: float) -> Reply:
    """The fallback, or "could you say that again?" for unsure spoken words: a guest who mumbled a question
    the robot knows must not hear that it does not know. Asked once in a row, then the fallback."""
    last = turn.session.last_reply
    if turn.heard_unsure() and (last is None or last.kind != ReplyKind.NOT_HEARD):
        return turn.misunderstood(replace(turn.line("not_heard", "not_heard"), score=score))
    return turn.misunderstood(replace(turn.line("fallback", "fallback"), score=score))
