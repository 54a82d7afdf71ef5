"""The dialogue policy: greets, answers, guides (directions, programme), follows up, repairs; no rclpy."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from robot_guide.contracts.messages import GuestEvent, Reply, ReplyKind, Utterance
from robot_guide.core.session import Session, SessionStore
from robot_guide.guide.directions import VenueFinder
from robot_guide.guide.intents import Intent, ParsedTurn, parse_turn
from robot_guide.guide.lines import Lines
from robot_guide.guide.schedule import (
    Programme,
    describe_next,
    describe_now,
    event_days_words,
    is_outside,
    most_relevant,
    sentence,
    when_phrase,
)
from robot_guide.guide.text import clean_utterance
from robot_guide.knowledge.model import Entry, KnowledgeBase, ScheduleItem
from robot_guide.matching.result import Decision, Matcher, MatchResult

_log = logging.getLogger(__name__)

SLOWER_FACTOR = 0.75
DIRECTIONS_TAG = "directions"  # entries with this tag and a venue are answered with the route from the post
MIN_RATE = 0.5
MIN_CHOICE_SCORE = 60.0  # rapidfuzz score for "the crash one" naming one of two offered options
LABEL_CHOICE_SCORE = 85.0  # rapidfuzz score for naming an option the way the robot itself said it
GREETED_MEMORY_S = 12 * 3600.0  # how long a guest id is remembered for "welcome back"
# Replies that mean "I could not help with that": logged as fallbacks so the report shows the content gap.
FALLBACK_KINDS = frozenset({"fallback", "not_heard", "unknown_place", "unknown_event", "no_route"})


@dataclass(frozen=True)
class DialogueConfig:
    post: str = "main_entrance"  # where this robot stands (venue routes are per post)
    regreet_after_s: float = 120.0  # the same guest is not greeted again within this time
    session_timeout_s: float = 300.0  # a silent session is forgotten
    max_misunderstandings: int = 3  # then offer staff
    robot_id: str = "aimoga-1"


@dataclass(frozen=True)
class _Knowledge:
    """Everything derived from one knowledge base, swapped as one reference so a turn never sees a mix."""

    kb: KnowledgeBase
    matcher: Matcher
    venues: VenueFinder
    programme: Programme


class DialogueEngine:
    """One robot's conversations with any number of guests at once, keyed by guest id.

    Thread-safe: the ROS node may call from several callbacks. A leave event for a guest the robot never
    greeted (or whose session expired) gets no reply: perception glitches must not make the robot speak.
    """

    def __init__(
        self,
        knowledge: KnowledgeBase,
        matcher: Matcher,
        config: DialogueConfig = DialogueConfig(),
        *,
        monotonic: Callable[[], float] = time.monotonic,
        wall_time: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self._monotonic = monotonic
        self._wall_time = wall_time
        self._lock = threading.RLock()
        self._sessions = SessionStore(config.session_timeout_s, monotonic)
        self._greeted: dict[str, float] = {}  # guest id -> monotonic time of the last greeting
        self._knowledge = self._derive(knowledge, matcher)
        self._lines = Lines(knowledge.persona)

    # ----- public API -------------------------------------------------------------------------------------

    def use_knowledge(self, knowledge: KnowledgeBase, matcher: Matcher) -> None:
        """Swap in a reloaded knowledge base between turns (one reference assignment)."""
        derived = self._derive(knowledge, matcher)
        with self._lock:
            self._knowledge = derived
            self._lines = Lines(knowledge.persona)

    def on_guest_event(self, event: GuestEvent, now: datetime) -> list[Reply]:
        with self._lock:
            if event.kind == "arrive":
                return self._arrive(event.guest_id)
            if event.kind == "leave":
                return self._leave(event.guest_id)
            return []

    def on_utterance(self, utterance: Utterance, now: datetime) -> list[Reply]:
        with self._lock:
            session = self._sessions.get_or_create(utterance.guest_id)
            session.touch(self._monotonic())
            session.turns += 1
            try:
                reply = self._respond(session, utterance, now)
            except Exception:
                # A bug or odd content must not silence the robot mid-summit: log it, say the fallback line.
                _log.exception(
                    "dialogue failed on %r; answering with the fallback line", utterance.text[:200]
                )
                session.clear_pending()
                reply = self._line("fallback", utterance.language or "en", "fallback")
            reply = self._stamp(reply, utterance, session)
            if reply.kind not in ("repeat_none",):
                session.last_reply = reply
            return [reply]

    def session(self, guest_id: str) -> Session | None:
        """The live session of a guest (for tests and the simulator's display)."""
        with self._lock:
            return self._sessions.get(guest_id)

    # ----- guests arriving and leaving --------------------------------------------------------------------

    def _arrive(self, guest_id: str) -> list[Reply]:
        now = self._monotonic()
        self._forget_old_greetings(now)
        session = self._sessions.get_or_create(guest_id)
        session.touch(now)
        last = self._greeted.get(guest_id)
        if last is not None and now - last < self.config.regreet_after_s:
            return []  # the same guest stepping out of view and back: no second greeting
        kind = ReplyKind.GREETING if last is None else ReplyKind.GREETING_AGAIN
        self._greeted[guest_id] = now
        session.greeted_at = now
        reply = Reply(
            text=self._lines.pick(kind, "en"), kind=kind, guest_id=guest_id, decision=Decision.ANSWER
        )
        reply = replace(reply, timings={"reply_chosen": self._wall_time()})
        session.last_reply = reply
        return [reply]

    def _leave(self, guest_id: str) -> list[Reply]:
        session = self._sessions.end(guest_id)
        if session is None:
            return []
        language = session.last_reply.language if session.last_reply else "en"
        text = self._lines.pick("goodbye", language)
        return [
            Reply(
                text=text,
                kind=ReplyKind.GOODBYE,
                guest_id=guest_id,
                language=language,
                rate_scale=session.rate_scale,
                timings={"reply_chosen": self._wall_time()},
            )
        ]

    def _forget_old_greetings(self, now: float) -> None:
        if len(self._greeted) > 1000:
            self._greeted = {g: t for g, t in self._greeted.items() if now - t < GREETED_MEMORY_S}

    # ----- one turn ---------------------------------------------------------------------------------------

    def _respond(self, session: Session, utterance: Utterance, now: datetime) -> Reply:
        text = clean_utterance(utterance.text)
        language = utterance.language or "en"
        if not text:
            return self._misunderstood(session, language, self._line("not_heard", language, "not_heard"))
        turn = parse_turn(text)
        if session.staff_offered:
            answered = self._after_staff_offer(session, turn, language)
            if answered is not None:
                return answered
        if session.clarify_options:
            answered = self._after_clarify(session, turn, text, language)
            if answered is not None:
                return answered
        session.clear_pending()
        if turn.intent is Intent.REPEAT:
            return self._repeat(session, language)
        if turn.intent is Intent.SLOWER:
            session.rate_scale = max(MIN_RATE, round(session.rate_scale * SLOWER_FACTOR, 3))
            if session.last_reply is not None and session.last_reply.kind not in (
                "greeting",
                "greeting_again",
            ):
                return replace(session.last_reply, kind=ReplyKind.REPEAT)
            return self._line("slower", language, "slower")
        if turn.intent is Intent.WHERE_IT:
            return self._where_last(session, language)
        if turn.intent is Intent.WHEN_IT:
            return self._when_last(session, language, now)
        if turn.intent is Intent.ON_NOW or turn.intent is Intent.ON_NEXT:
            return self._programme(session, turn.intent, language, now)
        if turn.intent is Intent.AND_ALSO:
            return self._and_also(session, turn, text, utterance, now)
        if turn.intent is Intent.DIRECTIONS:
            return self._directions(session, turn.topic, text, utterance, turn.said)
        if turn.intent is Intent.WHEN:
            return self._when(session, turn.topic, text, utterance, now, turn.said)
        return self._question(session, text, utterance)

    def _question(self, session: Session, text: str, utterance: Utterance) -> Reply:
        language = utterance.language or "en"
        result = self._match(text, utterance)
        if result.decision is Decision.ANSWER and result.entry_id:
            entry = self._knowledge.kb.entry(result.entry_id)
            if entry is not None:
                return self._answer(session, entry, language, result.score)
        if result.decision is Decision.CLARIFY:
            clarified = self._clarify(session, result, language)
            if clarified is not None:
                return clarified
        return self._misunderstood(
            session, language, replace(self._line("fallback", language, "fallback"), score=result.score)
        )

    def _answer(self, session: Session, entry: Entry, language: str, score: float) -> Reply:
        if DIRECTIONS_TAG in entry.tags and entry.venue:
            # A directions entry's fixed text is the venue's default route; this post may have its own.
            return self._route(session, entry.venue, language, entry.id, score)
        self._understood(session, "answer", entry.id)
        return Reply(
            text=entry.answer_in(language),
            kind=ReplyKind.ANSWER,
            decision=Decision.ANSWER,
            entry=entry.id,
            score=score,
            language=language,
        )

    # ----- directions -------------------------------------------------------------------------------------

    def _directions(
        self, session: Session, place: str, text: str, utterance: Utterance, said: str = ""
    ) -> Reply:
        language = utterance.language or "en"
        know = self._knowledge
        venue = know.venues.find(place)
        entry_id: str | None = None
        score = 1.0
        if venue is None:
            # "where can I find the chargers" may name an entry (with a venue link) rather than a venue.
            result = self._match(text, utterance)
            if result.decision is Decision.ANSWER and result.entry_id:
                entry = know.kb.entry(result.entry_id)
                if entry is not None and entry.venue and know.venues.venue(entry.venue):
                    venue = know.venues.venue(entry.venue)
                    entry_id, score = entry.id, result.score
                elif entry is not None:
                    return self._answer(session, entry, language, result.score)
        if venue is None:
            reply = self._line("unknown_place", language, "unknown_place", place=said or place or "that")
            return self._misunderstood(session, language, reply)
        return self._route(session, venue.id, language, entry_id, score)

    def _route(
        self, session: Session, venue_id: str, language: str, entry_id: str | None, score: float
    ) -> Reply:
        venue = self._knowledge.venues.venue(venue_id)
        route = venue.route_from(self.config.post, language) if venue else None
        if venue is None or not route:
            return self._line("no_route", language, "no_route")
        self._understood(session, "directions", entry_id, venue_id=venue.id)
        return Reply(
            text=route,
            kind=ReplyKind.DIRECTIONS,
            decision=Decision.ANSWER,
            entry=entry_id,
            score=score,
            language=language,
        )

    def _where_last(self, session: Session, language: str) -> Reply:
        know = self._knowledge
        venue_id = session.last_venue
        if venue_id is None and session.last_entry:
            entry = know.kb.entry(session.last_entry)
            venue_id = entry.venue if entry else None
            if venue_id is None:
                items = know.programme.for_entry(know.kb, session.last_entry)
                venue_id = items[0].venue if items else None
        if venue_id is None:
            if session.last_entry is None and not session.last_schedule:
                return self._line("followup_none", language, "followup_none")
            return self._line("no_route", language, "no_route")
        return self._route(session, venue_id, language, session.last_entry, 1.0)

    # ----- programme --------------------------------------------------------------------------------------

    def _title(self, language: str) -> Callable[[ScheduleItem], str]:
        return lambda item: item.title_in(language)

    def _place(self, language: str) -> Callable[[ScheduleItem], str]:
        def place(item: ScheduleItem) -> str:
            venue = self._knowledge.venues.venue(item.venue)
            return venue.name_in(language) if venue else ""

        return place

    def _outside(self, language: str) -> Reply:
        values = event_days_words(self._knowledge.programme.items)
        return self._line("schedule_outside", language, "schedule_outside", **values)

    def _programme(self, session: Session, intent: Intent, language: str, now: datetime) -> Reply:
        programme = self._knowledge.programme
        if is_outside(programme.items, now):
            return self._outside(language)
        describe = describe_now if intent is Intent.ON_NOW else describe_next
        text = describe(programme, now, self._title(language), self._place(language))
        items = programme.on_now(now) if intent is Intent.ON_NOW else programme.next_after(now)
        if items:
            self._understood(
                session,
                "schedule",
                items[0].entry,
                schedule=tuple(i.id for i in items[:1]),
                venue_id=items[0].venue,
            )
        return Reply(
            text=text, kind=ReplyKind.SCHEDULE, decision=Decision.ANSWER, score=1.0, language=language
        )

    def _when(
        self, session: Session, event: str, text: str, utterance: Utterance, now: datetime, said: str = ""
    ) -> Reply:
        language = utterance.language or "en"
        know = self._knowledge
        items = know.programme.by_title(event)
        entry_id: str | None = None
        score = 1.0
        if not items:
            result = self._match(text, utterance)
            if result.decision is Decision.ANSWER and result.entry_id:
                items = know.programme.for_entry(know.kb, result.entry_id)
                entry_id, score = result.entry_id, result.score
                entry = know.kb.entry(result.entry_id)
                # An entry about several different sessions (the whole programme) is answered by its own text:
                # picking one of its sessions would answer a question the guest did not ask.
                several = len({item.title_in(language) for item in items}) > 1
                if entry is not None and (not items or several):
                    return self._answer(session, entry, language, result.score)  # the answer says when
        if not items:
            reply = self._line("unknown_event", language, "unknown_event", event=said or event or "that")
            return self._misunderstood(session, language, reply)
        return self._say_when(session, items, language, now, entry_id, score)

    def _say_when(
        self,
        session: Session,
        items: list[ScheduleItem],
        language: str,
        now: datetime,
        entry_id: str | None,
        score: float,
    ) -> Reply:
        item = most_relevant(items, now)
        assert item is not None  # items is not empty
        text = sentence(when_phrase(item, now, self._place(language)(item), subject=item.title_in(language)))
        self._understood(
            session, "schedule", entry_id or item.entry, schedule=(item.id,), venue_id=item.venue
        )
        return Reply(
            text=text,
            kind=ReplyKind.SCHEDULE,
            decision=Decision.ANSWER,
            entry=entry_id or item.entry,
            score=score,
            language=language,
        )

    def _when_last(self, session: Session, language: str, now: datetime) -> Reply:
        know = self._knowledge
        items = [i for i in know.programme.items if i.id in session.last_schedule]
        if not items and session.last_entry:
            items = know.programme.for_entry(know.kb, session.last_entry)
        if not items:
            if session.last_entry is None:
                return self._line("followup_none", language, "followup_none")
            entry = know.kb.entry(session.last_entry)
            title = entry.questions_in("en")[0].rstrip("?") if entry and entry.questions_in("en") else "that"
            return self._line("unknown_event", language, "unknown_event", event=title.lower())
        return self._say_when(session, items, language, now, session.last_entry, 1.0)

    # ----- follow-ups -------------------------------------------------------------------------------------

    def _and_also(
        self, session: Session, turn: ParsedTurn, text: str, utterance: Utterance, now: datetime
    ) -> Reply:
        """ "and the exhibition?": the last question's type with a new topic."""
        if session.last_intent == "directions":
            return self._directions(session, turn.topic, f"where is the {turn.topic}", utterance, turn.said)
        if session.last_intent == "schedule":
            return self._when(session, turn.topic, f"when is the {turn.topic}", utterance, now, turn.said)
        return self._question(session, turn.topic if session.last_intent else text, utterance)

    def _repeat(self, session: Session, language: str) -> Reply:
        if session.last_reply is None:
            return self._line("repeat_none", language, "repeat_none")
        return replace(session.last_reply, kind=ReplyKind.REPEAT)

    # ----- clarification and staff ------------------------------------------------------------------------

    def _option_label(self, entry_id: str, language: str) -> str:
        know = self._knowledge
        items = know.programme.for_entry(know.kb, entry_id)
        if items:
            return items[0].title_in(language)
        entry = know.kb.entry(entry_id)
        questions = (entry.questions_in(language) or entry.questions_in("en")) if entry else ()
        if not questions:
            return entry_id.replace("_", " ")
        question = questions[0].rstrip("?.! ")
        return question[:1].lower() + question[1:]

    def _clarify(self, session: Session, result: MatchResult, language: str) -> Reply | None:
        options = tuple(
            dict.fromkeys(c.entry_id for c in result.candidates if self._knowledge.kb.entry(c.entry_id))
        )
        if not options and result.entry_id and self._knowledge.kb.entry(result.entry_id):
            options = (result.entry_id,)
        if not options:
            return None
        options = options[:2]
        labels = [self._option_label(o, language) for o in options]
        if len(options) == 1:
            text = self._lines.pick("clarify_one", language, first=labels[0])
        else:
            text = self._lines.pick("clarify", language, first=labels[0], second=labels[1])
        session.clarify_options = options
        return Reply(
            text=text,
            kind=ReplyKind.CLARIFY,
            decision=Decision.CLARIFY,
            entry=options[0],
            score=result.score,
            language=language,
        )

    def _after_clarify(self, session: Session, turn: ParsedTurn, text: str, language: str) -> Reply | None:
        """The guest's reply to "did you mean A or B?"; None means it was a new question after all."""
        options = session.clarify_options
        chosen: str | None = None
        if turn.intent in (Intent.YES, Intent.FIRST):
            chosen = options[0]
        elif turn.intent is Intent.SECOND and len(options) > 1:
            chosen = options[1]
        elif turn.intent is Intent.NO:
            session.clear_pending()
            return self._misunderstood(
                session, language, self._line("clarify_unclear", language, "clarify_unclear")
            )
        elif turn.intent is Intent.WHERE_IT:
            # "where is it?" answers "did you mean the launch, or where is the main stage?": the place option.
            chosen = next((o for o in options if self._is_directions(o)), None)
        elif turn.intent in (Intent.QUESTION, Intent.AND_ALSO):
            chosen = self._choose_by_name(options, text, language)
        if chosen is None:
            return None
        session.clear_pending()
        entry = self._knowledge.kb.entry(chosen)
        if entry is None:
            return None
        return self._answer(session, entry, language, 1.0)

    def _choose_by_name(self, options: tuple[str, ...], text: str, language: str) -> str | None:
        """ "the exhibition one" -> that option; a clear question about something else -> None (new turn)."""
        from rapidfuzz import fuzz

        # First the labels the robot itself just said: naming one of them is the clearest choice there is.
        said = sorted(
            (
                (fuzz.token_set_ratio(text.lower(), self._option_label(o, language).lower()), o)
                for o in options
            ),
            reverse=True,
        )
        if said[0][0] >= LABEL_CHOICE_SCORE and (len(said) == 1 or said[0][0] - said[1][0] >= 15.0):
            return said[0][1]

        result = self._knowledge.matcher.match(text, language, None)
        if result.decision is Decision.ANSWER and result.entry_id:
            return result.entry_id if result.entry_id in options else None

        scores: list[tuple[float, str]] = []
        for option in options:
            entry = self._knowledge.kb.entry(option)
            names = [self._option_label(option, language)]
            if entry is not None:
                names += list(entry.questions_in(language)) + list(entry.keywords)
            scores.append((max(fuzz.token_set_ratio(text.lower(), n.lower()) for n in names), option))
        scores.sort(reverse=True)
        best, option = scores[0]
        runner_up = scores[1][0] if len(scores) > 1 else 0.0
        if best >= MIN_CHOICE_SCORE and best - runner_up >= 10.0:
            return option
        return None

    def _is_directions(self, entry_id: str) -> bool:
        entry = self._knowledge.kb.entry(entry_id)
        return entry is not None and DIRECTIONS_TAG in entry.tags and entry.venue is not None

    def _after_staff_offer(self, session: Session, turn: ParsedTurn, language: str) -> Reply | None:
        if turn.intent is Intent.YES:
            session.clear_pending()
            session.misunderstandings = 0
            return self._line("staff_called", language, "staff_call")
        if turn.intent is Intent.NO:
            session.clear_pending()
            session.misunderstandings = 0
            return self._line("staff_declined", language, "staff_declined")
        return None

    # ----- bookkeeping ------------------------------------------------------------------------------------

    def _understood(
        self,
        session: Session,
        intent: str,
        entry_id: str | None,
        *,
        schedule: tuple[str, ...] = (),
        venue_id: str | None = None,
    ) -> None:
        session.misunderstandings = 0
        session.last_intent = intent
        session.last_entry = entry_id
        session.last_schedule = schedule
        session.last_venue = venue_id

    def _misunderstood(self, session: Session, language: str, reply: Reply) -> Reply:
        session.misunderstandings += 1
        if session.misunderstandings >= self.config.max_misunderstandings:
            session.misunderstandings = 0
            session.staff_offered = True
            return replace(
                self._line("offer_staff", language, "offer_staff"),
                decision=Decision.FALLBACK,
                score=reply.score,
            )
        return replace(reply, decision=Decision.FALLBACK)

    def _line(self, line_kind: str, language: str, reply_kind: str, **values: str) -> Reply:
        decision = Decision.FALLBACK if reply_kind in FALLBACK_KINDS else Decision.ANSWER
        return Reply(
            text=self._lines.pick(line_kind, language, **values),
            kind=ReplyKind(reply_kind),
            decision=decision,
            language=language,
        )

    def _match(self, text: str, utterance: Utterance) -> MatchResult:
        confidence = utterance.confidence if utterance.source == "speech" else None
        return self._knowledge.matcher.match(text, utterance.language or "en", confidence)

    def _stamp(self, reply: Reply, utterance: Utterance, session: Session) -> Reply:
        timings = dict(utterance.timings)
        timings["reply_chosen"] = self._wall_time()
        return replace(
            reply,
            guest_id=utterance.guest_id,
            language=utterance.language or reply.language,
            rate_scale=session.rate_scale,
            turn_id=utterance.turn_id,
            timings=timings,
        )

    @staticmethod
    def _derive(knowledge: KnowledgeBase, matcher: Matcher) -> _Knowledge:
        return _Knowledge(knowledge, matcher, VenueFinder(knowledge), Programme(knowledge))
