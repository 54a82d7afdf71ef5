"""Choose a speech recogniser by name: the node and the CLI build theirs the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from robot_guide.speech.errors import SpeechEngineError
from robot_guide.speech.interfaces import Transcriber


def _faster_whisper(options: dict[str, Any]) -> Transcriber:
    from robot_guide.speech.listen.engines.faster_whisper import FasterWhisperTranscriber

    return _build(FasterWhisperTranscriber, "faster-whisper", options)


def _openai_whisper(options: dict[str, Any]) -> Transcriber:
    from robot_guide.speech.listen.engines.openai_whisper import OpenAIWhisperTranscriber

    if "model" in options:  # one option name for both engines
        options["model_name_or_path"] = options.pop("model") or "tiny.en"
    options.pop("compute_type", None)  # CTranslate2's setting: PyTorch on the CPU always runs float32
    return _build(OpenAIWhisperTranscriber, "openai-whisper", options)


# A new recogniser is one module in this package and one line here; each imports its engine only when chosen.
_MAKERS: dict[str, Callable[[dict[str, Any]], Transcriber]] = {
    "faster-whisper": _faster_whisper,
    "openai-whisper": _openai_whisper,
}
BACKENDS = tuple(_MAKERS)


def make_transcriber(backend: str = "faster-whisper", **options: Any) -> Transcriber:
    """A Transcriber. An unknown backend or option, or a backend whose extra is not installed, raises
    SpeechEngineError with one line naming the fix."""
    maker = _MAKERS.get(backend.strip().lower().replace("_", "-"))
    if maker is None:
        raise SpeechEngineError(
            f"unknown speech recognition backend '{backend}' (allowed: {', '.join(BACKENDS)})"
        )
    return maker(dict(options))


def _build(engine: Any, name: str, options: dict[str, Any]) -> Transcriber:
    try:
        transcriber: Transcriber = engine(**options)
    except TypeError as exc:
        raise SpeechEngineError(f"bad option for the {name} backend: {exc}") from None
    return transcriber
