"""Small interfaces for the speech engines, so nodes, CLI and tests never depend on one engine."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 16_000  # what the recogniser and VAD consume: 16 kHz mono float32 in [-1, 1]

AudioArray = npt.NDArray[np.float32]


@dataclass(frozen=True)
class Transcript:
    """What the recogniser heard, with the evidence the hallucination guards and the matcher use."""

    text: str
    language: str = "en"
    language_confidence: float = 1.0  # in [0, 1]: how sure the language choice is (1.0: one-language model)
    confidence: float = 0.0  # in [0, 1], exp(avg_logprob) of the kept segments
    avg_logprob: float = 0.0
    no_speech_prob: float = 0.0
    compression_ratio: float = 0.0
    seconds: float = 0.0  # audio duration
    decode_seconds: float = 0.0
    rejected: str = ""  # non-empty: why a guard dropped it (text is then "")


class Transcriber(ABC):
    """Speech recognition: one utterance of 16 kHz mono audio in, text out."""

    @abstractmethod
    def transcribe(self, audio: AudioArray, prompt: str | None = None) -> Transcript: ...


@dataclass(frozen=True)
class SpeechAudio:
    """Synthesised speech as mono float32 samples."""

    samples: AudioArray
    sample_rate: int

    @property
    def seconds(self) -> float:
        return len(self.samples) / float(self.sample_rate) if self.sample_rate else 0.0


@dataclass(frozen=True)
class Voice:
    """How to speak: engine voice id (empty = engine default) and rate in words per minute."""

    voice_id: str = ""
    rate_wpm: int = 175
    extra: dict[str, str] = field(default_factory=dict)


class Synthesizer(ABC):
    """Speech output: text in, audio out. Must never pass text through a shell."""

    @abstractmethod
    def synthesize(self, text: str, voice: Voice) -> SpeechAudio: ...

    def close(self) -> None:  # noqa: B027 - optional hook, engines with workers override it
        """Release engine resources."""


class AudioSink(ABC):
    """Where speech audio goes: the robot's speaker, or a recorder in simulation. Playback is cancellable."""

    @abstractmethod
    def play(self, audio: SpeechAudio, text: str) -> bool:
        """Play to the end (True) or until cancel() is called (False). Blocks."""

    @property
    def playback_rate(self) -> int | None:
        """The sample rate play() converts every clip to (None: each clip plays at its own rate). Audio
        prepared ahead at this rate plays without a conversion on the way out."""
        return None

    @abstractmethod
    def cancel(self) -> None: ...
