"""Turns typed or recognised speech into one canonical lowercase form, so paraphrases compare fairly."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import lru_cache

MAX_INPUT_CHARS = 500  # a guest question is short; capping first bounds the work for any input

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'"})
_CONTRACTIONS = (
    (re.compile(r"\b(can)'t\b"), r"\1 not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\bshan't\b"), "shall not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"\blet's\b"), "let us"),
    (re.compile(r"\b(where|what|who|how|when|why|it|that|there|here|he|she|which)'s\b"), r"\1 is"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"\bi'm\b"), "i am"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'s\b"), ""),  # remaining 's is possessive: "chery's booth" -> "chery booth"
    # Typed and transcribed without the apostrophe ("whats new"): the same words as with it.
    (re.compile(r"\b(where|what|who|how|when|that|there)s\b"), r"\1 is"),
    (re.compile(r"\b(do|does|did|is|are|was|were|could|would|should|have|has)nt\b"), r"\1 not"),
    (re.compile(r"\b(can)t\b"), r"\1 not"),
    (re.compile(r"\bim\b"), "i am"),
)
# Anything that is not a letter or digit of any script separates words ("wi-fi", "c.s.h", "7-seater").
_NON_WORD = re.compile(r"[^\w]+|_+")

# Whisper and typists mishear our domain words; each pattern runs on the space-joined lowercase tokens.
ASR_CONFUSIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        # "AiMOGA" heard as "a mogga", "ai moga", "a i mogul", "AI Mo-Goro Bot", "amoga", "eye moga"...
        (r"\b(?:a i|ai|a|eye|i)? ?mo ?(?:g+a+h?|gul|goro|gar|ger)\b", "aimoga"),
        (r"\b(?:cherry|cherie|cheri|sherry|cheery|chary)\b", "chery"),
        (r"\bc s h\b", "csh"),
        (r"\bk o c\b", "koc"),
        (r"\b(?:wi ?fi|why ?fi|wai ?fai|wy ?fy)\b", "wifi"),
        (r"\b(?:tigo|tigger|tiguo|tico)\b", "tiggo"),
        (r"\bo ?moda\b", "omoda"),
        (r"\b(?:jay ?coo|jae ?coo|jaeco)\b", "jaecoo"),
        (r"\bex ?eed\b", "exeed"),
        (r"\bbot\b", "robot"),
    )
)

_UNITS = {
    "zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
_SCALES = {"hundred": 100, "thousand": 1000}
# "second" and "oh" are numbers only inside a run ("twenty second", "two oh five"), never on their own.
_ONLY_INSIDE_RUN = {"second", "oh"}
_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$")

# Said around a question but carrying no meaning; multi-word phrases first. Never content words.
_FILLER_PHRASES = (
    "can you please tell me", "could you please tell me", "can you tell me", "could you tell me",
    "would you tell me", "do you know", "i want to know", "i would like to know", "i wanted to know",
    "i was wondering", "excuse me", "you know", "i mean", "sort of", "kind of",
)  # fmt: skip
_FILLER_WORDS = {"um", "umm", "uh", "uhh", "er", "erm", "ah", "hmm", "mm", "please", "pls", "plz"}
# Spoken emphasis that adds nothing to what is asked ("so who are chery exactly", "what actually happens").
_FILLER_WORDS |= {"exactly", "actually", "basically", "really"}
_LEADING_FILLERS = {"so", "well", "okay", "ok", "hey", "hi", "hello", "right", "and", "oh"}
# "like" is a filler after these words ("where is like the toilet"), content elsewhere ("what is it like").
_LIKE_FILLER_AFTER = {"is", "are", "was", "um", "uh", "so", "and", "just"}
_FILLER_PHRASE_RE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in _FILLER_PHRASES) + r")\b")


def clean_text(text: object) -> str:
    """Capped, NFKC-normalised, lowercase text with control characters removed (no other changes)."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text[: MAX_INPUT_CHARS * 2])[:MAX_INPUT_CHARS]
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return text.lower().translate(_APOSTROPHES)


