"""Entries that share no content word with a question: matched by its sentence frame alone."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from robot_guide.matching.coverage import FUNCTION_WORDS
from robot_guide.matching.lexical import light_stem


def content_stems(tokens: Iterable[str]) -> set[str]:
    """Stems of the words that name a topic (not function words, not numbers)."""
    return {light_stem(token) for token in tokens if token not in FUNCTION_WORDS and not token.isdigit()}


class TopicOverlap:
    """Which entries share a content word with a question. "Where is the summit being held" matches "where is
    the koc forum being held" on every word but the topic; an entry that shares none of the question's
    content words cannot be what the guest asks about."""

    def __init__(self, entry_tokens: Sequence[Iterable[str]]) -> None:
        entries_of: dict[str, list[int]] = defaultdict(list)
        for number, tokens in enumerate(entry_tokens):
            for stem in content_stems(tokens):
                entries_of[stem].append(number)
        self.entry_count = len(entry_tokens)
        self._entries_of = {stem: np.asarray(numbers, dtype=np.int32) for stem, numbers in entries_of.items()}

    def unshared(self, question_tokens: Sequence[str]) -> np.ndarray | None:
        """Per entry, True when it shares no content word the KB knows with the question; None when the
        question has no such word (greetings, "what can you do", or only unknown words: coverage's job)."""
        stems = [stem for stem in content_stems(question_tokens) if stem in self._entries_of]
        if not stems:
            return None
        unshared = np.ones(self.entry_count, dtype=bool)
        for stem in stems:
            unshared[self._entries_of[stem]] = False
        return unshared
