"""English on the fast model; other served languages on multilingual Whisper base, only when English fails."""

from __future__ import annotations

import dataclasses
import math
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from robot_guide.speech.interfaces import AudioArray, Transcriber, Transcript
from robot_guide.speech.listen.engines.faster_whisper import compression_ratio

ENGLISH = "en"
# Whisper writes in the script of its prompt: without a Chinese cue base writes Chinese in Latin letters or
# traditional characters, which the knowledge (simplified) does not match.
SCRIPT_CUES = {"zh": "以下是普通话的句子。"}


@dataclass(frozen=True)
class LanguageRule:
    """When the English pass is trusted, and how sure the language identification must be to switch."""

    # Measured on real English clips (-0.07 to -0.37) and espeak English (-0.14 to -0.73) against espeak
    # es/pt/ru/ar/zh questions (-0.66 to -1.88): above this, the English pass stands and base never runs.
    english_min_logprob: float = -0.6
    # Below the English threshold the identification chooses among the other served languages; its top
    # share under this keeps the English transcript (espeak English tops out at 0.42, see the bench).
    min_language_confidence: float = 0.5


class MultilingualTranscriber(Transcriber):
    """tiny.en first (the fast path, unchanged for English); base identifies and decodes the rest."""

    def __init__(
        self,
        english: Transcriber,
        languages: Iterable[str],
        model_path: str = "",
        compute_type: str = "int8",
        cpu_threads: int = 2,
        rule: LanguageRule | None = None,
    ) -> None:
        from faster_whisper import WhisperModel

        from robot_guide.speech.listen.engines.whisper_base_model import multilingual_base_path

        self.english = english
        self.rule = rule or LanguageRule()
        self._model = WhisperModel(
            model_path or multilingual_base_path(),
            device="cpu",
            compute_type=compute_type,
            cpu_threads=int(cpu_threads),
        )
        self._lock = threading.Lock()
        self._prompts: dict[str, str] = {}
        self.set_languages(languages)

    def set_languages(self, languages: Iterable[str]) -> None:
        """The served languages (the knowledge's list); the identification chooses only among these."""
        known = set(self._model.supported_languages)
        self.languages = tuple(code for code in dict.fromkeys(languages) if code in known and code != ENGLISH)

    def set_prompts(self, prompts: Mapping[str, str]) -> None:
        """Per-language prompts (the knowledge's names as written in that language)."""
        self._prompts = {code: text for code, text in prompts.items() if text.strip()}

    def transcribe(self, audio: AudioArray, prompt: str | None = None) -> Transcript:
        english = self.english.transcribe(audio, prompt)
        if not self.languages or english.avg_logprob >= self.rule.english_min_logprob:
            return english
        started = time.perf_counter()
        samples = np.asarray(audio, dtype=np.float32).reshape(-1)
        with self._lock:
            language, share = self.identify(samples)
            if share < self.rule.min_language_confidence:
                return dataclasses.replace(english, language_confidence=1.0 - share)
            text, avg_logprob, no_speech_prob = self._decode(samples, language)
        return Transcript(
            text=text,
            language=language,
            language_confidence=share,
            confidence=float(math.exp(min(0.0, avg_logprob))) if text else 0.0,
            avg_logprob=avg_logprob,
            no_speech_prob=no_speech_prob,
            compression_ratio=compression_ratio(text),
            seconds=english.seconds,
            decode_seconds=english.decode_seconds + time.perf_counter() - started,
        )

    def identify(self, samples: AudioArray) -> tuple[str, float]:
        """The most likely served language other than English, and its share among them."""
        _top, _probability, ranked = self._model.detect_language(samples)
        scores = {code: p for code, p in ranked if code in self.languages}
        total = sum(scores.values())
        if not scores or total <= 0.0:
            return ENGLISH, 0.0
        best = max(scores, key=lambda code: scores[code])
        return best, scores[best] / total

    def _decode(self, samples: AudioArray, language: str) -> tuple[str, float, float]:
        # faster-whisper's own 30 s window: base drops the end of a sentence on short windows (measured).
        segments, _info = self._model.transcribe(
            samples,
            language=language,
            beam_size=1,
            initial_prompt=" ".join(
                part for part in (SCRIPT_CUES.get(language), self._prompts.get(language)) if part
            )
            or None,
            condition_on_previous_text=False,
            without_timestamps=True,
            vad_filter=False,
        )
        kept = list(segments)
        if not kept:
            return "", 0.0, 1.0
        text = (
            "".join(s.text for s in kept).strip()
            if language == "zh"
            else " ".join(s.text.strip() for s in kept)
        )
        avg_logprob = float(np.mean([s.avg_logprob for s in kept]))
        return text.strip(), avg_logprob, float(min(s.no_speech_prob for s in kept))
