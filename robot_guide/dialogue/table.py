"""Which handler answers each intent, and each pending question; the one place to wire a new intent in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from robot_guide.contracts.messages import Reply
from robot_guide.dialogue.context import Turn
from robot_guide.dialogue.handlers import (
    clarify,
    directions,
    escort,
    followups,
    language,
    programme,
    questions,
    repair,
)
from robot_guide.dialogue.intents import Intent
from robot_guide.dialogue.session import Awaiting

Handler = Callable[[Turn], Reply]
# A reply to the robot's own question; None when the guest's words were not an answer to it.
PendingHandler = Callable[[Turn], Reply | None]

HANDLERS: Mapping[Intent, Handler] = MappingProxyType(
    {
        Intent.QUESTION: questions.ask,
        Intent.DIRECTIONS: directions.directions,
        Intent.WHEN: programme.when,
        Intent.ON_NOW: programme.on_now,
        Intent.ON_NEXT: programme.on_next,
        Intent.WHERE_IT: followups.where_it,
        Intent.WHEN_IT: followups.when_it,
        Intent.AND_ALSO: followups.and_also,
        Intent.REPEAT: repair.repeat,
        Intent.SLOWER: repair.slower,
        # Yes, no and a choice mean something only as an answer (PENDING_HANDLERS); otherwise they are
        # asked of the knowledge base like any question.
        Intent.YES: questions.ask,
        Intent.NO: questions.ask,
        Intent.FIRST: questions.ask,
        Intent.SECOND: questions.ask,
        Intent.ESCORT: escort.request,
        Intent.STOP: escort.stop,
        Intent.HOW_FAR: escort.how_far,
        Intent.LANGUAGE_SWITCH: language.switch,
    }
)

PENDING_HANDLERS: Mapping[Awaiting, PendingHandler] = MappingProxyType(
    {
        Awaiting.CHOICE: clarify.after_choice,
        Awaiting.STAFF: repair.after_staff_offer,
        Awaiting.ESCORT_OFFER: escort.after_offer,
    }
)
