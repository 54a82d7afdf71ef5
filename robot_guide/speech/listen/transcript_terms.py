"""Writes the knowledge base's own names into a transcript: "a mogga robot" -> "AiMOGA robot", "K O C" -> KOC.

Whisper tiny.en hears names it has never seen as English words. Three KB-backed steps put the KB's spelling
back, so the turn log, the dialogue and the content team see "Chery" rather than "Cherry":
1. the matcher's ASR confusion table (robot_guide.matching.normalize) and the KB's sound-alike synonyms;
2. acronyms spelled out letter by letter ("C-SH", "k o c");
3. a fuzzy snap (rapidfuzz) of a few words to a vocabulary name, only when the letters are very close;
4. a sound-alike word where the sentence asks for the name ("did carry export" -> "did Chery export").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from robot_guide.matching.normalize import ASR_CONFUSIONS as MATCHER_ASR_CONFUSIONS
from robot_guide.speech.listen.name_slots import NameSlots

# Measured on the synthesised set: 85 takes "iMOGA" -> AiMOGA and "Forge China" -> Forbes China, while no
# word of the KB's own questions and answers moves (tests/unit/speech/listen/test_listen_transcript_terms.py).
FUZZY_MIN_RATIO = 85.0
# With a cue of the name in the sentence ("list" for Forbes China), a looser snap: "Forum's China" (82).
CUED_FUZZY_MIN_RATIO = 75.0
FUZZY_MIN_LETTERS = 5  # "KOC", "CSH": a three-letter snap would rewrite ordinary words ("cook", "cash")
MAX_ACRONYM_LETTERS = 5
_WORD = re.compile(r"\w+")


def letters(text: str) -> str:
    """Lowercase letters and digits only: "Ecosystem 2.0" -> "ecosystem20", "C-SH" -> "csh"."""
    return "".join(char for char in text.casefold() if char.isalnum())


@dataclass(frozen=True)
class _Span:
    first: int  # token index
    end: int  # token index, exclusive
    text: str  # the KB spelling that replaces the tokens


class TermCorrector:
    """Callable text -> text; built from the vocabulary and its misheard variants (cheap, pure Python)."""

    def __init__(
        self,
        vocabulary: Iterable[str],
        misheard: Mapping[str, Iterable[str]] | None = None,
        name_before: Mapping[str, Sequence[str]] | None = None,
        name_cues: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.vocabulary = tuple(dict.fromkeys(term.strip() for term in vocabulary if letters(term)))
        self.misheard = {
            term: tuple(v for v in variants if letters(v)) for term, variants in (misheard or {}).items()
        }
        # The KB's spelling of each name and of each capitalised word inside one ("Tiggo" of "Tiggo 9").
        self._spelling: dict[str, str] = {}
        for term in self.vocabulary:
            for word in _WORD.findall(term):
                if any(char.isupper() for char in word):
                    self._spelling.setdefault(word.casefold(), word)
        for term in self.vocabulary:
            self._spelling[letters(term)] = term
        self._phrases: dict[tuple[str, ...], str] = {}
        for term, variants in self.misheard.items():
            for variant in variants:
                self._phrases[tuple(_WORD.findall(variant.casefold()))] = term
        self._acronyms = {
            letters(t): t
            for t in self.vocabulary
            if t.isalpha() and t.isupper() and len(t) <= MAX_ACRONYM_LETTERS
        }
        self._fuzzy = [
            (term, letters(term), len(_WORD.findall(term)))
            for term in self.vocabulary
            if term[:1].isupper() and len(letters(term)) >= FUZZY_MIN_LETTERS  # names, not "seven-seater SUV"
        ]
        self._term_words = {term: tuple(_WORD.findall(term.casefold())) for term in self.vocabulary}
        # Names the KB knows as they are: "Hall B" is never a near-miss of "Hall A".
        self._known = set(self._spelling) | {letters(v) for vs in self.misheard.values() for v in vs}
        self._slots = NameSlots(name_before or {}, name_cues or {}, self._known)

    @classmethod
    def from_catalog(cls, catalog: Mapping[str, Any]) -> TermCorrector:
        """From the knowledge/speech message; missing or malformed fields just mean fewer corrections."""
        vocabulary = catalog.get("vocabulary")
        terms = [t for t in vocabulary if isinstance(t, str)] if isinstance(vocabulary, list) else []
        return cls(
            terms,
            _word_lists(catalog.get("misheard")),
            _word_lists(catalog.get("name_before")),
            _word_lists(catalog.get("name_cues")),
        )

    def __call__(self, text: str) -> str:
        if not text or not (self.vocabulary or self._phrases):
            return text
        # One step after the other: "K O C co-creation forum" is whole before the fuzzy step looks at it.
        for step in (self._confusions, self._acronym_spans, self._fuzzy_spans, self._slot_spans):
            text = _replace(text, step)
        return text

    def _confusions(self, tokens: Sequence[str]) -> list[_Span]:
        """The matcher's confusion patterns and the KB's variants, where they name a KB term."""
        spans: list[_Span] = []
        for words, term in sorted(self._phrases.items(), key=lambda item: -len(item[0])):
            for first in range(len(tokens) - len(words) + 1):
                if tuple(tokens[first : first + len(words)]) == words:
                    spans = _merge(spans, [_Span(first, first + len(words), term)])
        joined, starts = _joined(tokens)
        for pattern, replacement in MATCHER_ASR_CONFUSIONS:
            spelling = self._spelling.get(letters(replacement))
            if spelling is None:  # "bot" -> "robot", "wifi": matcher help, not a KB name to write
                continue
            for match in pattern.finditer(joined):
                first, end = _token_range(starts, joined, match.start(), match.end())
                if end > first:
                    spans = _merge(spans, [_Span(first, end, spelling)])
        return spans

    def _acronym_spans(self, tokens: Sequence[str]) -> list[_Span]:
        """Letters said one by one ("c sh", "k o c") -> the acronym; two or more short tokens only."""
        spans = []
        for first in range(len(tokens)):
            for end in range(first + 2, min(len(tokens), first + MAX_ACRONYM_LETTERS) + 1):
                if any(len(token) > 2 or not token.isalpha() for token in tokens[first:end]):
                    break
                acronym = self._acronyms.get("".join(tokens[first:end]))
                if acronym:
                    spans.append(_Span(first, end, acronym))
        return spans

    def _fuzzy_spans(self, tokens: Sequence[str]) -> list[_Span]:
        """Runs of words whose letters are within FUZZY_MIN_RATIO of a vocabulary name; best score first."""
        used = {index for span in self._exact_spans(tokens) for index in range(span.first, span.end)}
        scored: list[tuple[float, _Span]] = []
        for term, target, words in self._fuzzy:
            # Whisper splits a strange name ("i-mOGa") into two words, so one word more is tried too.
            for size in (words, words + 1):
                for first in range(len(tokens) - size + 1):
                    window = tokens[first : first + size]
                    heard = "".join(window)
                    # Same first letter: "the super hybrid" is not a near-miss of "Chery Super Hybrid".
                    if heard[:1] != target[:1] or heard in self._known:
                        continue
                    if any(first <= i < first + size for i in used):
                        continue
                    score = fuzz.ratio(heard, target)
                    # The run must be minimal: "Chery's" is Chery plus a word, not a near-miss of it.
                    if size > 1 and score <= max(
                        fuzz.ratio("".join(window[1:]), target), fuzz.ratio("".join(window[:-1]), target)
                    ):
                        continue
                    cued = score >= CUED_FUZZY_MIN_RATIO and self._slots.cued(term, tokens)
                    if score >= FUZZY_MIN_RATIO or cued:
                        scored.append((score, _Span(first, first + size, term)))
        chosen: list[_Span] = []
        for _score, span in sorted(scored, key=lambda item: -item[0]):
            chosen = _merge(chosen, [span])
        return chosen

    def _slot_spans(self, tokens: Sequence[str]) -> list[_Span]:
        """Sound-alike words where the sentence asks for a name, after every spelling step."""
        return [_Span(slot.first, slot.first + 1, slot.name) for slot in self._slots(tokens)]

    def _exact_spans(self, tokens: Sequence[str]) -> list[_Span]:
        """Where a vocabulary name already stands (any case): the fuzzy step leaves those words alone."""
        spans: list[_Span] = []
        for term, words in self._term_words.items():
            for first in range(len(tokens) - len(words) + 1):
                if tuple(tokens[first : first + len(words)]) == words:
                    spans.append(_Span(first, first + len(words), term))
        return spans


def _word_lists(value: object) -> dict[str, list[str]]:
    """A catalog's term -> list of strings map; anything malformed is left out."""
    if not isinstance(value, dict):
        return {}
    return {
        key: [item for item in items if isinstance(item, str)]
        for key, items in value.items()
        if isinstance(key, str) and isinstance(items, list)
    }


