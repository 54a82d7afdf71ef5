"""Switching language: "do you speak Spanish?" answered in Spanish, and remembered for the guest."""

from __future__ import annotations

from robot_guide.contracts.messages import Reply
from robot_guide.dialogue.context import Turn, line_reply
from robot_guide.dialogue.handlers.questions import ask
from robot_guide.dialogue.languages import named_language
from robot_guide.dialogue.phrases import phrases_for
from robot_guide.knowledge.languages import native_name


def switch(turn: Turn) -> Reply:
    """Confirm in the language the guest asked for and speak it from now on, or say which ones it speaks;
    words that name no language ("can you speak louder") are a question like any other."""
    served = turn.knowledge.kb.languages
    aliases = phrases_for(turn.language).language_names
    code = named_language(turn.parsed.topic, served, turn.language, aliases)
    if code is None:
        return ask(turn)
    if code not in served:
        spoken = ", ".join(native_name(language) for language in served)
        return turn.line("language_unavailable", "language_unavailable", languages=spoken)
    turn.session.language = code
    turn.understood("language", None)
    return line_reply(turn.lines, "language_switched", code, "language_switch")
