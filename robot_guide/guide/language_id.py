"""Which served language a typed line is in: its script first, then py3langid's bundled profiles."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

# A script that only one served language writes settles the question without a model.
_SCRIPTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("zh", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")),
)
# Letters and marks only one Latin-script language of the summit uses: short questions carry little else.
_LETTER_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("es", re.compile(r"[¿¡ñ]")),
    ("pt", re.compile(r"[ãõç]")),
)
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
# Below this the profiles guess ("hello robot" reads as Spanish at 0.71); measured on the kb questions.
MIN_CONFIDENCE = 0.6
MIN_LETTERS = 3  # "ok", "no": any language's; the guest's current language decides


@dataclass(frozen=True)
class LanguageGuess:
    language: str
    confidence: float  # 1.0 for a script only that language writes; 0.0 when the fallback was taken


class LanguageIdentifier:
    """Detects the language of short typed text among the languages the knowledge serves.

    Text that is too short or too ambiguous is taken to be in `fallback` (the guest's language so far,
    else the default), so "ok" or "Hotel?" never switches a conversation.
    """

    def __init__(self, languages: Iterable[str], default: str = "en") -> None:
        self.languages = tuple(dict.fromkeys(languages)) or (default,)
        self.default = default if default in self.languages else self.languages[0]
        self._latin = tuple(code for code in self.languages if code not in {c for c, _ in _SCRIPTS})

    def identify(self, text: str, fallback: str | None = None) -> LanguageGuess:
        fallback = fallback if fallback in self.languages else self.default
        for code, script in _SCRIPTS:
            if code in self.languages and script.search(text):
                return LanguageGuess(code, 1.0)
        if len(_LETTERS.findall(text)) < MIN_LETTERS or not self._latin:
            return LanguageGuess(fallback, 0.0)
        for code, cue in _LETTER_CUES:
            if code in self._latin and cue.search(text.lower()):
                return LanguageGuess(code, 1.0)
        if len(self._latin) == 1:
            return LanguageGuess(self._latin[0], 1.0)
        language, confidence = self._classify(text)
        if confidence < MIN_CONFIDENCE:
            return LanguageGuess(fallback, 0.0)
        return LanguageGuess(language, confidence)

    def warm(self) -> None:
        """Load the profiles now (about a second) rather than on the first typed question."""
        if len(self._latin) > 1:
            _profiles(self._latin)

    def _classify(self, text: str) -> tuple[str, float]:
        model = _profiles(self._latin)
        with _LOCK:
            language, confidence = model.classify(text)
        return str(language), float(confidence)


_LOCK = threading.Lock()


@cache
def _profiles(languages: tuple[str, ...]) -> Any:
    """py3langid's bundled model restricted to `languages`, loaded once per process per set."""
    from py3langid.langid import MODEL_FILE
    from py3langid.langid import LanguageIdentifier as Profiles

    with _LOCK:
        model = Profiles.from_model_file(MODEL_FILE, norm_probs=True)
        model.set_languages(list(languages))
    return model
