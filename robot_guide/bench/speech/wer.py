"""Word error rate: the one text normalisation and word-level edit distance every speech measurement uses."""

from __future__ import annotations

import re
from dataclasses import dataclass


def words(text: str) -> list[str]:
    """Lower-case words; hyphens split words and other punctuation is dropped ("co-create" = "co create")."""
    return re.sub(r"[^\w' ]+", " ", text.lower().replace("-", " ")).split()


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edits, reference word count): word-level Levenshtein distance."""
    from rapidfuzz.distance import Levenshtein

    ref = words(reference)
    return Levenshtein.distance(ref, words(hypothesis)), len(ref)


@dataclass
class ErrorCount:
    """Edits and reference words summed over many utterances (WER is a ratio of sums, not a mean)."""

    edits: int = 0
    words: int = 0

    def add(self, reference: str, hypothesis: str) -> int:
        edits, count = word_errors(reference, hypothesis)
        self.add_counts(edits, count)
        return edits

    def add_counts(self, edits: int, count: int) -> None:
        self.edits += edits
        self.words += count

    @property
    def percent(self) -> float:
        return 100.0 * self.edits / self.words if self.words else 0.0
