"""Pick a speech synthesizer by name; engines are imported only when chosen."""

from __future__ import annotations

import inspect
from typing import Any

from robot_guide.speech.errors import SynthesisError
from robot_guide.speech.interfaces import Synthesizer

__all__ = ["ENGINES", "SynthesisError", "make_synthesizer"]

ENGINES = ("espeak", "piper")


def make_synthesizer(engine: str = "espeak", **options: Any) -> Synthesizer:
    """Build the named engine: "espeak" (EspeakSynthesizer options) or "piper" (PiperSynthesizer options)."""
    name = engine.strip().lower()
    engine_class: type[Synthesizer]
    if name == "espeak":
        from robot_guide.speech.speak.engines.espeak import EspeakSynthesizer

        engine_class = EspeakSynthesizer
    elif name == "piper":
        from robot_guide.speech.speak.engines.piper import PiperSynthesizer

        engine_class = PiperSynthesizer
    else:
        raise ValueError(f"unknown speech engine {engine!r}; allowed: {', '.join(ENGINES)}")
    accepted = [p for p in inspect.signature(engine_class.__init__).parameters if p != "self"]
    unknown = sorted(set(options) - set(accepted))
    if unknown:
        raise ValueError(
            f"speech engine {name!r} has no option {', '.join(unknown)}; allowed: {', '.join(accepted)}"
        )
    return engine_class(**options)
