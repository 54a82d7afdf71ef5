"""Directions: the route from this robot's post to the place a guest names."""

from __future__ import annotations

from robot_guide.contracts.messages import Reply
from robot_guide.dialogue.context import Turn
from robot_guide.dialogue.handlers.answers import answer_entry, route
from robot_guide.matching.result import Decision


def directions(turn: Turn) -> Reply:
    """ "How do I get to Hall B?" """
    return way_to(turn, turn.parsed.topic, turn.text, turn.parsed.said)


def way_to(turn: Turn, place: str, text: str, said: str = "") -> Reply:
    """The route to `place`, or to the venue of the entry `text` matches; `said` names it in a refusal."""
    know = turn.knowledge
    venue = know.venues.find(place)
    entry_id: str | None = None
    score = 1.0
    if venue is None:
        # "where can I find the chargers" may name an entry (with a venue link) rather than a venue.
        result = turn.match(text)
        if result.decision is Decision.ANSWER and result.entry_id:
            entry = know.kb.entry(result.entry_id)
            if entry is not None and entry.venue and know.venues.venue(entry.venue):
                venue = know.venues.venue(entry.venue)
                entry_id, score = entry.id, result.score
            elif entry is not None:
                return answer_entry(turn, entry, result.score)
    if venue is None:
        return turn.misunderstood(turn.line("unknown_place", "unknown_place", place=said or place or "that"))
    return route(turn, venue.id, entry_id, score)
