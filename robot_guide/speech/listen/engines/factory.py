"""Choose a speech recogniser by name: the node and the CLI build theirs the same way."""

from __future__ import annotations

from typing import Any

from robot_guide.speech.errors import SpeechEngineError
from robot_guide.speech.interfaces import Transcriber

BACKENDS = ("faster-whisper", "openai-whisper")


def make_transcriber(backend: str = "faster-whisper", **options: Any) -> Transcriber:
    """A Transcriber. An unknown backend or option, or a backend whose extra is not installed, raises
    SpeechEngineError with one line naming the fix."""
    name = backend.strip().lower().replace("_", "-")
    if name == "faster-whisper":
        from robot_guide.speech.listen.engines.faster_whisper import FasterWhisperTranscriber

        return _build(FasterWhisperTranscriber, name, options)
    if name == "openai-whisper":
        from robot_guide.speech.listen.engines.openai_whisper import OpenAIWhisperTranscriber

        options = dict(options)
        if "model" in options:  # one option name for both engines
            options["model_name_or_path"] = options.pop("model") or "tiny.en"
        options.pop("compute_type", None)  # CTranslate2's setting: PyTorch on the CPU always runs float32
        return _build(OpenAIWhisperTranscriber, name, options)
    raise SpeechEngineError(
        f"unknown speech recognition backend '{backend}' (allowed: {', '.join(BACKENDS)})"
    )


def _build(engine: Any, name: str, options: dict[str, Any]) -> Transcriber:
    try:
        transcriber: Transcriber = engine(**options)
    except TypeError as exc:
        raise SpeechEngineError(f"bad option for the {name} backend: {exc}") from None
    return transcriber
