"""The openai-whisper backend loads and decodes end to end, on a tiny random checkpoint the test builds."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from robot_guide.paths import speech_clips_dir
from robot_guide.speech.audio import load_audio
from robot_guide.speech.interfaces import Transcript
from robot_guide.speech.listen.engines.factory import make_transcriber

whisper = pytest.importorskip(
    "whisper", reason="openai-whisper not installed: pip install 'robot_guide[openai-whisper]'"
)
torch = pytest.importorskip("torch")

pytestmark = pytest.mark.slow

CLIP = speech_clips_dir() / "OSR_us_000_0034_s02_16k.wav"


@pytest.fixture(scope="module")
def random_checkpoint(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from whisper.model import ModelDimensions, Whisper

    torch.manual_seed(0)
    # tiny.en dimensions; n_vocab 51864 = the English-only tokenizer. Weights are random: the text is junk.
    dims = ModelDimensions(
        n_mels=80,
        n_audio_ctx=1500,
        n_audio_state=384,
        n_audio_head=6,
        n_audio_layer=4,
        n_vocab=51864,
        n_text_ctx=448,
        n_text_state=384,
        n_text_head=6,
        n_text_layer=4,
    )
    model = Whisper(dims)
    path = tmp_path_factory.mktemp("whisper") / "random-tiny-en.pt"
    torch.save({"dims": dims.__dict__, "model_state_dict": model.state_dict()}, path)
    return path


def test_loads_checkpoint_and_returns_a_transcript(random_checkpoint: Path) -> None:
    transcriber = make_transcriber("openai-whisper", model=str(random_checkpoint))
    audio = load_audio(CLIP) if CLIP.exists() else np.zeros(32_000, dtype=np.float32)
    result = transcriber.transcribe(audio, prompt="AiMOGA robot, Chery.")
    assert isinstance(result, Transcript)
    assert isinstance(result.text, str)
    assert result.language == "en"
    assert result.seconds == pytest.approx(audio.size / 16_000)
    assert result.decode_seconds > 0
    assert 0.0 <= result.no_speech_prob <= 1.0
    assert 0.0 <= result.confidence <= 1.0


def test_missing_checkpoint_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot load openai-whisper model"):
        make_transcriber("openai-whisper", model=str(tmp_path / "nope.pt"))
