"""`robot-guide transcribe` with the real engine: JSON per file, bad files reported, the rest still done."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from robot_guide.bench.speech.wer import word_errors
from robot_guide.cli.main import main
from robot_guide.paths import speech_clips_dir

pytestmark = pytest.mark.slow

SPEECH_DIR = speech_clips_dir()


def test_json_output_and_bad_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = SPEECH_DIR / "OSR_us_000_0034_s02_16k.wav"
    if not good.exists():
        pytest.skip(f"{good} is missing")
    fake = tmp_path / "notes.wav"
    fake.write_text("not audio")
    silence = tmp_path / "silence.wav"
    sf.write(silence, np.zeros(32_000, dtype=np.float32), 16_000)
    code = main(["transcribe", "--json", str(fake), str(good), str(tmp_path / "missing.wav"), str(silence)])
    out, err = capsys.readouterr()
    assert code == 1
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["file"] for r in records] == [str(good), str(silence)]
    assert set(records[0]) >= {"file", "text", "language", "confidence", "seconds"}
    assert word_errors("The long journey home took a year.", records[0]["text"])[0] == 0
    assert records[0]["language"] == "en" and 0 < records[0]["confidence"] <= 1
    assert records[1]["text"] == "" and records[1]["rejected"]
    lines = err.splitlines()
    assert len(lines) == 2 and "not audio" in lines[0] and "no such file" in lines[1]
    assert "Traceback" not in err


def test_the_knowledge_prompt_is_the_default_and_can_be_turned_off(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As asr_node hears: the bundled knowledge's prompt and its spelling of names; --prompt '' drops the
    prompt."""
    pytest.importorskip(
        "pyttsx3", reason="pyttsx3 not installed (pip install pyttsx3; apt install espeak-ng)"
    )
    from robot_guide.knowledge.loader import load_knowledge
    from robot_guide.knowledge.vocabulary import asr_prompt
    from robot_guide.paths import default_knowledge_dir
    from robot_guide.speech.interfaces import Voice
    from robot_guide.speech.speak.engines.espeak import EspeakSynthesizer

    with EspeakSynthesizer() as engine:
        audio = engine.synthesize("What is the AiMOGA robot?", Voice())
    clip = tmp_path / "aimoga.wav"
    sf.write(clip, audio.samples, audio.sample_rate)
    expected = asr_prompt(load_knowledge(default_knowledge_dir()))
    assert main(["transcribe", "--json", str(clip)]) == 0
    assert main(["transcribe", "--json", "--prompt", "", str(clip)]) == 0
    with_prompt, without = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert with_prompt["prompt"] == expected and "AiMOGA" in expected
    assert "aimoga" in with_prompt["text"].lower(), with_prompt
    assert without["prompt"] == ""
