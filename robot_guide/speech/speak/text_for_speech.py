"""Make reply text safe and pleasant to speak: no markup, emoji or control chars; symbols read as words."""

from __future__ import annotations

import re
import unicodedata

DEFAULT_MAX_CHARS = 600  # about 40 s of speech; a guest will not listen to more in one turn

# Symbols a guest should hear as words. Spaces around them so "R&D" becomes "R and D", not "Rand D".
_SYMBOL_WORDS = {
    "&": " and ",
    "%": " percent ",
    "@": " at ",
    "+": " plus ",
    "=": " equals ",
    "°": " degrees ",
    "№": " number ",
}
# Characters that synthesizers read aloud as names ("asterisk", "hash") or stumble on: dropped.
_DROP_CHARS = set('*#_~|\\^<>`"{}[]$')
_DASHES = {"\u2013", "\u2014", "\u2015"}  # en dash, em dash, horizontal bar: a pause, not "minus"

_HTML_TAG = re.compile(r"<[^<>]{0,200}>")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_REPEATED_PUNCT = re.compile(r"([!?.,;:。！？，；：])\1+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([!?.,;:。！？，；：])")
_PAUSE_RUNS = re.compile(r"([,;:])(?:\s*[,;:])+")  # ", ;" left by dropped symbols: one pause
_WHITESPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?。！？]")


def _is_speakable(char: str) -> bool:
    """Letters, digits, punctuation and spaces stay; emoji, pictographs, private-use and format chars go."""
    category = unicodedata.category(char)
    if category in ("So", "Sk", "Cs", "Co", "Cn", "Cf", "Me"):
        return False
    # Variation selectors (emoji presentation) are combining marks; they only follow emoji we dropped.
    return not ("\ufe00" <= char <= "\ufe0f")


def clean_for_speech(text: str, max_chars: int = DEFAULT_MAX_CHARS) -> str:
    """Return `text` as plain speakable words; empty if nothing speakable is left. Idempotent."""
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, got {max_chars}; pass a positive character limit")
    text = unicodedata.normalize("NFKC", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _HTML_TAG.sub(" ", text)
    text = _URL.sub(" ", text)
    pieces: list[str] = []
    for char in text:
        if char in _SYMBOL_WORDS:
            pieces.append(_SYMBOL_WORDS[char])
        elif char in _DASHES:
            pieces.append(", ")
        elif char in _DROP_CHARS or unicodedata.category(char) == "Cc":
            pieces.append(" ")  # control chars (newlines, tabs, escapes) become plain spaces
        elif char in "()":
            pieces.append(", ")  # a parenthesis is heard as a short pause
        elif _is_speakable(char):
            pieces.append(char)
    text = "".join(pieces)
    text = _WHITESPACE.sub(" ", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    text = _PAUSE_RUNS.sub(r"\1", text)
    text = _REPEATED_PUNCT.sub(r"\1", text)
    text = re.sub(r",([.!?;:。！？])", r"\1", text)
    text = text.strip(" ,;:")
    return _cap_length(text, max_chars)


def _cap_length(text: str, max_chars: int) -> str:
    """Cut an over-long text at the last sentence end (else the last word) that fits."""
    if len(text) <= max_chars:
        return text
    head = text[:max_chars]
    ends = [match.end() for match in _SENTENCE_END.finditer(head)]
    if ends and ends[-1] >= max_chars // 3:
        return head[: ends[-1]].strip()
    space = head.rfind(" ")
    cut = head[:space] if space > 0 else head[: max_chars - 1]  # leave room for the full stop
    cut = cut.rstrip(" ,;:")
    return cut if _SENTENCE_END.search(cut[-1:]) else cut + "."