def _tokens(text: str) -> list[str]:
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = text.replace("'", " ")
    return [token for token in _NON_WORD.split(text) if token]


def _number_value(run: list[str]) -> str:
    """Digits for a run of number words: "seven" -> 7, "twenty twenty five" -> 2025, "two hundred" -> 200."""
    groups: list[int] = []  # values below 100, spoken one after another ("nineteen ninety" = 19|90)
    total = 0
    current: int | None = None
    for word in run:
        if word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = None
            continue
        value = _TENS.get(word, _UNITS.get(word, 0))
        if current is None:
            current = value
        elif current >= 20 and current % 10 == 0 and value < 10 and word in _UNITS:
            current += value  # "twenty five"
        else:
            groups.append(current)
            current = value
    if total and not groups:
        return str(total + (current or 0))
    if current is not None:
        groups.append(current)
    if total:
        groups[0] += total
    if len(groups) == 1:
        return str(groups[0])
    # Year and code style: "twenty twenty five" -> "20" "25"; "two oh five" -> "2" "0" "5".
    return "".join(
        f"{g:02d}" if i and g < 10 and groups[i - 1] >= 10 else str(g) for i, g in enumerate(groups)
    )


def _numbers_to_digits(tokens: list[str]) -> list[str]:
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            if len(run) == 1 and run[0] in _ONLY_INSIDE_RUN:
                out.append(run[0])
            else:
                out.append(_number_value(run))
            run.clear()

    for token in tokens:
        if token in _UNITS or token in _TENS or (token in _SCALES and run):
            run.append(token)
            continue
        if token == "and" and run and any(word in _SCALES for word in run):
            continue  # "two hundred and five"
        flush()
        ordinal = _ORDINAL_DIGITS.match(token)
        out.append(ordinal.group(1) if ordinal else token)
    flush()
    return out


def _strip_fillers(tokens: list[str]) -> list[str]:
    joined = _FILLER_PHRASE_RE.sub(" ", " ".join(tokens))
    words = joined.split()
    kept: list[str] = []
    for word in words:
        if word in _FILLER_WORDS:
            continue
        if not kept and word in _LEADING_FILLERS:
            continue
        if word == "like" and (not kept or kept[-1] in _LIKE_FILLER_AFTER):
            continue
        kept.append(word)
    return kept or tokens  # a question made only of "fillers" keeps its words rather than vanishing


class Normalizer:
    """Canonical form of a question; built once per knowledge base (its synonyms become replacements)."""

    def __init__(self, synonyms: Mapping[str, Iterable[str]] | None = None) -> None:
        self._synonyms: dict[str, str] = {}
        for canonical, variants in (synonyms or {}).items():
            target = " ".join(self._base(canonical))
            for variant in variants:
                source = " ".join(self._base(variant))
                if source and target and source != target:
                    self._synonyms[source] = target
        ordered = sorted(self._synonyms, key=len, reverse=True)  # longest first: "wash room" before "room"
        self._synonym_re = (
            re.compile(r"\b(?:" + "|".join(re.escape(s) for s in ordered) + r")\b") if ordered else None
        )

    @staticmethod
    def _base(text: str) -> list[str]:
        tokens = _tokens(clean_text(text))
        joined = " ".join(tokens)
        for pattern, replacement in ASR_CONFUSIONS:
            joined = pattern.sub(replacement, joined)
        return _numbers_to_digits(joined.split())

    def tokens(self, text: object) -> list[str]:
        tokens = _strip_fillers(self._base(text if isinstance(text, str) else ""))
        if self._synonym_re is None:
            return tokens
        return self._synonym_re.sub(lambda m: self._synonyms[m.group(0)], " ".join(tokens)).split()

    def __call__(self, text: object) -> str:
        return " ".join(self.tokens(text))


@lru_cache(maxsize=1)
def _plain() -> Normalizer:
    return Normalizer()


def normalize(text: object, synonyms: Mapping[str, Iterable[str]] | None = None) -> str:
    """Canonical form of `text` (for one-off calls; build a Normalizer to reuse synonyms)."""
    return (Normalizer(synonyms) if synonyms else _plain())(text)