def _replace(text: str, step: Callable[[Sequence[str]], list[_Span]]) -> str:
    matches = list(_WORD.finditer(text))
    spans = step([m.group(0).casefold() for m in matches])
    out, cursor = [], 0
    for span in sorted(spans, key=lambda s: s.first):
        start, end = matches[span.first].start(), matches[span.end - 1].end()
        out.append(text[cursor:start])
        out.append(span.text)
        cursor = end
    out.append(text[cursor:])
    return "".join(out)


def _joined(tokens: Sequence[str]) -> tuple[str, list[int]]:
    starts, position = [], 0
    for token in tokens:
        starts.append(position)
        position += len(token) + 1
    return " ".join(tokens), starts


def _token_range(starts: Sequence[int], joined: str, start: int, end: int) -> tuple[int, int]:
    """Token indexes covered by joined[start:end] (a pattern's optional leading space is not a token)."""
    while start < end and joined[start] == " ":
        start += 1
    first = sum(1 for s in starts if s <= start) - 1
    last = sum(1 for s in starts if s < end)
    return max(first, 0), last


def _merge(kept: Sequence[_Span], new: Iterable[_Span]) -> list[_Span]:
    """`kept` plus each new span that overlaps none of them (earlier steps win)."""
    out = list(kept)
    for span in new:
        if all(span.end <= other.first or span.first >= other.end for other in out):
            out.append(span)
    return out
