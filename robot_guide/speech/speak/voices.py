"""The voice for each reply language, and replies that mix scripts spoken run by run in their own voices."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace

import numpy as np

from robot_guide.speech.interfaces import SpeechAudio, Synthesizer, Voice

BASE_LANGUAGE = "en"  # the configured voice (`voice`, or the engine's default) speaks this language
LANGUAGE_KEY = "language"  # Voice.extra key: the language a voice speaks, for respellings and pinyin
# espeak-ng voices per reply language: no registry package ships neural voices for these with their weights.
# Mandarin is read from pinyin: the plain `cmn` voice reads characters as English-style letters.
ESPEAK_VOICES: Mapping[str, str] = {
    "zh": "cmn-latn-pinyin",
    "es": "es",
    "pt": "pt-br",
    "ru": "ru",
    "ar": "ar",
}
# Scripts that tell a run's language inside a reply in another one ("Hello! 您好！" greets in two).
_SCRIPT_RUNS: tuple[tuple[str, str], ...] = (
    ("zh", r"\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef"),
    ("ru", r"\u0400-\u04ff"),
    ("ar", r"\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"),
)
_RUN = re.compile(
    "|".join(f"(?P<{code}>[{chars}][{chars}\\s\\d,.!?;:'\"-]*)" for code, chars in _SCRIPT_RUNS)
)
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[A-Za-z]+")


def voice_for(language: str, base: Voice, voices: Mapping[str, str] = ESPEAK_VOICES) -> Voice:
    """The voice that speaks `language`: the configured one for English (and any language without its own
    voice), else that language's espeak-ng voice at the same rate."""
    if language == BASE_LANGUAGE or language not in voices:
        return base if not base.extra.get(LANGUAGE_KEY) else replace(base, extra={})
    return Voice(voice_id=voices[language], rate_wpm=base.rate_wpm, extra={LANGUAGE_KEY: language})


def language_runs(text: str, language: str) -> list[tuple[str, str]]:
    """`text` cut where its script changes language: [("Hello!", "en"), ("您好！", "zh")]. Latin text is in
    the reply's language, except a sentence's worth of it (3 words or more) inside a Chinese, Russian or
    Arabic reply, which is English; a name between words of another script ("我是 AiMOGA") goes with them
    (respelled for their voice)."""
    non_latin = {code for code, _ in _SCRIPT_RUNS}
    pieces: list[tuple[str, str | None]] = []  # None: a name-sized Latin piece, decided by its neighbour
    position = 0
    for found in _RUN.finditer(text):
        pieces.append((text[position : found.start()], None))
        pieces.append((found.group(0), found.lastgroup or language))
        position = found.end()
    pieces.append((text[position:], None))
    merged: list[tuple[str, str]] = []
    for chunk, found_code in pieces:
        if not _LETTER.search(chunk):
            if merged:  # punctuation and spaces belong to the run before
                merged[-1] = (merged[-1][0] + chunk, merged[-1][1])
            continue
        code = found_code
        if code is None:
            sentence = len(_WORD.findall(chunk)) >= 3
            if merged and merged[-1][1] in non_latin and not sentence:
                code = merged[-1][1]
            else:
                code = BASE_LANGUAGE if language in non_latin and sentence else language
        if merged and merged[-1][1] == code:
            merged[-1] = (merged[-1][0] + chunk, code)
        else:
            merged.append((chunk, code))
    return [(chunk.strip(), code) for chunk, code in merged if chunk.strip()] or [(text, language)]


def synthesize_in_language(
    synthesizer: Synthesizer,
    text: str,
    language: str,
    base: Voice,
    voices: Mapping[str, str] = ESPEAK_VOICES,
) -> SpeechAudio:
    """`text` spoken in `language`'s voice; a run in another script ("AiMOGA" in Chinese is not one, a
    Chinese greeting after an English one is) in the voice of its own language, joined into one clip."""
    runs = language_runs(text, language)
    clips = [synthesizer.synthesize(chunk, voice_for(code, base, voices)) for chunk, code in runs]
    if len(clips) == 1:
        return clips[0]
    rate = clips[0].sample_rate
    joined = [_resampled(clip, rate) for clip in clips]
    return SpeechAudio(np.concatenate(joined).astype(np.float32), rate)


def _resampled(clip: SpeechAudio, rate: int) -> np.ndarray:
    if clip.sample_rate == rate or clip.samples.size == 0:
        return np.asarray(clip.samples, dtype=np.float32)
    count = round(clip.samples.size * rate / clip.sample_rate)
    positions = np.linspace(0, clip.samples.size - 1, count)
    return np.interp(positions, np.arange(clip.samples.size), clip.samples).astype(np.float32)


class LanguageRouter(Synthesizer):
    """An engine with English voices only (piper here) for English, espeak-ng's voices for the other
    languages; the second engine starts when a reply first needs it."""

    def __init__(self, english: Synthesizer, others: Callable[[], Synthesizer]) -> None:
        self._english = english
        self._make_others = others
        self._others: Synthesizer | None = None
        self._lock = threading.Lock()

    def synthesize(self, text: str, voice: Voice) -> SpeechAudio:
        if not voice.extra.get(LANGUAGE_KEY):
            return self._english.synthesize(text, voice)
        with self._lock:
            if self._others is None:
                self._others = self._make_others()
            others = self._others
        return others.synthesize(text, voice)

    def close(self) -> None:
        self._english.close()
        with self._lock:
            if self._others is not None:
                self._others.close()
