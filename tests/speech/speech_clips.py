"""Real speech clips with reference transcripts, the domain prompt, and word error rate (test helpers).

The scoring and the clip table live in robot_guide.bench (shared with `robot-guide bench speech`).
"""

from __future__ import annotations

from pathlib import Path

from robot_guide.bench.speech.real_clips import Clip, SpeechDirError
from robot_guide.bench.speech.real_clips import load_clips as load_clip_table
from robot_guide.bench.speech.wer import word_errors, words

__all__ = ["DOMAIN_PROMPT", "SPEECH_DIR", "Clip", "load_clips", "word_errors", "words"]

SPEECH_DIR = Path("/work/shared/data/speech")
DOMAIN_PROMPT = "AiMOGA robot, Chery, Tiggo 9, Chery Super Hybrid (CSH), KOC forum."


def load_clips() -> list[Clip]:
    """The clips of SPEECH_DIR, or none when the shared data is not on this machine (tests then skip)."""
    try:
        return load_clip_table(SPEECH_DIR)
    except SpeechDirError:
        return []
