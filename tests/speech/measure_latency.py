"""Measure the Listener's end-of-speech -> transcript latency, feeding real clips in real time (32 ms chunks).

Run: .venv/bin/python tests/speech/measure_latency.py [--no-speculative]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent))

from speech_clips import load_clips, word_errors

from robot_guide.speech.audio import load_audio
from robot_guide.speech.listen.config import ListenerConfig
from robot_guide.speech.listen.engines.faster_whisper import FasterWhisperTranscriber
from robot_guide.speech.listen.listener import Heard, Listener, ListenerEvent

CHUNK = 512


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-speculative", action="store_true")
    args = parser.parse_args()
    transcriber = FasterWhisperTranscriber()
    config = ListenerConfig.from_parameters(speculative=not args.no_speculative)
    after_end: list[float] = []
    after_eos: list[float] = []
    edits = total = 0
    for clip in load_clips():
        if clip.path.name.startswith("jfk"):
            continue  # a speech with pauses inside: several utterances, not one guest question
        events: list[ListenerEvent] = []
        listener = Listener(transcriber, config, events.append)
        audio = np.concatenate(
            [np.zeros(8_000, np.float32), load_audio(clip.path), np.zeros(16_000, np.float32)]
        )
        start = time.time()
        for index in range(0, audio.size, CHUNK):
            deadline = start + (index + CHUNK) / 16_000
            time.sleep(max(0.0, deadline - time.time()))  # real time, like a microphone
            listener.feed(audio[index : index + CHUNK], time.time())
        listener.wait_idle(10.0)
        listener.close()
        heard = [e for e in events if isinstance(e, Heard)]
        if len(heard) != 1:
            print(f"  {clip.path.name}: {len(heard)} utterances heard")
        for event in heard:
            after_end.append(event.timings["transcript_ready"] - event.timings["speech_end"])
            after_eos.append(event.timings["transcript_ready"] - event.timings["eos_detected"])
        wrong, count = word_errors(clip.transcript, " ".join(e.transcript.text for e in heard))
        edits, total = edits + wrong, total + count
    wer = 100 * edits / max(total, 1)
    print(f"speculative={config.speculative}: {len(after_end)} utterances, WER {wer:.1f} %")
    print(
        f"  transcript after end of speech: median {statistics.median(after_end):.3f} s"
        f", max {max(after_end):.3f} s"
    )
    print(f"  transcript after the end-of-speech decision: median {statistics.median(after_eos):.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
