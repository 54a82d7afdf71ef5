"""Domain terms of the knowledge base, and a short Whisper initial prompt that biases recognition to them."""

from __future__ import annotations

import re
from collections import Counter

from robot_guide.knowledge.model import DEFAULT_LANGUAGE, KnowledgeBase

MAX_PROMPT_CHARS = 200  # Whisper's prompt shares the decoder context; a short list of names works best
MAX_NAME_WORDS = 3  # "the main stage in Hall A" is a description; "Hall A" is the name worth biasing
# A run of capitalised words (and numbers after them): "Chery Super Hybrid", "Hall A", "Tiggo 9".
_NAME_RUN = re.compile(r"[A-Z][A-Za-z0-9]*(?:[ -](?:[A-Z][A-Za-z0-9]*|[0-9]+))*")
_COMMON_STARTS = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "Our",
        "Your",
        "My",
        "At",
        "In",
        "On",
        "From",
        "For",
        "And",
        "But",
        "Or",
        "Yes",
        "No",
        "There",
        "Here",
        "Please",
        "We",
        "You",
        "He",
        "She",
        "They",
        "A",
        "An",
        "I",
        "I'm",
        "If",
        "When",
        "Where",
        "What",
        "How",
        "Just",
        "Go",
        "Walk",
        "Turn",
        "Take",
        "Ask",
        "Sorry",
        "Hello",
        "Hi",
        "Welcome",
        "Of",
    ]
)
_CALENDAR = frozenset(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
)


def _is_latin(term: str) -> bool:
    return all(ord(char) < 0x250 for char in term)


def _looks_like_a_name(term: str) -> bool:
    """Proper nouns and model names ("Hall B", "Tiggo 9", "KOC") are what an ASR mishears; plain words not."""
    return any(char.isupper() for char in term) and not term.isdigit()


def _names_in_answers(kb: KnowledgeBase) -> list[str]:
    """Runs of capitalised words in the English answers ("Chery Super Hybrid"), most frequent first."""
    counts: Counter[str] = Counter()
    for entry in kb.entries:
        text = entry.answers.get(DEFAULT_LANGUAGE, "")
        for match in _NAME_RUN.finditer(text):
            words = match.group(0).replace("-", " ").split()
            before = text[: match.start()].rstrip()
            # A capital after a full stop says nothing; "AiMOGA" or "KOC" still count (capitals inside).
            if (not before or before[-1] in ".!?:") and not any(char.isupper() for char in words[0][1:]):
                words.pop(0)
            while words and (words[0] in _COMMON_STARTS or words[0] in _CALENDAR):
                words.pop(0)
            name = " ".join(words)
            if (len(words) > 1 or len(name) > 2) and name not in _CALENDAR:
                counts[name] += 1
    return [name for name, _ in counts.most_common()]


def domain_terms(kb: KnowledgeBase) -> tuple[str, ...]:
    """Explicit `vocabulary` first (the content team's order), then names in answers, venues and keywords."""
    venue_names = {name for venue in kb.venues.values() for names in venue.names.values() for name in names}
    explicit = [term for term in kb.vocabulary if term not in venue_names]
    named_venues = [
        term
        for term in kb.vocabulary
        if term in venue_names and _looks_like_a_name(term) and len(term.split()) <= MAX_NAME_WORDS
    ]
    keywords = [word for entry in kb.entries for word in entry.keywords if _looks_like_a_name(word)]
    seen: dict[str, str] = {}
    for term in (*explicit, *_names_in_answers(kb), *named_venues, *keywords):
        cleaned = term.strip()
        if cleaned:
            # "Co-Create New Move" and "co create new move" are one term to the recogniser.
            seen.setdefault("".join(char for char in cleaned.casefold() if char.isalnum()), cleaned)
    return tuple(seen.values())


def asr_prompt(kb: KnowledgeBase, language: str = DEFAULT_LANGUAGE, max_chars: int = MAX_PROMPT_CHARS) -> str:
    """Comma-separated terms, most important first, under `max_chars` (English: Latin script only)."""
    chosen: list[str] = []
    length = 0
    for term in domain_terms(kb):
        if language == DEFAULT_LANGUAGE and not _is_latin(term):
            continue
        extra = len(term) + (2 if chosen else 0)
        if length + extra + 1 > max_chars:  # + 1 for the closing full stop
            continue  # a shorter, later term may still fit
        chosen.append(term)
        length += extra
    return f"{', '.join(chosen)}." if chosen else ""
