"""Synthesise the simulator's non-English guest questions with espeak-ng (16 kHz mono WAVs in sim/audio/)."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import numpy as np
import soundfile as sf

from robot_guide.speech.audio import resample
from robot_guide.speech.interfaces import SAMPLE_RATE
from robot_guide.speech.speak.pronunciation import pinyin

# file, language, espeak-ng voice, words per minute, question. Chosen by a sweep with multilingual Whisper
# base: es-419 at 110 wpm is heard exactly. No Chinese take is heard well (base writes sound-alike characters:
# "请闻洗手间, 台"); the pinyin voice reading this question at 140 wpm was identified as Chinese at 0.88, and
# has no comma, whose pause makes the listener end the turn after "请问".
RECORDINGS = (
    ("es_banos.wav", "es", "es-419", 110, "¿Dónde están los baños?"),
    ("zh_toilets.wav", "zh", "cmn-latn-pinyin", 140, "请问洗手间在哪儿？"),
)
PEAK = 0.3  # about -10 dBFS peak, -23 dBFS speech level: a guest at arm's length
EDGE_SILENCE_S = 0.3


def synthesise(text: str, language: str, voice: str, rate_wpm: int) -> np.ndarray:
    spoken = pinyin(text) if language == "zh" else text
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(rate_wpm), "--stdout", spoken], capture_output=True, check=True
    ).stdout
    samples, rate = sf.read(io.BytesIO(wav), dtype="float32")
    samples = resample(samples, rate, SAMPLE_RATE)
    samples = samples / max(float(np.abs(samples).max()), 1e-9) * PEAK
    edge = np.zeros(int(EDGE_SILENCE_S * SAMPLE_RATE), dtype=np.float32)
    return np.concatenate([edge, samples.astype(np.float32), edge])


def main(out_dir: Path) -> int:
    for name, language, voice, rate, text in RECORDINGS:
        sf.write(out_dir / name, synthesise(text, language, voice, rate), SAMPLE_RATE, subtype="PCM_16")
        print(f"{out_dir / name}: {language} {voice} {rate} wpm: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(
        main(
            Path(sys.argv[1])
            if len(sys.argv) > 1
            else Path(__file__).resolve().parent.parent / "sim" / "audio"
        )
    )
