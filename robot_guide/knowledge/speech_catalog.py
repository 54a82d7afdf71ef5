"""What the speech stages need from the knowledge base: fixed lines to pre-render and terms to listen for."""

from __future__ import annotations

import json

from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.knowledge.vocabulary import transcript_terms_catalog


def fixed_lines(kb: KnowledgeBase) -> list[dict[str, str]]:
    """Every answer and persona line that is spoken verbatim (templates with {slots} are not)."""
    seen: set[tuple[str, str]] = set()
    lines: list[dict[str, str]] = []

    def add(text: str, language: str) -> None:
        if text and "{" not in text and (text, language) not in seen:
            seen.add((text, language))
            lines.append({"text": text, "language": language})

    for by_language in kb.persona.lines.values():
        for language, options in by_language.items():
            for option in options:
                add(option, language)
    for entry in kb.entries:
        for language, answer in entry.answers.items():
            add(answer, language)
    return lines


def speech_catalog_json(kb: KnowledgeBase, asr_prompt: str) -> str:
    """The knowledge/speech message: ASR prompt and term spellings; lines for the TTS to pre-render."""
    return json.dumps(
        {
            "version": kb.version,
            "prompt": asr_prompt,
            **transcript_terms_catalog(kb),
            "lines": fixed_lines(kb),
        },
        ensure_ascii=False,
    )
