"""One timed guest turn through the node set, and its split into pipeline stages (pure, no rclpy)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from robot_guide.bench.stats import summarize

STAGES = ("eos_detect", "transcribe", "reply", "audio_start", "end_to_end")


@dataclass(frozen=True)
class TurnTiming:
    """Wall-clock stamps (time.time(), shared by every process on the machine) of one question and reply."""

    label: str  # the question and its voice condition
    said: str
    heard: str
    reply_kind: str
    speech_end: float  # the true end of the guest's speech: the last voiced sample reaching the microphone
    eos_detected: float  # the listener decided the guest had finished
    transcript_ready: float
    reply_chosen: float
    first_audio: float  # the first chunk of the reply on robot/audio_out
    utterances: int = 1  # > 1: the listener cut the question into pieces

    def stages(self) -> dict[str, float]:
        return {
            "eos_detect": self.eos_detected - self.speech_end,
            # The end is stamped on the microphone's sample clock, which asr_node holds within
            # mic_clock_hold_s of the wall clock; a speculative transcript ready at that very moment can
            # read a few milliseconds early. It is never ready before the end is decided.
            "transcribe": max(0.0, self.transcript_ready - self.eos_detected),
            "reply": self.reply_chosen - self.transcript_ready,
            "audio_start": self.first_audio - self.reply_chosen,
            "end_to_end": self.first_audio - self.speech_end,
        }


def speech_end_time(
    last_chunk_published: float, last_chunk_start: int, speech_end: int, chunk: int, rate: int
) -> float:
    """When the last voiced sample was 'spoken': a chunk is published once its final sample is captured."""
    return last_chunk_published - (last_chunk_start + chunk - speech_end) / rate


def stage_summary(turns: Sequence[TurnTiming]) -> dict[str, dict[str, float | int | None]]:
    """p50/p95/max/n of every stage over all turns (seconds)."""
    return {stage: summarize([turn.stages()[stage] for turn in turns]) for stage in STAGES}
