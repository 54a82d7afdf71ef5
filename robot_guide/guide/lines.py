"""The robot's own lines from the persona, chosen by rotation (deterministic), with English defaults."""

from __future__ import annotations

import string
from collections.abc import Mapping

from robot_guide.knowledge.model import Persona

# Used when the knowledge base has no line of a kind: the guest still hears something sensible.
DEFAULT_LINES: Mapping[str, tuple[str, ...]] = {
    "greeting": ("Hello and welcome to the Chery International User Summit! How can I help you?",),
    "greeting_again": ("Welcome back! What else can I help you with?",),
    "first_words_greeting": ("Hello!",),
    "goodbye": ("Goodbye, enjoy the summit!",),
    "fallback": (
        "I'm sorry, I don't know that one. The staff at the information desk will be glad to help.",
    ),
    "clarify": ("Did you mean {first}, or {second}?",),
    "clarify_one": ("Did you mean {first}?",),
    "clarify_unclear": ("Sorry about that. Could you ask me in other words?",),
    "not_heard": ("Sorry, I didn't catch that. Could you say it again?",),
    "offer_staff": ("I'm having trouble understanding. Shall I call a member of staff for you?",),
    "staff_called": ("I have called a member of staff. Someone will be with you shortly.",),
    "staff_declined": ("All right. Ask me anything else whenever you like.",),
    "repeat_none": ("I haven't said anything yet. How can I help you?",),
    "followup_none": (
        "Sorry, what are you asking about? Please tell me the name of the place or the event.",
    ),
    "unknown_place": ("Sorry, I don't know where {place} is. The information desk can help you find it.",),
    "unknown_event": ("Sorry, I don't know when {event} is. The information desk has the full programme.",),
    "no_route": ("Sorry, I don't have directions for that. The information desk can help you find it.",),
    "schedule_outside": ("The summit runs {first_day} to {last_day}; there is nothing on today.",),
    "slower": ("Of course, I will speak more slowly.",),
    "escort_offer": ("Would you like me to take you there?",),
    "escort_start": ("Of course. Please follow me to {place}.",),
    "escort_declined": ("All right. Ask me anything else whenever you like.",),
    "escort_unable": ("I can't walk you there, but here is the way. {route}",),
    "escort_cancelled": ("All right, I will stop here and go back to my post.",),
    "escort_almost": ("We are almost there, {distance} to go.",),
    "escort_on_the_way": ("We are on our way to {place}, {distance} to go. Please keep following me.",),
    "escort_arrived": ("Here is {place}. Enjoy!",),
    "escort_failed": (
        "I'm sorry, I can't get through to {place} right now. Here is the way instead. {route}",
    ),
    "escort_stranded": ("I can't find my way back to my post. A member of staff will come and help me.",),
    "answer_in_english_apology": ("Sorry, I only have this answer in English.",),
    "language_switched": ("Of course. How can I help you?",),
    "language_unavailable": ("Sorry, I can't speak that language. I speak {languages}.",),
}


class _KeepUnknown(dict[str, str]):
    """format_map helper: a placeholder the caller did not provide stays as written instead of raising."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: Mapping[str, str]) -> str:
    """Fill {name} placeholders; bad templates from content never raise into the dialogue."""
    try:
        return string.Formatter().vformat(template, (), _KeepUnknown(values))
    except (ValueError, IndexError):
        return template


class Lines:
    """Picks persona lines in rotation per kind and language, so repeated greetings vary predictably."""

    def __init__(self, persona: Persona) -> None:
        self._persona = persona
        self._turn: dict[tuple[str, str], int] = {}

    def options(self, kind: str, language: str) -> tuple[str, ...]:
        found = self._persona.options(kind, language)
        return found or DEFAULT_LINES.get(kind, ("",))

    def pick(self, kind: str, language: str, **values: str) -> str:
        options = self.options(kind, language)
        index = self._turn.get((kind, language), 0)
        self._turn[(kind, language)] = index + 1
        return fill(options[index % len(options)], values)
