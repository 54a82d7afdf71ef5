"""Real speech clips with reference transcripts, the domain prompt, and word error rate (test helpers)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

SPEECH_DIR = Path("/work/shared/data/speech")
DOMAIN_PROMPT = "AiMOGA robot, Chery, Tiggo 9, Chery Super Hybrid (CSH), KOC forum."


@dataclass(frozen=True)
class Clip:
    path: Path
    transcript: str


def load_clips() -> list[Clip]:
    table = SPEECH_DIR / "transcripts.tsv"
    if not table.exists():
        return []
    with table.open(newline="", encoding="utf-8") as handle:
        return [
            Clip(SPEECH_DIR / row["file"], row["transcript"])
            for row in csv.DictReader(handle, delimiter="\t")
        ]


def words(text: str) -> list[str]:
    return re.sub(r"[^\w' ]+", " ", text.lower().replace("-", " ")).split()


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edits, reference word count): word-level Levenshtein distance."""
    from rapidfuzz.distance import Levenshtein

    ref = words(reference)
    return Levenshtein.distance(ref, words(hypothesis)), len(ref)
