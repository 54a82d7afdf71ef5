"""English on the fast model; other served languages on multilingual Whisper base, only when English fails."""

from __future__ import annotations

import dataclasses
import math
import threading
import time
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from robot_guide.speech.interfaces import AudioArray, Transcriber, Transcript
from robot_guide.speech.listen.engines.faster_whisper import (
    FAST_WINDOW_PAD_S,
    FRAMES_PER_SECOND,
    FULL_WINDOW_S,
    MAX_TOKENS_PER_SECOND,
    MIN_NEW_TOKENS,
    PROMPT_TOKEN_LIMIT,
    compression_ratio,
    generation_fields,
)
from robot_guide.speech.listen.engines.language_choice import (
    ENGLISH,
    LanguageRule,
    candidates,
    choose,
    english_looks_sure,
    english_stands,
    english_unsure,
    likeliest,
    look_window_s,
    required_share,
    shares,
)

__all__ = ["LanguageRule", "MultilingualTranscriber"]

# Whisper writes in the script of its prompt: without a Chinese cue base writes Chinese in Latin letters or
# traditional characters, which the knowledge (simplified) does not match. The cue goes last, right before
# the transcript, where it weighs most: after the knowledge's names it also stops base from repeating the
# prompt's last name (measured CER on espeak Chinese: 0.52 cue last, 0.87 cue first, 0.69 cue alone).
SCRIPT_CUES = {"zh": "以下是普通话的句子。"}
# Base on a synthetic voice loops on a word ("停车场, 停车场, ..."); forbidding a repeated 3-token run and
# taxing repeats ends the loop without touching a normal question (CER pt 0.79 -> 0.30, zh 1.32 -> 1.25).
NO_REPEAT_NGRAM_SIZE = 3
REPETITION_PENALTY = 1.1


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
        self._recent: tuple[str, float] | None = None  # the language heard last, and when (monotonic)
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
        if not self.languages or english_stands(english.avg_logprob, english.compression_ratio, self.rule):
            return self._heard(english)
        unsure = english_unsure(english.avg_logprob, english.compression_ratio, self.rule)
        started = time.perf_counter()
        samples = np.asarray(audio, dtype=np.float32).reshape(-1)
        served = (ENGLISH, *self.languages)
        with self._lock:
            look = shares(self._probabilities(self._encode(samples, self._look_s(english.seconds))), served)
            if english_looks_sure(look, self._recent_language(), self.rule) or (
                unsure and likeliest(look, served) == ENGLISH
            ):
                return self._heard(
                    dataclasses.replace(
                        english,
                        language_confidence=look.get(ENGLISH, 0.0),
                        decode_seconds=english.decode_seconds + time.perf_counter() - started,
                    )
                )
            encoded = self._encode(samples, FULL_WINDOW_S)
            ranked = shares(self._probabilities(encoded), self.languages)
            best = next(iter(ranked), ENGLISH)
            if not ranked or ranked[best] < required_share(best, self._recent_language(), self.rule):
                return dataclasses.replace(english, language_confidence=1.0 - ranked.get(best, 0.0))
            decoded = {
                code: self._decode(encoded, code, english.seconds) for code in candidates(ranked, self.rule)
            }
        language = choose(ranked, {code: fields[1] for code, fields in decoded.items()})
        text, avg_logprob, no_speech_prob = decoded[language]
        return self._heard(
            Transcript(
                text=text,
                language=language,
                language_confidence=ranked[language],
                confidence=float(math.exp(min(0.0, avg_logprob))) if text else 0.0,
                avg_logprob=avg_logprob,
                no_speech_prob=no_speech_prob,
                compression_ratio=compression_ratio(text),
                seconds=english.seconds,
                decode_seconds=english.decode_seconds + time.perf_counter() - started,
            )
        )

    def _heard(self, transcript: Transcript) -> Transcript:
        """Remember the language of a transcript with words, for the next utterance's identification."""
        if transcript.text.strip():
            self._recent = (transcript.language, time.monotonic())
        return transcript

    def forget_recent_language(self) -> None:
        """The next utterance is identified without the last one's language (a new guest, a test)."""
        self._recent = None

    def _recent_language(self) -> str | None:
        if self._recent is None or time.monotonic() - self._recent[1] > self.rule.language_memory_s:
            return None
        return self._recent[0]

    def identify(self, samples: AudioArray) -> tuple[str, float]:
        """The most likely served language other than English, and its share among them."""
        ranked = shares(self._probabilities(self._encode(samples, FULL_WINDOW_S)), self.languages)
        best = next(iter(ranked), ENGLISH)
        return best, ranked.get(best, 0.0)

    def _look_s(self, seconds: float) -> float:
        """The first look's window: about a tenth of the full window's encoder cost on a guest question."""
        return look_window_s(seconds, FAST_WINDOW_PAD_S, self.rule, FULL_WINDOW_S)

    def _encode(self, samples: AudioArray, window_s: float) -> Any:
        """The encoder output of a window of window_s seconds. Decoding uses Whisper's full 30 s window, the
        same output serving identification and decoding: base drops the end of a sentence on shorter
        windows (measured), while its language identification holds on a window of a few seconds."""
        import ctranslate2

        frames = round(window_s * FRAMES_PER_SECOND)
        frames += frames % 2  # the encoder's stride-2 convolution wants an even frame count
        features = self._model.feature_extractor(samples)[:, :frames]
        if features.shape[1] < frames:
            features = np.pad(features, ((0, 0), (0, frames - features.shape[1])))
        storage = ctranslate2.StorageView.from_array(
            np.ascontiguousarray(features[np.newaxis], dtype=np.float32)
        )
        return self._model.model.encode(storage, to_cpu=False)

    def _probabilities(self, encoded: Any) -> dict[str, float]:
        """Every language's probability from base's identification (the language token after <|sot|>)."""
        return {token[2:-2]: float(p) for token, p in self._model.model.detect_language(encoded)[0]}

    def _decode(self, encoded: Any, language: str, seconds: float) -> tuple[str, float, float]:
        from faster_whisper.tokenizer import Tokenizer

        tokenizer = Tokenizer(self._model.hf_tokenizer, True, task="transcribe", language=language)
        prompt = " ".join(part for part in (self._prompts.get(language), SCRIPT_CUES.get(language)) if part)
        tokens: list[int] = []
        if prompt:
            tokens = [tokenizer.sot_prev, *tokenizer.encode(" " + prompt)[-PROMPT_TOKEN_LIMIT:]]
        tokens += [*tokenizer.sot_sequence, tokenizer.no_timestamps]
        # Bounded by the audio: a runaway repetition stops early instead of filling the window.
        new_tokens = max(MIN_NEW_TOKENS, int(seconds * MAX_TOKENS_PER_SECOND))
        max_length = min(max(len(tokens) + new_tokens + 1, 2 * new_tokens), self._model.max_length)
        result = self._model.model.generate(
            encoded,
            [tokens],
            beam_size=1,
            max_length=max_length,
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=_suppressed(tokenizer),
            no_repeat_ngram_size=NO_REPEAT_NGRAM_SIZE,
            repetition_penalty=REPETITION_PENALTY,
        )[0]
        text, avg_logprob, no_speech_prob = generation_fields(result, tokenizer, missing_score=-10.0)
        return without_recited_cue(text, SCRIPT_CUES.get(language, "")), avg_logprob, no_speech_prob


def without_recited_cue(text: str, cue: str) -> str:
    """Nothing, when the decode recites the script cue of its own prompt ("来吧, 以下是普通话的句子。" was
    heard once from the node set): the guest did not say it, and an empty transcript is dropped as no words.
    The listener's prompt-echo guard compares words split at spaces, which Chinese has none of."""
    core = cue.rstrip("。.!！?？ ")
    return "" if core and core in text else text


def _suppressed(tokenizer: Any) -> list[int]:
    """faster-whisper's suppress_tokens=[-1] set: symbols never spoken, plus the special tokens."""
    special = (tokenizer.transcribe, tokenizer.translate, tokenizer.sot, tokenizer.sot_prev, tokenizer.sot_lm)
    return sorted({*tokenizer.non_speech_tokens, *special, tokenizer.no_speech})
