"""Walking a guest there: the offer after directions, yes and no, direct requests, stop, "are we there yet?",
and what the robot says when the walk arrives, fails or strands it."""

from __future__ import annotations

from dataclasses import replace

from robot_guide.contracts.escort import EscortKind, EscortStatus
from robot_guide.contracts.messages import Decision, Reply, ReplyKind
from robot_guide.dialogue.context import KnowledgeSnapshot, Turn, line_reply
from robot_guide.dialogue.handlers import questions
from robot_guide.dialogue.handlers.answers import route
from robot_guide.dialogue.intents import Intent
from robot_guide.dialogue.session import Awaiting, Pending
from robot_guide.dialogue.walk import Walk, WalkPhase
from robot_guide.guide.lines import Lines
from robot_guide.guide.spoken import number_words

OFFER_STANDS_S = 30.0  # an offer not answered within this time has lapsed: a late "yes" is a new turn
ALMOST_THERE_M = 15.0  # closer than this, "we are almost there"
A_FEW_STEPS_M = 3.0


def offer_after(turn: Turn, reply: Reply) -> Reply | None:
    """After directions to a place the robot can walk to, offer once per guest to take them there."""
    walk, session = turn.walk, turn.session
    venue_id = session.last_venue
    if walk is None or reply.kind is not ReplyKind.DIRECTIONS or not venue_id:
        return None
    if session.escort_offered or not walk.free:
        return None
    if not walk.reachable(turn.knowledge.kb, turn.config.post, venue_id):
        return None
    session.escort_offered = True
    session.pending = Pending.escort_offer(venue_id, turn.clock_s)
    return turn.line("escort_offer", "escort_offer")


def after_offer(turn: Turn) -> Reply | None:
    """Yes or no to "would you like me to take you there?"; None when the guest said something else."""
    session = turn.session
    pending = session.pending
    if pending.awaiting is not Awaiting.ESCORT_OFFER or turn.clock_s - pending.since > OFFER_STANDS_S:
        return None
    intent = turn.parsed.intent
    if intent is Intent.YES or (intent is Intent.ESCORT and not turn.parsed.topic):
        session.clear_pending()
        return lead(turn, pending.place)
    if intent in (Intent.NO, Intent.STOP):
        session.clear_pending()
        return turn.line("escort_declined", "escort_declined")
    return None


def request(turn: Turn) -> Reply:
    """ "Take me to the crash challenge", "can you walk me there?" """
    topic = turn.parsed.topic
    venue_id = _venue_named(turn, topic) if topic else turn.session.last_venue
    if venue_id is None:
        if topic:
            said = turn.parsed.said or topic
            return turn.misunderstood(turn.line("unknown_place", "unknown_place", place=said))
        return turn.misunderstood(turn.line("followup_none", "followup_none"))
    return lead(turn, venue_id)


def lead(turn: Turn, venue_id: str) -> Reply:
    """Start walking the guest to the venue; where the robot cannot, the spoken way there instead."""
    walk = turn.walk
    kb = turn.knowledge.kb
    started = walk is not None and walk.start(
        kb, turn.config.post, venue_id, turn.session.guest_id, turn.language, turn.clock_s
    )
    directions = route(turn, venue_id, None, 1.0)
    turn.session.escort_offered = True
    if not started:
        if directions.kind is not ReplyKind.DIRECTIONS:
            return directions
        text = turn.lines.pick("escort_unable", turn.language, route=directions.text)
        return replace(directions, text=text)
    return turn.line(
        "escort_start", "escort_start", place=_place_name(turn.knowledge, venue_id, turn.language)
    )


def stop(turn: Turn) -> Reply:
    """ "Stop", "never mind": turn back to the post if walking with the guest; otherwise nothing to stop."""
    walk = turn.walk
    if walk is not None and walk.cancel(turn.clock_s):
        return turn.line("escort_cancelled", "escort_cancelled")
    return turn.line("escort_declined", "escort_declined")


def how_far(turn: Turn) -> Reply:
    """ "Are we there yet?" while walking; any other time it is a question like any other."""
    walk = turn.walk
    if walk is None or not walk.with_guest:
        return questions.ask(turn)
    name = _place_name(turn.knowledge, walk.place, turn.language)
    # No progress report yet (the walk has just begun): on the way, never a guessed "almost there".
    if walk.remaining_m is None or walk.remaining_m > ALMOST_THERE_M:
        return turn.line("escort_on_the_way", "escort_progress", place=name, distance=_distance(walk))
    return turn.line("escort_almost", "escort_progress", place=name, distance=_distance(walk))


def status_reply(
    walk: Walk, status: EscortStatus, knowledge: KnowledgeSnapshot, lines: Lines, post: str
) -> Reply | None:
    """What the robot says when its walk arrives, fails or strands it (before the walk takes the status)."""
    language = walk.language
    name = _place_name(knowledge, walk.place or status.place, language)
    reply: Reply | None = None
    if status.kind is EscortKind.ARRIVED and walk.phase is WalkPhase.LEADING:  # not after a "stop"
        reply = line_reply(lines, "escort_arrived", language, "escort_arrived", place=name)
    elif status.kind in (EscortKind.FAILED, EscortKind.REFUSED) and walk.with_guest:
        venue = knowledge.venues.venue(walk.place)
        way = venue.route_from(post, language) if venue else None
        text = lines.pick("escort_failed", language, place=name, route=way or "")
        reply = Reply(
            text=text.strip(), kind=ReplyKind.ESCORT_FAILED, decision=Decision.ANSWER, language=language
        )
    elif status.kind is EscortKind.STRANDED:
        reply = line_reply(lines, "escort_stranded", language, "escort_stranded")
    if reply is None:
        return None
    return replace(reply, guest_id=walk.guest_id or "guest", entry=None)


def _venue_named(turn: Turn, topic: str) -> str | None:
    """The venue a guest names, or the venue of the entry they name ("take me to the chargers")."""
    know = turn.knowledge
    venue = know.venues.find(topic)
    if venue is not None:
        return venue.id
    result = turn.match(turn.parsed.said or topic)
    entry = know.kb.entry(result.entry_id) if result.entry_id else None
    if result.decision is Decision.ANSWER and entry is not None and entry.venue:
        return entry.venue if know.venues.venue(entry.venue) else None
    return None


def _place_name(knowledge: KnowledgeSnapshot, venue_id: str, language: str) -> str:
    venue = knowledge.venues.venue(venue_id)
    return venue.name_in(language) if venue else venue_id.replace("_", " ")


def _distance(walk: Walk) -> str:
    remaining = walk.remaining_m
    if remaining is None:
        return "some way"
    if remaining <= A_FEW_STEPS_M:
        return "just a few steps"
    return f"about {number_words(round(remaining))} metres"
