"""Whisper through the reference openai-whisper package (PyTorch): an optional, slower second engine."""

from __future__ import annotations

import math
import threading
import time
from typing import Any

import numpy as np

from robot_guide.speech.errors import SpeechEngineError
from robot_guide.speech.interfaces import SAMPLE_RATE, AudioArray, Transcriber, Transcript

INSTALL_HINT = "pip install 'robot_guide[openai-whisper]'"


class OpenAIWhisperTranscriber(Transcriber):
    """`model_name_or_path`: a checkpoint file (.pt) or a name whisper already has in its cache."""

    def __init__(
        self,
        model_name_or_path: str = "tiny.en",
        language: str = "en",
        beam_size: int = 1,
        cpu_threads: int = 2,
        download_root: str | None = None,
    ) -> None:
        try:
            import torch
            import whisper
        except ImportError as exc:
            raise SpeechEngineError(
                f"the openai-whisper backend is not installed ({exc}); install it with {INSTALL_HINT}, "
                "or use the faster-whisper backend"
            ) from None
        torch.set_num_threads(max(1, int(cpu_threads)))
        self._whisper = whisper
        self.beam_size = max(1, int(beam_size))
        self._lock = threading.Lock()
        try:
            self._model = whisper.load_model(model_name_or_path, device="cpu", download_root=download_root)
        except Exception as exc:
            raise SpeechEngineError(
                f"cannot load openai-whisper model '{model_name_or_path}' ({type(exc).__name__}: {exc}); "
                "give a checkpoint path (.pt) that exists on this machine"
            ) from None
        self.language = language if self._model.is_multilingual else "en"

    def transcribe(self, audio: AudioArray, prompt: str | None = None) -> Transcript:
        samples = np.asarray(audio, dtype=np.float32).reshape(-1)
        seconds = samples.size / SAMPLE_RATE
        if samples.size == 0:
            return Transcript(text="", seconds=0.0, rejected="empty audio")
        options: dict[str, Any] = {
            "language": self.language,
            "task": "transcribe",
            "temperature": 0.0,  # greedy only: the guards judge the result, no slow fallback loop
            "initial_prompt": prompt or None,
            "condition_on_previous_text": False,
            "without_timestamps": True,
            "fp16": False,
            "verbose": None,
            # Bound the text by the audio length (as the faster-whisper path does): stops repetition loops.
            "sample_len": max(24, int(seconds * 6.0)),
        }
        if self.beam_size > 1:
            options["beam_size"] = self.beam_size
        started = time.perf_counter()
        with self._lock:
            result = self._whisper.transcribe(self._model, samples, **options)
        decode_seconds = time.perf_counter() - started
        segments = list(result.get("segments") or [])
        text = str(result.get("text") or "").strip()
        if not segments:
            return Transcript(
                text=text,
                language=self.language,
                seconds=seconds,
                decode_seconds=decode_seconds,
                no_speech_prob=1.0,
            )
        # A broken model can produce NaN scores: count them as the worst case so the guards reject the text.
        avg_logprob = _finite(float(np.mean([float(s["avg_logprob"]) for s in segments])), -10.0)
        return Transcript(
            text=text,
            language=str(result.get("language") or self.language),
            confidence=float(math.exp(min(0.0, avg_logprob))) if text else 0.0,
            avg_logprob=avg_logprob,
            no_speech_prob=_finite(min(float(s["no_speech_prob"]) for s in segments), 1.0),
            compression_ratio=_finite(max(float(s["compression_ratio"]) for s in segments), 10.0),
            seconds=seconds,
            decode_seconds=decode_seconds,
        )


def _finite(value: float, worst: float) -> float:
    return value if math.isfinite(value) else worst
