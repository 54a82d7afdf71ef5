"""The programme: what is on now, what is next, and when a session is."""

from __future__ import annotations

from robot_guide.contracts.messages import Reply, ReplyKind
from robot_guide.dialogue.context import Turn
from robot_guide.dialogue.handlers.answers import answer_entry, place_name, say_when
from robot_guide.guide.schedule import event_days_words, is_outside
from robot_guide.guide.schedule_i18n import SchedulePhrasing
from robot_guide.matching.result import Decision


def on_now(turn: Turn) -> Reply:
    """ "What's on now?" """
    return _whats_on(turn, now=True)


def on_next(turn: Turn) -> Reply:
    """ "What's next?" """
    return _whats_on(turn, now=False)


def when(turn: Turn) -> Reply:
    """ "When is the crash challenge?" """
    return when_is(turn, turn.parsed.topic, turn.text, turn.parsed.said)


def when_is(turn: Turn, event: str, text: str, said: str = "") -> Reply:
    """When `event` is on, by title or via the entry `text` matches; `said` names it in a refusal."""
    know = turn.knowledge
    items = know.programme.by_title(event)
    entry_id: str | None = None
    score = 1.0
    if not items:
        result = turn.match(text)
        if result.decision is Decision.ANSWER and result.entry_id:
            items = know.programme.for_entry(know.kb, result.entry_id)
            entry_id, score = result.entry_id, result.score
            entry = know.kb.entry(result.entry_id)
            # An entry about several different sessions (the whole programme) is answered by its own text:
            # picking one of its sessions would answer a question the guest did not ask.
            several = len({item.title_in(turn.language) for item in items}) > 1
            if entry is not None and (not items or several):
                return answer_entry(turn, entry, result.score)  # the answer says when
    if not items:
        return turn.misunderstood(turn.line("unknown_event", "unknown_event", event=said or event or "that"))
    return say_when(turn, items, entry_id, score)


def _whats_on(turn: Turn, now: bool) -> Reply:
    programme = turn.knowledge.programme
    if is_outside(programme.items, turn.now):
        values = event_days_words(programme.items)
        return turn.line("schedule_outside", "schedule_outside", **values)
    phrasing = SchedulePhrasing(turn.knowledge.kb.persona, turn.language)
    describe = phrasing.describe_now if now else phrasing.describe_next
    text = describe(
        programme, turn.now, lambda item: item.title_in(turn.language), lambda item: place_name(turn, item)
    )
    items = programme.on_now(turn.now) if now else programme.next_after(turn.now)
    if items:
        turn.understood(
            "schedule", items[0].entry, schedule=tuple(i.id for i in items[:1]), venue_id=items[0].venue
        )
    return Reply(
        text=text, kind=ReplyKind.SCHEDULE, decision=Decision.ANSWER, score=1.0, language=turn.language
    )
