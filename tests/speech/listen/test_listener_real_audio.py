"""The Listener with the real Silero VAD and real Whisper, fed real speech in 32 ms chunks."""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator

import numpy as np
import pytest

from robot_guide.bench.speech.wer import word_errors
from robot_guide.paths import speech_clips_dir
from robot_guide.speech.audio import load_audio
from robot_guide.speech.interfaces import AudioArray, Transcriber, Transcript
from robot_guide.speech.listen.config import ListenerConfig
from robot_guide.speech.listen.engines.faster_whisper import FasterWhisperTranscriber
from robot_guide.speech.listen.listener import BargeIn, Heard, Ignored, Listener, ListenerEvent

pytestmark = pytest.mark.slow

RATE = 16_000
CHUNK = 512  # 32 ms, what the microphone source delivers
SPEECH_DIR = speech_clips_dir()
CLIP = SPEECH_DIR / "OSR_us_000_0034_s04_16k.wav"
CLIP_TEXT = "A pink shell was found on the sandy beach."


def padded(audio: AudioArray, before_s: float = 1.0, after_s: float = 1.0) -> AudioArray:
    rng = np.random.default_rng(3)
    hiss = lambda s: (rng.standard_normal(int(RATE * s)) * 0.002).astype(np.float32)  # noqa: E731
    return np.concatenate([hiss(before_s), audio, hiss(after_s)])


def chunks(audio: AudioArray, t0: float) -> Iterator[tuple[AudioArray, float]]:
    t = t0
    for start in range(0, audio.size, CHUNK):
        piece = audio[start : start + CHUNK]
        t += piece.size / RATE
        yield piece, t


@pytest.fixture(scope="module")
def clip() -> AudioArray:
    if not CLIP.exists():
        pytest.skip(f"{CLIP} is missing")
    return load_audio(CLIP)


def run_listener(
    transcriber: Transcriber, config: ListenerConfig, audio: AudioArray, robot_speaking_s: float | None = None
) -> list[ListenerEvent]:
    events: list[ListenerEvent] = []
    listener = Listener(transcriber, config, events.append)
    t0 = 1_000.0
    if robot_speaking_s is not None:
        listener.set_robot_speaking(True, t0)
    for piece, t in chunks(audio, t0):
        if robot_speaking_s is not None and t - t0 >= robot_speaking_s:
            listener.set_robot_speaking(False, t)
            robot_speaking_s = None
        listener.feed(piece, t)
    assert listener.wait_idle(60.0)
    listener.close()
    return events


def test_one_heard_with_the_right_words(fast_transcriber: FasterWhisperTranscriber, clip: AudioArray) -> None:
    events = run_listener(fast_transcriber, ListenerConfig(), padded(clip))
    heard = [e for e in events if isinstance(e, Heard)]
    assert len(heard) == 1, events
    assert len(events) == 1
    wrong, _count = word_errors(CLIP_TEXT, heard[0].transcript.text)
    assert wrong <= 1, heard[0].transcript.text
    timings = heard[0].timings
    assert 1_000.8 <= timings["speech_start"] <= 1_001.2
    assert timings["speech_start"] < timings["speech_end"] < timings["eos_detected"]
    assert timings["eos_detected"] - timings["speech_end"] <= 0.5


def test_robot_speaking_during_the_speech_produces_nothing(
    fast_transcriber: FasterWhisperTranscriber, clip: AudioArray
) -> None:
    audio = padded(clip)
    # No barge-in: the mic hears the robot (its echo is as loud as a guest without echo cancellation).
    config = ListenerConfig.from_parameters(barge_in=False)
    assert run_listener(fast_transcriber, config, audio, robot_speaking_s=audio.size / RATE - 0.5) == []


