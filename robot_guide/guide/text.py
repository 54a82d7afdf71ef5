"""Light cleaning of guest text: control characters out, length bounded, contractions expanded."""

from __future__ import annotations

import re
import unicodedata

from robot_guide.contracts.messages import MAX_TEXT_CHARS

_SPACES = re.compile(r"\s+")
_PUNCTUATION = re.compile(r"[^\w\s']")
_CONTRACTIONS = (
    (re.compile(r"\b(where|what|when|how|who|that|it|there)'s\b"), r"\1 is"),
    (re.compile(r"\bi'm\b"), "i am"),
    (re.compile(r"\byou're\b"), "you are"),
    (re.compile(r"\bwhat're\b"), "what are"),
)


def clean_utterance(text: str) -> str:
    """What the guest said, safe to log and match: no control characters, bounded length, single spaces."""
    text = text[: MAX_TEXT_CHARS * 2]
    # Control and format characters (NUL, escape sequences, zero-width) become spaces: they are never words.
    text = "".join(" " if unicodedata.category(ch) in ("Cc", "Cf", "Cs") else ch for ch in text)
    return _SPACES.sub(" ", text).strip()[:MAX_TEXT_CHARS]


def simplify(text: str) -> str:
    """Lower case, straight quotes, contractions expanded, punctuation dropped: for intent patterns."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = _PUNCTUATION.sub(" ", text)
    return _SPACES.sub(" ", text).strip()
