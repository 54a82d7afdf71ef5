"""What the speech stages need from the knowledge base: fixed lines to pre-render and terms to listen for."""

from __future__ import annotations

from robot_guide.contracts.status import FixedLine, SpeechCatalogue
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.knowledge.name_context import name_contexts
from robot_guide.knowledge.vocabulary import asr_prompt as language_prompt
from robot_guide.knowledge.vocabulary import misheard_variants


def fixed_lines(kb: KnowledgeBase) -> list[FixedLine]:
    """Every answer and persona line that is spoken verbatim (templates with {slots} are not)."""
    seen: set[tuple[str, str]] = set()
    lines: list[FixedLine] = []

    def add(text: str, language: str) -> None:
        if text and "{" not in text and (text, language) not in seen:
            seen.add((text, language))
            lines.append(FixedLine(text, language))

    for by_language in kb.persona.lines.values():
        for language, options in by_language.items():
            for option in options:
                add(option, language)
    for entry in kb.entries:
        for language, answer in entry.answers.items():
            add(answer, language)
    return lines


def speech_catalogue(kb: KnowledgeBase, asr_prompt: str) -> SpeechCatalogue:
    """The knowledge/speech payload: ASR prompt and term spellings; lines for the TTS to pre-render."""
    contexts = name_contexts(kb)
    return SpeechCatalogue(
        version=kb.version,
        prompt=asr_prompt,
        vocabulary=tuple(kb.vocabulary),
        misheard={term: tuple(heard) for term, heard in misheard_variants(kb).items()},
        lines=tuple(fixed_lines(kb)),
        # Every served language, so the recogniser also learns which languages it may hear.
        prompts={language: _prompt_in(kb, language) for language in kb.languages},
        name_before={name: context.before for name, context in contexts.items()},
        name_cues={name: context.cues for name, context in contexts.items()},
    )


def _prompt_in(kb: KnowledgeBase, language: str) -> str:
    """The names to listen for in one language: the summit's names, then the places in that language's own
    words, last because Whisper writes in the script of the end of its prompt."""
    names = language_prompt(kb, language)
    if language == kb.languages[0]:
        return names
    places = [venue.names[language][0] for venue in kb.venues.values() if venue.names.get(language)]
    return f"{names} {', '.join(places)}." if places else names
