"""Word stems for languages the light English folding cannot handle: Snowball's stemmers, by language code."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache
from typing import Any

# Languages whose paraphrases and questions are compared by Snowball stem ("baños" = "baño", "уборную" =
# "уборная", "بالإنترنت" = "الإنترنت"). English keeps the matcher's own light folding, which its
# thresholds were calibrated with; zh is compared by characters.
SNOWBALL_NAMES = {
    "es": "spanish",
    "pt": "portuguese",
    "ru": "russian",
    "ar": "arabic",
    "fr": "french",
    "de": "german",
    "it": "italian",
}


@cache
def _stemmer(language: str) -> tuple[Any, threading.Lock] | None:
    """The Snowball stemmer for `language` and a lock (a stemmer object keeps state between words)."""
    name = SNOWBALL_NAMES.get(language)
    if name is None:
        return None
    import snowballstemmer

    return snowballstemmer.stemmer(name), threading.Lock()


def stem_tokens(tokens: Sequence[str], language: str) -> list[str]:
    """`tokens` stemmed for `language`; unchanged for a language without a stemmer here (English too).
    Digits and Latin-script names in a Russian or Arabic question are left alone by those stemmers."""
    found = _stemmer(language)
    if found is None:
        return list(tokens)
    stemmer, lock = found
    with lock:
        stems: list[str] = stemmer.stemWords(list(tokens))
    return [stem or token for stem, token in zip(stems, tokens, strict=True)]
