"""Measure WER and decode time over the 12 real clips, fast window vs full 30 s window.

Run: .venv/bin/python tests/speech/measure_wer.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from speech_clips import load_clips, word_errors

from robot_guide.speech.audio import load_audio
from robot_guide.speech.listen.engines.faster_whisper import FasterWhisperTranscriber


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3, help="decodes per clip (median time is reported)")
    args = parser.parse_args()
    clips = load_clips()
    audio = {clip.path: load_audio(clip.path) for clip in clips}
    for fast in (True, False):
        transcriber = FasterWhisperTranscriber(fast_window=fast)
        transcriber.transcribe(audio[clips[0].path])  # warm-up
        edits = total = 0
        times: list[float] = []
        for clip in clips:
            per_clip = []
            for _ in range(args.runs):
                result = transcriber.transcribe(audio[clip.path])
                per_clip.append(result.decode_seconds)
            wrong, count = word_errors(clip.transcript, result.text)
            edits, total = edits + wrong, total + count
            times.append(statistics.median(per_clip))
            if wrong:
                print(f"  {clip.path.name}: {result.text!r} (expected {clip.transcript!r})")
        label = "fast window max(audio+0.5 s, 10 s)" if fast else "full 30 s window (faster-whisper)"
        print(
            f"{label}: WER {100 * edits / total:.1f} % ({edits}/{total} words), decode per clip median "
            f"{statistics.median(times):.3f} s, min {min(times):.3f} s, max {max(times):.3f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
