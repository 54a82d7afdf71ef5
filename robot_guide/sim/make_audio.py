"""Synthesises the simulator's guest clips for the echo and turn-taking visits (sim/audio/).

Most clips are espeak-ng; a clip whose words must be heard right through the echo canceller is Piper's
human-like voice (the `piper` extra, installed by `make test`). Run
`python -m robot_guide.sim.make_audio [OUT_DIR]` to rebuild them; both engines' output is deterministic.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from robot_guide.paths import share_dir
from robot_guide.speech.interfaces import SAMPLE_RATE

GUEST_LEVEL_DBFS = -23.0  # a guest at arm's length from the robot's microphone
LOWPASS_TAPS = 101


@dataclass(frozen=True)
class GuestClip:
    """One clip: what is said, by which engine and voice, and how it is muffled (0 = clear)."""

    text: str
    voice: str = "en-gb"  # an espeak-ng voice; Piper speaks with its bundled voice
    engine: str = "espeak"
    rate_wpm: int = 160
    lowpass_hz: float = 0.0


CLIPS: dict[str, GuestClip] = {
    "excuse_me_coffee.wav": GuestClip("Excuse me, where can I get some coffee?"),
    "sorry_exit.wav": GuestClip("Sorry, how do I get to the exit?", voice="en-us", rate_wpm=150),
    # A guest reusing the robot's words right after it: the visit checks that the sound, not the words,
    # decides echo. espeak's "Chery" is heard as "carry" about one time in four (benchmarks/speech.md),
    # which failed the visit for a reason it does not test, so this guest speaks with Piper's voice.
    "is_chery_on_the_forbes_list.wav": GuestClip(
        "Is Chery on the Forbes China list?", engine="piper", rate_wpm=150
    ),
    # A guest mumbling behind a hand: everything above 700 Hz gone. tiny.en hears the voice clearly but
    # guesses the words (avg_logprob about -1.4): the robot should ask again, not stay silent.
    "mumbled_toilet_question.wav": GuestClip(
        "Excuse me, where can I find the nearest toilet please?",
        voice="en-us",
        rate_wpm=150,
        lowpass_hz=700.0,
    ),
}


def render(clip: GuestClip) -> npt.NDArray[np.float32]:
    from robot_guide.speech.audio import resample
    from robot_guide.speech.interfaces import Voice
    from robot_guide.speech.speak.engines.espeak import EspeakSynthesizer
    from robot_guide.speech.speak.engines.piper import PiperSynthesizer

    engine = PiperSynthesizer() if clip.engine == "piper" else EspeakSynthesizer()
    try:
        audio = engine.synthesize(clip.text, Voice(voice_id=clip.voice, rate_wpm=clip.rate_wpm))
    finally:
        engine.close()
    samples = resample(audio.samples, audio.sample_rate, SAMPLE_RATE)
    if clip.lowpass_hz > 0.0:
        taps = np.arange(LOWPASS_TAPS) - (LOWPASS_TAPS - 1) / 2
        fir = np.sinc(2 * clip.lowpass_hz / SAMPLE_RATE * taps) * np.hamming(LOWPASS_TAPS)
        samples = np.convolve(samples, fir / fir.sum(), "same")
    level = float(np.sqrt(np.mean(np.square(samples)))) or 1.0
    return (samples * (10 ** (GUEST_LEVEL_DBFS / 20.0) / level)).astype(np.float32)


def main(argv: list[str] | None = None) -> int:
    import soundfile as sf

    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else share_dir() / "sim" / "audio"
    out.mkdir(parents=True, exist_ok=True)
    for name, clip in CLIPS.items():
        sf.write(out / name, render(clip), SAMPLE_RATE, subtype="PCM_16")
        print(out / name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
