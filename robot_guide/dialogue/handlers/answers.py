"""Replies the handler families share: an entry's answer, the route to a venue, when a session is on."""

from __future__ import annotations

from robot_guide.contracts.messages import Decision, Reply, ReplyKind
from robot_guide.dialogue.context import Turn
from robot_guide.guide.schedule import most_relevant
from robot_guide.guide.schedule_i18n import SchedulePhrasing
from robot_guide.knowledge.model import DEFAULT_LANGUAGE, Entry, ScheduleItem

DIRECTIONS_TAG = "directions"  # entries with this tag and a venue are answered with the route from the post


def is_directions(entry: Entry | None) -> bool:
    return entry is not None and DIRECTIONS_TAG in entry.tags and entry.venue is not None


def answer_entry(turn: Turn, entry: Entry, score: float) -> Reply:
    """The entry's answer in the guest's language; in English when the content team has not translated it
    (the engine says sorry for that in the guest's language first)."""
    if DIRECTIONS_TAG in entry.tags and entry.venue:
        # A directions entry's fixed text is the venue's default route; this post may have its own.
        return route(turn, entry.venue, entry.id, score)
    turn.understood("answer", entry.id)
    language = turn.language if entry.answers.get(turn.language) else DEFAULT_LANGUAGE
    return Reply(
        text=entry.answer_in(language),
        kind=ReplyKind.ANSWER,
        decision=Decision.ANSWER,
        entry=entry.id,
        score=score,
        language=language,
    )


def route(turn: Turn, venue_id: str, entry_id: str | None, score: float) -> Reply:
    """The way to a venue from this robot's post."""
    venue = turn.knowledge.venues.venue(venue_id)
    text = venue.route_from(turn.config.post, turn.language) if venue else None
    if venue is None or not text:
        return turn.line("no_route", "no_route")
    turn.understood("directions", entry_id, venue_id=venue.id)
    return Reply(
        text=text,
        kind=ReplyKind.DIRECTIONS,
        decision=Decision.ANSWER,
        entry=entry_id,
        score=score,
        language=turn.language,
    )


def place_name(turn: Turn, item: ScheduleItem) -> str:
    """Where a session is held, in the guest's language ("" when the venue is unknown)."""
    venue = turn.knowledge.venues.venue(item.venue)
    return venue.name_in(turn.language) if venue else ""


def say_when(turn: Turn, items: list[ScheduleItem], entry_id: str | None, score: float) -> Reply:
    """When (and where) the most relevant of `items` is on, said from the turn's moment."""
    item = most_relevant(items, turn.now)
    assert item is not None  # items is not empty
    subject = item.title_in(turn.language)
    phrasing = SchedulePhrasing(turn.knowledge.kb.persona, turn.language)
    text = phrasing.sentence(phrasing.when_phrase(item, turn.now, place_name(turn, item), subject=subject))
    turn.understood("schedule", entry_id or item.entry, schedule=(item.id,), venue_id=item.venue)
    return Reply(
        text=text,
        kind=ReplyKind.SCHEDULE,
        decision=Decision.ANSWER,
        entry=entry_id or item.entry,
        score=score,
        language=turn.language,
    )
