"""The dialogue engine: sessions, one lock, the handler table per turn, pending questions, crash fallback."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime

from robot_guide.contracts.escort import EscortCommand, EscortStatus
from robot_guide.contracts.messages import UNKNOWN_LANGUAGE, GuestEvent, Reply, ReplyKind, Utterance
from robot_guide.dialogue.config import DEFAULT_CONFIG, DialogueConfig
from robot_guide.dialogue.context import KnowledgeSnapshot, Turn, line_reply
from robot_guide.dialogue.handlers.escort import offer_after, status_reply
from robot_guide.dialogue.handlers.greeting import Greeter
from robot_guide.dialogue.intents import Intent, ParsedTurn
from robot_guide.dialogue.parser import parse_turn
from robot_guide.dialogue.phrases import PHRASE_SETS
from robot_guide.dialogue.presence import Presence
from robot_guide.dialogue.rules import PhraseSet
from robot_guide.dialogue.session import Awaiting, Session, SessionStore
from robot_guide.dialogue.table import HANDLERS, PENDING_HANDLERS, Handler
from robot_guide.dialogue.walk import Reach, Walk
from robot_guide.guide.language_id import LanguageIdentifier
from robot_guide.guide.lines import Lines
from robot_guide.guide.text import clean_utterance
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.matching.result import Matcher

_log = logging.getLogger(__name__)


class DialogueEngine:
    """One robot's conversations with any number of guests at once, keyed by guest id.

    Thread-safe: the ROS node may call from several callbacks. A leave event for a guest the robot never
    greeted (or whose session expired) gets no reply: perception glitches must not make the robot speak.
    With an escort `reach` rule the robot offers to walk guests to places on its map; the commands for the
    escort wait in `take_commands()`, and `on_escort_status` says what the walk's progress calls for.
    """

    def __init__(
        self,
        knowledge: KnowledgeBase,
        matcher: Matcher,
        config: DialogueConfig = DEFAULT_CONFIG,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        wall_time: Callable[[], float] = time.time,
        handlers: Mapping[Intent, Handler] = HANDLERS,
        phrase_sets: Mapping[str, PhraseSet] = PHRASE_SETS,
        escort_reach: Reach | None = None,
    ) -> None:
        self.config = config
        self._monotonic = monotonic
        self._wall_time = wall_time
        self._handlers = handlers
        self._phrase_sets = phrase_sets
        self._lock = threading.RLock()
        self._sessions = SessionStore(config.session_timeout_s, monotonic)
        self._greeter = Greeter(config, monotonic, wall_time)
        self._presence = Presence()
        self._knowledge = KnowledgeSnapshot.derive(knowledge, matcher)
        self._lines = Lines(knowledge.persona)
        self._walk = Walk(escort_reach)
        self._identifier = LanguageIdentifier(knowledge.languages)

    def warm(self) -> None:
        """Load what the first turn would otherwise wait for (the typed-language profiles)."""
        self._identifier.warm()

    def enable_escort(self, reach: Reach | None) -> None:
        """Offer walks from now on (the escort node is up), or never again (None)."""
        with self._lock:
            self._walk.reach = reach

    def use_knowledge(self, knowledge: KnowledgeBase, matcher: Matcher) -> None:
        """Swap in a reloaded knowledge base between turns (one reference assignment)."""
        derived = KnowledgeSnapshot.derive(knowledge, matcher)
        with self._lock:
            self._knowledge = derived
            self._lines = Lines(knowledge.persona)
            if self._identifier.languages != knowledge.languages:
                self._identifier = LanguageIdentifier(knowledge.languages)

    def on_guest_event(self, event: GuestEvent, now: datetime) -> list[Reply]:
        with self._lock:
            now_s = self._monotonic()
            self._walk.expire(now_s)
            if event.kind == "arrive":
                if self._sessions.get(event.guest_id) is None:
                    self._adopt_heard_guest(event.guest_id, now_s)
                self._presence.arrive(event.guest_id)
                session = self._sessions.get_or_create(event.guest_id)
                session.touch(now_s)
                if not self._walk.free:
                    return []  # away from the post with a guest: greeting resumes back there
                greeting = self._knowledge.kb.language_settings.greeting
                return self._greeter.arrive(session, self._lines, greeting)
            if event.kind == "leave":
                self._presence.leave(event.guest_id)
                if self._walk.with_guest and event.guest_id == self._walk.guest_id:
                    return []  # the guest follows behind the robot, out of the camera's view: no goodbye
                ended = self._sessions.end(event.guest_id)
                return [] if ended is None else [self._greeter.goodbye(ended, self._lines)]
            return []

    def on_utterance(self, utterance: Utterance, now: datetime) -> list[Reply]:
        with self._lock:
            known = self._sessions.get(utterance.guest_id) is not None
            guest_id = self._presence.speaker(utterance.guest_id, known)
            if guest_id != utterance.guest_id:
                utterance = replace(utterance, guest_id=guest_id)
            elif not known and not self._presence.present:
                self._presence.heard_unseen(guest_id, self._monotonic())
            session = self._sessions.get_or_create(guest_id)
            utterance = self._in_language(utterance, session)
            hello_owed = self._greeter.owes_hello(session)
            session.touch(self._monotonic())
            session.turns += 1
            offer: Reply | None = None
            try:
                reply, offer = self._respond(session, utterance, now)
            except Exception:
                # A bug or odd content must not silence the robot mid-summit: log it, say the fallback line.
                _log.exception(
                    "dialogue failed on %r; answering with the fallback line", utterance.text[:200]
                )
                session.clear_pending()
                reply = line_reply(self._lines, "fallback", utterance.language or "en", "fallback")
            reply = self._stamp(reply, utterance, session)
            if reply.kind not in ("repeat_none",):
                session.last_reply = reply  # without the hello: "say that again" repeats the answer
            replies = [reply] if offer is None else [reply, self._stamp(offer, utterance, session)]
            served = self._knowledge.kb.languages
            language = utterance.language
            if reply.kind is ReplyKind.ANSWER and language in served and reply.language != language:
                sorry = line_reply(self._lines, "answer_in_english_apology", language, "english_only")
                replies.insert(0, self._stamp(sorry, utterance, session))
            if hello_owed:
                replies[0] = self._greeter.with_hello(session, replies[0], self._lines)
            return replies

    def _in_language(self, utterance: Utterance, session: Session) -> Utterance:
        """The utterance with its language settled (typed text: detected from the words, short or unclear
        text in the guest's language so far), which becomes the guest's language."""
        language = utterance.language
        if language == UNKNOWN_LANGUAGE:
            language = self._identifier.identify(utterance.text, session.language).language
        session.language = language
        return utterance if language == utterance.language else replace(utterance, language=language)

    def on_escort_status(self, status: EscortStatus) -> list[Reply]:
        """What the robot says as its walk with a guest goes on: the arrival, a failure, being stranded."""
        with self._lock:
            reply = status_reply(self._walk, status, self._knowledge, self._lines, self.config.post)
            self._walk.on_status(status, self._monotonic())
            if reply is not None:
                reply = replace(reply, timings={"reply_chosen": self._wall_time()})
            return [] if reply is None else [reply]

    def take_commands(self) -> list[EscortCommand]:
        """Escort commands the last turns produced, oldest first, for the node to send after the replies."""
        with self._lock:
            return self._walk.take_commands()

    def ask_again(self, utterance: Utterance) -> Reply:
        """The reply to a question that waited too long to be answered in context (e.g. across a restart):
        the persona's "sorry, could you say it again?", for that guest and turn; the session is untouched."""
        with self._lock:
            language = utterance.language or "en"
            if language == UNKNOWN_LANGUAGE:
                session = self._sessions.get(utterance.guest_id)
                known = session.language if session is not None else None
                language = self._identifier.identify(utterance.text, known).language
            reply = line_reply(self._lines, "not_heard", language, "not_heard")
            timings = {**utterance.timings, "reply_chosen": self._wall_time()}
            return replace(reply, guest_id=utterance.guest_id, turn_id=utterance.turn_id, timings=timings)

    def _adopt_heard_guest(self, seen_id: str, now_s: float) -> None:
        """A guest who spoke before the camera saw them: the seen id takes over their conversation, so they
        are neither greeted twice nor left with two half conversations."""
        heard_id = self._presence.adoptable(now_s, self.config.regreet_after_s)
        if heard_id is None or heard_id == seen_id:
            return
        if self._sessions.rename(heard_id, seen_id) is not None:
            self._greeter.transfer(heard_id, seen_id)
        self._presence.leave(heard_id)

    def session(self, guest_id: str) -> Session | None:
        """The live session of a guest (for tests and the simulator's display)."""
        with self._lock:
            return self._sessions.get(guest_id)

    def _respond(self, session: Session, utterance: Utterance, now: datetime) -> tuple[Reply, Reply | None]:
        """The reply to a turn, and an offer to walk the guest there when it gave directions."""
        text = clean_utterance(utterance.text)
        language = utterance.language or "en"
        parsed = parse_turn(text, language, self._phrase_sets) if text else ParsedTurn(Intent.QUESTION)
        turn = Turn(
            knowledge=self._knowledge,
            session=session,
            lines=self._lines,
            config=self.config,
            utterance=utterance,
            text=text,
            parsed=parsed,
            now=now,
            language=language,
            walk=self._walk,
            clock_s=self._monotonic(),
        )
        self._walk.expire(turn.clock_s)
        if not text:
            return turn.misunderstood(turn.line("not_heard", "not_heard")), None
        awaiting = session.pending.awaiting
        if awaiting is not Awaiting.NOTHING:
            answered = PENDING_HANDLERS[awaiting](turn)
            if answered is not None:
                return answered, offer_after(turn, answered)
        session.clear_pending()
        reply = self._handlers[parsed.intent](turn)
        return reply, offer_after(turn, reply)

    def _stamp(self, reply: Reply, utterance: Utterance, session: Session) -> Reply:
        timings = dict(utterance.timings)
        timings["reply_chosen"] = self._wall_time()
        return replace(
            reply,
            guest_id=utterance.guest_id,
            language=reply.language,
            rate_scale=session.rate_scale,
            turn_id=utterance.turn_id,
            timings=timings,
        )
