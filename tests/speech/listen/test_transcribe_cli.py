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
