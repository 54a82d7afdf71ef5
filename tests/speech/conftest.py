"""Session fixtures for the real-Whisper speech tests: the bundled model and the transcribed real clips."""

from __future__ import annotations

import pytest

from robot_guide.bench.speech.real_clips import Clip, SpeechDirError, load_clips
from robot_guide.paths import speech_clips_dir
from robot_guide.speech.listen.engines.faster_whisper import FasterWhisperTranscriber

# transcripts.tsv lists 11 of the 12 WAVs (the LibriSpeech clip has no reference text).
MIN_CLIPS = 11


@pytest.fixture(scope="session")
def clips() -> list[Clip]:
    try:
        found = load_clips(speech_clips_dir())
    except SpeechDirError:
        found = []  # the shared data is not on this machine
    if len(found) < MIN_CLIPS:
        pytest.skip(f"the real clips with transcripts are not in {speech_clips_dir()}")
    return found


@pytest.fixture(scope="session")
def fast_transcriber() -> FasterWhisperTranscriber:
    return FasterWhisperTranscriber()
