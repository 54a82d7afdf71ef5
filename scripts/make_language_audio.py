"""Synthesise the simulator's non-English guest questions with espeak-ng (16 kHz mono WAVs in sim/audio/)."""

from __future__ import annotations

import sys
from pathlib import Path

import soundfile as sf

from robot_guide.bench.speech.language_set import VOICES, synthesise
from robot_guide.speech.interfaces import SAMPLE_RATE

# Each in its language's benchmark voice (bench/speech/language_set.py). Base hears the Spanish exactly.
# The Chinese take is heard as "请问洗手间在那里" or close to it (base writes sound-alike characters for some
# syllables); it has no comma, whose pause makes the listener end the turn after "请问".
RECORDINGS = (
    ("es_banos.wav", "es", "¿Dónde están los baños?"),
    ("zh_toilets.wav", "zh", "请问洗手间在哪儿？"),
)


def main(out_dir: Path) -> int:
    for name, language, text in RECORDINGS:
        voice, rate = VOICES[language]
        sf.write(out_dir / name, synthesise(text, language, voice, rate), SAMPLE_RATE, subtype="PCM_16")
        print(f"{out_dir / name}: {language}, espeak-ng {voice} at {rate} wpm: {text}")
    return 0


if __name__ == "__main__":
    default = Path(__file__).resolve().parent.parent / "sim" / "audio"
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else default))
