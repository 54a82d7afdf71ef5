"""Hallucination guards: drop what Whisper invents from silence, noise or a blip, keeping the reason."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from robot_guide.speech.interfaces import Transcript

# What Whisper writes for silence or noise (learned from subtitled videos), compared after normalising.
PHANTOM_PHRASES = frozenset(
    {
        "thank you",
        "thank you very much",
        "thanks",
        "thanks for watching",
        "thank you for watching",
        "thank you so much for watching",
        "please subscribe",
        "subscribe",
        "you",
        "bye",
        "bye bye",
        "music",
        "applause",
        "silence",
        "",
    }
)

_NON_WORD = re.compile(r"[^\w' ]+")


def normalise_words(text: str) -> str:
    """Lower case, punctuation and bracket tags ("[music]", "…") removed, single spaces."""
    cleaned = _NON_WORD.sub(" ", text.lower().replace("…", " "))
    return " ".join(cleaned.split())


@dataclass(frozen=True)
class GuardConfig:
    no_speech_prob: float = 0.6  # with avg_logprob below no_speech_logprob: Whisper's own "silence" rule
    no_speech_logprob: float = -0.5
    min_avg_logprob: float = -1.0  # below this the words are guesses
    max_compression_ratio: float = 2.4  # above this the text repeats itself
    min_speech_s: float = 0.25
    min_speech_dbfs: float = -50.0  # quieter audio than this carries no words worth acting on
    short_audio_s: float = 1.0  # a phantom phrase inside short or quiet audio is dropped too
    drop_phantom_utterances: bool = True  # "thank you" alone is dropped: it is Whisper's favourite invention


def check_transcript(transcript: Transcript, audio_dbfs: float, config: GuardConfig | None = None) -> str:
    """The reason to reject this transcript, or "" to keep it. audio_dbfs = loudness of the utterance."""
    cfg = config or GuardConfig()
    words = normalise_words(transcript.text)
    if transcript.rejected:
        return transcript.rejected
    if transcript.seconds < cfg.min_speech_s:
        return f"too short ({transcript.seconds:.2f} s < {cfg.min_speech_s:.2f} s)"
    if not re.search(r"\w", words):
        return "no words"
    if audio_dbfs < cfg.min_speech_dbfs:
        return f"too quiet ({audio_dbfs:.0f} dBFS < {cfg.min_speech_dbfs:.0f} dBFS)"
    if transcript.no_speech_prob > cfg.no_speech_prob and transcript.avg_logprob < cfg.no_speech_logprob:
        return f"no speech (no_speech_prob {transcript.no_speech_prob:.2f})"
    if transcript.avg_logprob < cfg.min_avg_logprob:
        return f"low confidence (avg_logprob {transcript.avg_logprob:.2f})"
    if transcript.compression_ratio > cfg.max_compression_ratio:
        return f"repetitive (compression ratio {transcript.compression_ratio:.1f})"
    if words in PHANTOM_PHRASES and cfg.drop_phantom_utterances:
        return f"phantom phrase '{words}'"
    short_or_quiet = transcript.seconds < cfg.short_audio_s or audio_dbfs < cfg.min_speech_dbfs + 10.0
    if short_or_quiet and any(len(phrase) > 3 and phrase in words for phrase in PHANTOM_PHRASES):
        return f"phantom phrase in short or quiet audio '{words}'"
    return ""


def apply_guards(transcript: Transcript, audio_dbfs: float, config: GuardConfig | None = None) -> Transcript:
    """The transcript unchanged, or with `rejected` set to the reason and its text emptied."""
    reason = check_transcript(transcript, audio_dbfs, config)
    if not reason:
        return transcript
    return dataclasses.replace(transcript, text="", rejected=reason)
