"""`robot-guide devices`, microphone errors, and transcribe's input errors (no model is loaded here)."""

from __future__ import annotations

import json

import pytest

from robot_guide.cli.main import main
from robot_guide.speech.listen.engines.factory import make_transcriber
from robot_guide.speech.listen.microphone import MicrophoneError, MicrophoneSource, list_input_devices


def test_devices_lists_inputs_or_says_there_are_none(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        devices = list_input_devices()
    except MicrophoneError:
        devices = None
    code = main(["devices"])
    out, err = capsys.readouterr()
    if devices is None:  # PortAudio missing: one error line
        assert code != 0 and err.count("\n") == 1 and "PortAudio" in err
    elif not devices:  # this build machine: no sound card
        assert code == 1 and "no audio input devices" in out
    else:
        assert code == 0 and devices[0]["name"] in out
    assert "Traceback" not in out + err


def test_devices_json(capsys: pytest.CaptureFixture[str]) -> None:
    try:
        list_input_devices()
    except MicrophoneError:
        pytest.skip("PortAudio is not available")
    assert main(["devices", "--json"]) == 0
    assert isinstance(json.loads(capsys.readouterr().out), list)


def test_missing_microphone_is_one_clear_error() -> None:
    source = MicrophoneSource("no such microphone 42", lambda samples, t: None)
    with pytest.raises(MicrophoneError) as info:
        source.start()
    message = str(info.value)
    assert "no such microphone 42" in message and "robot-guide devices" in message and "\n" not in message


def test_unknown_backend_names_the_allowed_values(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="allowed: faster-whisper, openai-whisper"):
        make_transcriber("vosk")
    assert main(["transcribe", "--backend", "vosk", "x.wav"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown speech recognition backend 'vosk'" in err
