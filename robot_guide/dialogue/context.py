"""One turn's context: the knowledge snapshot, the guest's session, language, lines, time and settings."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from robot_guide.contracts.messages import Decision, Reply, ReplyKind, Utterance
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.intents import ParsedTurn
from robot_guide.dialogue.session import Pending, Session
from robot_guide.dialogue.walk import Walk
from robot_guide.guide.directions import VenueFinder
from robot_guide.guide.lines import Lines
from robot_guide.guide.schedule import Programme
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.matching.content_gate import ContentGate
from robot_guide.matching.result import Matcher, MatchResult

# Replies that mean "I could not help with that": logged as fallbacks so the report shows the content gap.
FALLBACK_KINDS = frozenset({"fallback", "not_heard", "unknown_place", "unknown_event", "no_route"})


@dataclass(frozen=True)
class KnowledgeSnapshot:
    """Everything derived from one knowledge base, swapped as one reference so a turn never sees a mix."""

    kb: KnowledgeBase
    matcher: Matcher
    venues: VenueFinder
    programme: Programme
    gate: ContentGate  # refuses questions without real content before the matcher's pick is answered

    @classmethod
    def derive(cls, knowledge: KnowledgeBase, matcher: Matcher) -> KnowledgeSnapshot:
        return cls(knowledge, matcher, VenueFinder(knowledge), Programme(knowledge), ContentGate(knowledge))


def line_reply(lines: Lines, line_kind: str, language: str, reply_kind: str, **values: str) -> Reply:
    """A reply made of one persona line; its decision follows from the kind of reply."""
    decision = Decision.FALLBACK if reply_kind in FALLBACK_KINDS else Decision.ANSWER
    return Reply(
        text=lines.pick(line_kind, language, **values),
        kind=ReplyKind(reply_kind),
        decision=decision,
        language=language,
    )


@dataclass(frozen=True)
class Turn:
    """What a handler reads (the guest's words, their session, the knowledge) and the notes it leaves."""

    knowledge: KnowledgeSnapshot
    session: Session
    lines: Lines
    config: DialogueConfig
    utterance: Utterance
    text: str  # the guest's words, cleaned of control characters
    parsed: ParsedTurn
    now: datetime  # venue local time, for the programme
    language: str
    walk: Walk | None = None  # the robot's walk with a guest; None where the robot cannot walk (ask)
    clock_s: float = 0.0  # monotonic seconds, for how long an offer stands

    def line(self, line_kind: str, reply_kind: str, **values: str) -> Reply:
        return line_reply(self.lines, line_kind, self.language, reply_kind, **values)

    @property
    def speech_confidence(self) -> float | None:
        """The recogniser's confidence in the guest's words; typed text has none."""
        return self.utterance.confidence if self.utterance.source == "speech" else None

    def match(self, text: str) -> MatchResult:
        """The knowledge base entry for `text`; a recogniser's confidence counts, typed text has none."""
        return self.knowledge.matcher.match(text, self.language, self.speech_confidence)

    def heard_unsure(self) -> bool:
        """Spoken words the recogniser was unsure of (below repeat_below_confidence); typed text never is."""
        confidence = self.speech_confidence
        return confidence is not None and confidence < self.config.repeat_below_confidence

    def understood(
        self,
        intent: str,
        entry_id: str | None,
        *,
        schedule: tuple[str, ...] = (),
        venue_id: str | None = None,
    ) -> None:
        """Note what this turn was about, for follow-ups ("where is it?", "and the exhibition?")."""
        session = self.session
        session.misunderstandings = 0
        session.last_intent = intent
        session.last_entry = entry_id
        session.last_schedule = schedule
        session.last_venue = venue_id

    def misunderstood(self, reply: Reply) -> Reply:
        """`reply` as a fallback; after too many in a row, an offer to call staff instead."""
        session = self.session
        session.misunderstandings += 1
        if session.misunderstandings >= self.config.max_misunderstandings:
            session.misunderstandings = 0
            session.pending = Pending.staff()
            return replace(
                self.line("offer_staff", "offer_staff"), decision=Decision.FALLBACK, score=reply.score
            )
        return replace(reply, decision=Decision.FALLBACK)