def test_echo_is_rejected_by_text_even_if_the_gate_opened(
    fast_transcriber: FasterWhisperTranscriber, clip: AudioArray
) -> None:
    events: list[ListenerEvent] = []
    listener = Listener(fast_transcriber, ListenerConfig(), events.append)
    listener.note_robot_words("Look: a pink shell was found on the sandy beach, next to the Tiggo 9.", 999.0)
    for piece, t in chunks(padded(clip), 1_000.0):
        listener.feed(piece, t)
    assert listener.wait_idle(60.0)
    listener.close()
    assert len(events) == 1 and isinstance(events[0], Ignored) and "echo" in events[0].reason


def test_barge_in_keeps_the_first_words(fast_transcriber: FasterWhisperTranscriber, clip: AudioArray) -> None:
    config = ListenerConfig.from_parameters(barge_in=True, barge_in_dbfs=-40.0, barge_in_min_s=0.25)
    events = run_listener(fast_transcriber, config, padded(clip), robot_speaking_s=1e9)
    assert isinstance(events[0], BargeIn)
    heard = [e for e in events if isinstance(e, Heard)]
    assert len(heard) == 1, events
    text = heard[0].transcript.text.lower()
    assert text.startswith(("a pink", "pink")), text  # the words before the barge-in decision survived
    assert word_errors(CLIP_TEXT, text)[0] <= 1


class SegmentRecorder(Transcriber):
    """Real Whisper underneath; remembers each segment's length."""

    def __init__(self, inner: Transcriber) -> None:
        self.inner = inner
        self.seconds: list[float] = []

    def transcribe(self, audio: AudioArray, prompt: str | None = None) -> Transcript:
        self.seconds.append(audio.size / RATE)
        return self.inner.transcribe(audio, prompt)


def test_ten_minute_monologue_is_segmented_with_bounded_memory(
    fast_transcriber: FasterWhisperTranscriber,
) -> None:
    speech = load_audio(SPEECH_DIR / "jfk_16k.wav")
    total_samples = 600 * RATE
    recorder = SegmentRecorder(fast_transcriber)
    events: list[ListenerEvent] = []
    # A long end silence so only the 15 s cap can end segments: the speaker never stops long enough.
    config = ListenerConfig.from_parameters(end_silence_s=3.0, max_utterance_s=15.0, speculative=False)
    listener = Listener(recorder, config, events.append)
    tracemalloc.start()
    fed, t = 0, 5_000.0
    peaks: list[int] = []
    while fed < total_samples:  # faster than real time, without ever holding ten minutes of audio
        start = fed % speech.size
        piece = speech[start : start + CHUNK]
        t += piece.size / RATE
        listener.feed(piece, t)
        fed += piece.size
        if fed % (120 * RATE) < CHUNK:  # peak memory per two minutes of speech
            peaks.append(tracemalloc.get_traced_memory()[1])
            tracemalloc.reset_peak()
    tracemalloc.stop()
    assert listener.wait_idle(60.0)
    listener.close()
    heard = [e for e in events if isinstance(e, Heard)]
    backlog = [e for e in events if isinstance(e, Ignored) and "backlog" in e.reason]
    segments = len(events)
    assert segments >= 600 / 15 - 2  # cut by the cap (>= ~38 segments), not one ten-minute utterance
    assert heard, "some segments were decoded"
    assert len(heard) + len(backlog) <= segments
    assert max(recorder.seconds) <= 15.0 + 1e-6
    assert all(h.transcript.seconds <= 15.0 + 1e-6 for h in heard)
    # Bounded: the last two minutes need no more memory than the first two (decoding included), and far
    # less than the 38 MB that ten minutes of float32 audio would take.
    print(f"segments {segments}, decoded {len(heard)}, dropped as backlog {len(backlog)}, peaks MB", peaks)
    assert len(peaks) >= 4
    assert max(peaks[1:]) <= 1.5 * peaks[0] + 2_000_000, [round(p / 1e6, 1) for p in peaks]
    assert max(peaks) < 30_000_000, [round(p / 1e6, 1) for p in peaks]
