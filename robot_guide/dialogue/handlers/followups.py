"""Follow-ups on the last topic: "where is it?", "when does it start?", "and the exhibition?"."""

from __future__ import annotations

from robot_guide.contracts.messages import Reply
from robot_guide.dialogue.context import Turn
from robot_guide.dialogue.handlers.answers import route, say_when
from robot_guide.dialogue.handlers.directions import way_to
from robot_guide.dialogue.handlers.programme import when_is
from robot_guide.dialogue.handlers.questions import answer_question


def where_it(turn: Turn) -> Reply:
    """The way to the last answer's place: its venue, or the hall of its session."""
    know, session = turn.knowledge, turn.session
    venue_id = session.last_venue
    if venue_id is None and session.last_entry:
        entry = know.kb.entry(session.last_entry)
        venue_id = entry.venue if entry else None
        if venue_id is None:
            items = know.programme.for_entry(know.kb, session.last_entry)
            venue_id = items[0].venue if items else None
    if venue_id is None:
        if session.last_entry is None and not session.last_schedule:
            return turn.misunderstood(turn.line("followup_none", "followup_none"))
        return turn.line("no_route", "no_route")
    return route(turn, venue_id, session.last_entry, 1.0)


def when_it(turn: Turn) -> Reply:
    """When the last answer's session is on."""
    know, session = turn.knowledge, turn.session
    items = [i for i in know.programme.items if i.id in session.last_schedule]
    if not items and session.last_entry:
        items = know.programme.for_entry(know.kb, session.last_entry)
    if not items:
        if session.last_entry is None:
            return turn.misunderstood(turn.line("followup_none", "followup_none"))
        entry = know.kb.entry(session.last_entry)
        title = entry.questions_in("en")[0].rstrip("?") if entry and entry.questions_in("en") else "that"
        return turn.line("unknown_event", "unknown_event", event=title.lower())
    return say_when(turn, items, session.last_entry, 1.0)


def and_also(turn: Turn) -> Reply:
    """ "and the exhibition?": the last question's type with a new topic."""
    topic, said, last = turn.parsed.topic, turn.parsed.said, turn.session.last_intent
    if last == "directions":
        return way_to(turn, topic, f"where is the {topic}", said)
    if last == "schedule":
        return when_is(turn, topic, f"when is the {topic}", said)
    return answer_question(turn, topic if last else turn.text)
