"""Domain-term accuracy: how many of the knowledge base's names in a question the transcript reproduces."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

MAX_ACRONYM_LETTERS = 5  # "CSH", "KOC", "ESG": a recogniser may also write them spelled out, "K O C"


def normalise(text: str) -> str:
    """Case-folded, punctuation and hyphens as spaces, single spaces, padded for whole-word search."""
    return " " + " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split()) + " "


def term_variants(term: str) -> tuple[str, ...]:
    """Spellings that count as the term: as written, and with short acronyms split ("K O C", "C-SH")."""
    options: list[tuple[str, ...]] = []
    for word in re.sub(r"[^\w]+", " ", term).split():
        plain = word.casefold()
        spelled = word.isupper() and word.isalpha() and len(word) <= MAX_ACRONYM_LETTERS
        options.append(_letter_groupings(plain) if spelled and len(plain) > 1 else (plain,))
    return tuple(dict.fromkeys(" ".join(choice) for choice in itertools.product(*options)))


def _letter_groupings(acronym: str) -> tuple[str, ...]:
    """Every way to write an acronym with spaces between letter groups: "csh", "c sh", "cs h", "c s h"."""
    out = []
    for cuts in itertools.product(("", " "), repeat=len(acronym) - 1):
        out.append(
            "".join(letter + cut for letter, cut in zip(acronym[:-1], cuts, strict=True)) + acronym[-1]
        )
    return tuple(out)


def scoring_terms(terms: Iterable[str]) -> list[str]:
    """Latin-script terms, longest first, so "Chery Super Hybrid" is counted before "Chery" inside it."""
    latin = [t for t in terms if t.strip() and all(ord(c) < 0x250 for c in t)]
    return sorted(dict.fromkeys(latin), key=lambda t: len(normalise(t)), reverse=True)


def count_terms(text: str, ordered_terms: Sequence[str]) -> Counter[str]:
    """Occurrences of each term in `text`; longer terms first consume their words (no recounting)."""
    remaining = normalise(text)
    found: Counter[str] = Counter()
    for term in ordered_terms:
        for variant in term_variants(term):
            # Lookarounds, not padded needles, so adjacent repeats ("koc koc") both count.
            pattern = re.compile(rf"(?<= ){re.escape(variant)}(?= )")
            remaining, hits = pattern.subn("|", remaining)
            if hits:
                found[term] += hits
    return found


def term_hits(reference: str, hypothesis: str, ordered_terms: Sequence[str]) -> tuple[int, int]:
    """(domain-term occurrences the hypothesis reproduces, occurrences in the reference)."""
    wanted = count_terms(reference, ordered_terms)
    heard = count_terms(hypothesis, ordered_terms)
    return sum(min(count, heard[term]) for term, count in wanted.items()), sum(wanted.values())
