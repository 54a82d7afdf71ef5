"""Respellings for names espeak-ng says wrongly, per language; Chinese as the pinyin its Mandarin voice reads.

The guest hears "Cherry"; the text, transcripts, the echo check and the turn log keep "Chery".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

# How each language's espeak-ng voice should be fed the summit's names. English reads "Chery" as "churry"
# and "AiMOGA" as "A-I moga"; Portuguese reads "ch" as "sh"; Russian and Arabic spell Latin letters out.
RESPELLINGS: Mapping[str, Mapping[str, str]] = {
    "en": {"Chery": "Cherry", "AiMOGA": "Eye Moga"},
    "es": {"Chery": "Cheri", "AiMOGA": "Aimoga"},
    "pt": {"Chery": "Tchéri", "AiMOGA": "Aimoga"},
    "ru": {"Chery": "Чери", "AiMOGA": "Аймога"},
    "ar": {"Chery": "شيري", "AiMOGA": "آيموغا"},
    "zh": {"Chery": "奇瑞", "AiMOGA": "ai4 mo2 ga1"},
}
ESPEAK_RESPELLINGS = RESPELLINGS["en"]
# Chinese punctuation the pinyin voice would read as a name: the ASCII pause it stands for.
_CJK_PUNCTUATION = str.maketrans(
    {"，": ",", "。": ".", "！": "!", "？": "?", "；": ";", "：": ":", "、": ","}
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@cache
def _pattern(language: str) -> tuple[re.Pattern[str], Mapping[str, str]]:
    words = RESPELLINGS.get(language, ESPEAK_RESPELLINGS)
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    lower = {word.lower(): spoken for word, spoken in words.items()}
    return re.compile(rf"\b({alternatives})\b", re.IGNORECASE), lower


def respell(text: str, language: str = "en") -> str:
    """`text` with the names `language`'s voice mispronounces respelled as they should sound."""
    pattern, spoken = _pattern(language)
    return pattern.sub(lambda match: spoken[match.group(0).lower()], text)


def respell_for_espeak(text: str) -> str:
    """English respellings (the default voice)."""
    return respell(text, "en")


def pinyin(text: str) -> str:
    """Chinese characters as tone-numbered pinyin ("您好" -> "nin2 hao3"); other text is kept."""
    from pypinyin import Style, lazy_pinyin

    if not _HAN.search(text):
        return text.translate(_CJK_PUNCTUATION)
    syllables = lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True)
    spoken = " ".join(syllables).translate(_CJK_PUNCTUATION)
    return re.sub(r"\s+", " ", re.sub(r"\s+([,.!?;:])", r"\1", spoken)).strip()


def for_espeak(text: str, language: str = "en") -> str:
    """What espeak-ng's voice for `language` is given: names respelled, Chinese as pinyin."""
    respelled = respell(text, language)
    return pinyin(respelled) if language == "zh" else respelled
