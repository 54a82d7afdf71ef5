"""make_transcriber: a missing openai-whisper extra, an unknown backend or a bad option is one clear error."""

from __future__ import annotations

import sys

import pytest

from robot_guide.cli.main import main
from robot_guide.speech.errors import SpeechEngineError
from robot_guide.speech.listen.engines.factory import make_transcriber


def test_missing_openai_whisper_extra_is_a_configuration_error_naming_the_fix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "whisper", None)  # makes `import whisper` raise ImportError
    with pytest.raises(SpeechEngineError) as info:
        # The options asr_node passes to either backend.
        make_transcriber("openai-whisper", model="", compute_type="int8", cpu_threads=2, beam_size=1)
    message = str(info.value)
    assert "openai-whisper backend is not installed" in message
    assert "pip install 'robot_guide[openai-whisper]'" in message and "faster-whisper" in message
    assert "\n" not in message


def test_transcribe_prints_the_missing_extra_as_one_error_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "whisper", None)
    assert main(["transcribe", "--backend", "openai-whisper", "x.wav"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "robot_guide[openai-whisper]" in err and "Traceback" not in err


def test_unknown_backend_and_bad_option_are_the_same_error_type() -> None:
    with pytest.raises(SpeechEngineError, match="allowed: faster-whisper, openai-whisper"):
        make_transcriber("vosk")
    with pytest.raises(SpeechEngineError, match="bad option for the faster-whisper backend"):
        make_transcriber("faster-whisper", no_such_option=1)
