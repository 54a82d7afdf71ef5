"""A name heard as a sound-alike word is put back only where the sentence asks for that name.

Whisper tiny.en writes espeak's "Chery" as "carry", "Kari" or "Kerry": real words, so no spelling rule may
rewrite them everywhere ("Can you carry my bag?"). A word is read as a name here only when all hold:
1. it sounds like the name (same `sound_key`: "carry", "Kari", "Kerry" and "Chery" all read "kara");
2. it stands where guests say the name: right after a word that comes before it in the KB's questions
   ("did ___", "is ___", "about ___");
3. it is not followed by its own object ("did you carry the bag": "the", "my"... after it mean a verb);
4. the sentence holds a cue of the name: a word that, in the KB's questions and answers, comes mostly
   with it ("export", "records", "Forbes" for Chery).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from robot_guide.knowledge.name_context import cue_stem

SENTENCE_START = "^"
_VOWELS = re.compile(r"[aeiouy]+")
_HARD_ONSET = re.compile(r"^(?:ch|sh|ck|k|q|c(?![eiy]))")
_DOUBLE = re.compile(r"(.)\1+")
# After a verb, these start its object: "carry the bag", "carry my coat", "carry it".
_OBJECT_TEXT = "the a an my your his her their our its this that these those it them me him us you some"
_OBJECT_STARTS = frozenset(_OBJECT_TEXT.split())


def sound_key(word: str) -> str:
    """A rough key of how a word sounds to Whisper: a hard first consonant (ch, sh, k, c, q) as "k",
    doubled letters single, a silent final "e" dropped, every vowel run as "a"."""
    text = "".join(char for char in word.casefold() if char.isalpha())
    if len(text) > 3 and text.endswith("e") and text[-2] not in "aeiouy":
        text = text[:-1]
    text = _DOUBLE.sub(r"\1", _HARD_ONSET.sub("k", text))
    return _VOWELS.sub("a", text)


@dataclass(frozen=True)
class Slot:
    first: int  # token index of the sound-alike word
    name: str  # the KB spelling that replaces it


class NameSlots:
    """Finds sound-alike words standing where the sentence asks for one of the KB's names."""

    def __init__(
        self,
        before: Mapping[str, Collection[str]],
        cues: Mapping[str, Collection[str]],
        known: Collection[str] = (),
    ) -> None:
        # One-word names: a longer one misheard is a run of words, which the fuzzy step looks at.
        names = [name for name in before if name.isalpha() and before[name] and cues.get(name)]
        self._by_key = {sound_key(name): name for name in names if len(sound_key(name)) >= 3}
        self._before = {name: frozenset(w.casefold() for w in before[name]) for name in names}
        self._cues = {name: frozenset(cue_stem(w.casefold()) for w in words) for name, words in cues.items()}
        self._known = frozenset(known)  # the KB's own words and names are never rewritten

    def cued(self, name: str, tokens: Collection[str]) -> bool:
        """Whether the sentence holds a word that, in the KB's questions, comes mostly with `name`."""
        return not self._cues.get(name, frozenset()).isdisjoint(cue_stem(token) for token in tokens)

    def __call__(self, tokens: Sequence[str]) -> list[Slot]:
        """`tokens`: the transcript's lowercase words, in order."""
        slots = []
        for index, token in enumerate(tokens):
            name = self._by_key.get(sound_key(token))
            if name is None or token == name.casefold() or token in self._known:
                continue
            previous = tokens[index - 1] if index else SENTENCE_START
            following = tokens[index + 1] if index + 1 < len(tokens) else ""
            others = [*tokens[:index], *tokens[index + 1 :]]
            if previous in self._before[name] and following not in _OBJECT_STARTS and self.cued(name, others):
                slots.append(Slot(index, name))
        return slots
