"""Domain terms of the knowledge base, and a short Whisper initial prompt that biases recognition to them."""

from __future__ import annotations

import re
from collections import Counter
from difflib import SequenceMatcher

from robot_guide.knowledge.model import DEFAULT_LANGUAGE, KnowledgeBase
from robot_guide.knowledge.name_context import name_contexts

# Whisper keeps the last 223 prompt tokens; 400 characters of names are about 110 tokens, well inside that.
MAX_PROMPT_CHARS = 400
MAX_PROMPT_TERMS = 24  # the names beyond the most asked still help (see asr_prompt)
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


def asked_counts(kb: KnowledgeBase, language: str = DEFAULT_LANGUAGE) -> dict[str, int]:
    """How many guest questions of the knowledge base (entries' questions and tests, in `language`) name
    each of the content team's vocabulary names."""
    questions = [q.casefold() for entry in kb.entries for q in entry.questions.get(language, ())]
    questions += [test.ask.casefold() for test in kb.tests if test.language == language]
    venue_names = {name for venue in kb.venues.values() for names in venue.names.values() for name in names}
    counts: dict[str, int] = {}
    for term in kb.vocabulary:
        # Scripts without capitals (Chinese) name things all the same.
        if term in venue_names or not (_looks_like_a_name(term) or not _is_latin(term)):
            continue
        pattern = re.compile(rf"(?<!\w){re.escape(term.casefold())}(?!\w)")
        counts[term] = sum(1 for question in questions if pattern.search(question))
    return counts


def prompt_terms(
    kb: KnowledgeBase, language: str = DEFAULT_LANGUAGE, max_terms: int = MAX_PROMPT_TERMS
) -> list[str]:
    """The names guests ask about most (ties: the content team's order), at most max_terms."""
    counts = asked_counts(kb, language)
    names = [term for term in counts if language != DEFAULT_LANGUAGE or _is_latin(term)]
    order = {term: index for index, term in enumerate(names)}
    return sorted(names, key=lambda term: (-counts[term], order[term]))[:max_terms]


def asr_prompt(
    kb: KnowledgeBase,
    language: str = DEFAULT_LANGUAGE,
    max_chars: int = MAX_PROMPT_CHARS,
    max_terms: int = MAX_PROMPT_TERMS,
) -> str:
    """The content team's names as a plain list, the most asked last ("..., AiMOGA, Kantar, KOC, Chery.").

    Measured with `bench speech`'s offline set (tiny.en, 80 espeak/piper clips, 68 name occurrences,
    domain-term accuracy): this list 83.8 %; the same names in the old opening sentence ("A guest asks the
    robot about ...") 76.5 %, that sentence's 24 terms as a plain list 79.4 %; the 10 most asked 67.6 %, the 5
    most asked 61.8 %, no prompt 23.5 %. No opening sentence: Whisper writes its prompt back on speech it
    cannot read ("A guest asks the robot, KOC, KOC"). Whisper keeps the end of a long prompt, so the names
    asked most go last. English: Latin-script names only.
    """
    chosen: list[str] = []
    length = 1  # the closing full stop
    for term in prompt_terms(kb, language, max_terms):
        extra = len(term) + (2 if chosen else 0)
        if length + extra > max_chars:
            continue  # a shorter, less asked term may still fit
        chosen.append(term)
        length += extra
    return f"{', '.join(reversed(chosen))}." if chosen else ""


SOUND_ALIKE_MIN_RATIO = (
    0.6  # "cherry"/"sherry" -> "Chery" (0.91/0.73) are sound-alikes; "super hybrid" -> CSH is not
)


def _letters(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def _sounds_alike(variant: str, term: str) -> bool:
    """A mishearing, not a paraphrase: the same letters ("k o c"), or one word spelled close to the term."""
    letters, target = _letters(variant), _letters(term)
    if letters == target:
        return True
    return (
        len(variant.split()) == 1 and SequenceMatcher(None, letters, target).ratio() >= SOUND_ALIKE_MIN_RATIO
    )


def misheard_variants(kb: KnowledgeBase) -> dict[str, list[str]]:
    """KB synonyms that are ways to mishear a domain term ("cherry" -> "Chery"), keyed by the term's spelling.

    Only synonym groups whose head is a domain term take part, and only their sound-alike variants: "key
    opinion consumer" means KOC but a transcript that says so must keep saying so.
    """
    by_letters = {_letters(term): term for term in kb.vocabulary}  # the content team's names only
    variants: dict[str, list[str]] = {}
    for head, synonyms in kb.synonyms.items():
        term = by_letters.get(_letters(head))
        if term is None:
            continue
        heard = [v.strip() for v in synonyms if v.strip() and _letters(v) and _sounds_alike(v, term)]
        if heard:
            variants.setdefault(term, []).extend(heard)
    return variants


def transcript_terms_catalog(kb: KnowledgeBase) -> dict[str, object]:
    """What the recogniser needs to write the KB's names in its transcripts (TermCorrector.from_catalog)."""
    contexts = name_contexts(kb)
    return {
        "vocabulary": list(kb.vocabulary),
        "misheard": misheard_variants(kb),
        "name_before": {name: list(context.before) for name, context in contexts.items()},
        "name_cues": {name: list(context.cues) for name, context in contexts.items()},
    }
