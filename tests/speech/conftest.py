"""Session fixtures for the real-Whisper speech tests: the bundled model and the transcribed real clips."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # speech_clips.py is a helper module next to the tests

from speech_clips import SPEECH_DIR, Clip, load_clips

from robot_guide.speech.listen.engines.faster_whisper import FasterWhisperTranscriber

# transcripts.tsv lists 11 of the 12 WAVs (the LibriSpeech clip has no reference text).
MIN_CLIPS = 11


@pytest.fixture(scope="session")
def clips() -> list[Clip]:
    found = load_clips()
    if len(found) < MIN_CLIPS:
        pytest.skip(f"the real clips with transcripts are not in {SPEECH_DIR}")
    return found


@pytest.fixture(scope="session")
def fast_transcriber() -> FasterWhisperTranscriber:
    return FasterWhisperTranscriber()
