"""Respellings for names espeak-ng says wrongly; the guest hears "Cherry", the text still says "Chery"."""

from __future__ import annotations

import re
from collections.abc import Mapping

# espeak-ng reads "Chery" as "churry" and "AiMOGA" as "A-I moga". Applied only on the way into espeak, so
# transcripts, the echo check and the turn log keep the real spelling.
ESPEAK_RESPELLINGS: Mapping[str, str] = {
    "Chery": "Cherry",
    "AiMOGA": "Eye Moga",
}


def _pattern(words: Mapping[str, str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"\b({alternatives})\b", re.IGNORECASE)


_ESPEAK_PATTERN = _pattern(ESPEAK_RESPELLINGS)
_ESPEAK_LOWER = {word.lower(): spoken for word, spoken in ESPEAK_RESPELLINGS.items()}


def respell_for_espeak(text: str) -> str:
    """`text` with the names espeak-ng mispronounces respelled as they should sound."""
    return _ESPEAK_PATTERN.sub(lambda match: _ESPEAK_LOWER[match.group(0).lower()], text)
