"""The language decision on real audio: tiny.en keeps English, base hears the synthesised es and zh."""

from __future__ import annotations

from typing import Any

import pytest

from robot_guide.bench.speech.real_clips import Clip
from robot_guide.knowledge.loader import load_knowledge
from robot_guide.knowledge.speech_catalog import speech_catalogue
from robot_guide.knowledge.vocabulary import asr_prompt
from robot_guide.paths import default_knowledge_dir, share_dir
from robot_guide.speech.audio import load_audio
from robot_guide.speech.interfaces import AudioArray
from robot_guide.speech.listen.engines.faster_whisper import FULL_WINDOW_S, FasterWhisperTranscriber
from robot_guide.speech.listen.engines.language_choice import LanguageRule
from robot_guide.speech.listen.engines.multilingual import MultilingualTranscriber

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def shared_multilingual(fast_transcriber: FasterWhisperTranscriber) -> MultilingualTranscriber:
    kb = load_knowledge(default_knowledge_dir())
    transcriber = MultilingualTranscriber(fast_transcriber, kb.languages)
    transcriber.set_prompts(speech_catalogue(kb, asr_prompt(kb)).prompts)
    return transcriber


@pytest.fixture
def multilingual(shared_multilingual: MultilingualTranscriber) -> MultilingualTranscriber:
    shared_multilingual.forget_recent_language()  # each test starts with a new guest
    return shared_multilingual


@pytest.mark.parametrize(
    ("wav", "language", "heard"),
    [("es_banos.wav", "es", "baños"), ("zh_toilets.wav", "zh", "洗手间")],
)
def test_a_spoken_question_is_heard_in_its_language(
    multilingual: MultilingualTranscriber, wav: str, language: str, heard: str
) -> None:
    transcript = multilingual.transcribe(load_audio(share_dir() / "sim" / "audio" / wav))
    assert transcript.language == language
    assert transcript.language_confidence >= multilingual.rule.min_language_confidence
    assert heard in transcript.text.lower()
    assert transcript.compression_ratio < 2.0  # no loop on the prompt's words


def test_real_english_stays_on_the_fast_path(
    multilingual: MultilingualTranscriber, clips: list[Clip]
) -> None:
    for clip in clips:
        transcript = multilingual.transcribe(load_audio(clip.path))
        assert transcript.language == "en", clip.path.name
        # Sure English: the reply never waits for base.
        assert transcript.avg_logprob >= multilingual.rule.english_sure_logprob, clip.path.name


def test_an_unsure_english_pass_switches_only_when_english_is_not_the_likeliest(
    multilingual: MultilingualTranscriber, clips: list[Clip]
) -> None:
    rule = multilingual.rule
    try:
        # Every clip's English pass lands between the thresholds: base checks each one.
        multilingual.rule = LanguageRule(english_sure_logprob=1.0, english_min_logprob=-10.0)
        for clip in clips[:3]:
            assert multilingual.transcribe(load_audio(clip.path)).language == "en", clip.path.name
        spanish = multilingual.transcribe(load_audio(share_dir() / "sim" / "audio" / "es_banos.wav"))
        assert spanish.language == "es"
        assert "baños" in spanish.text.lower()
    finally:
        multilingual.rule = rule


def test_identification_chooses_only_among_the_served_languages(
    multilingual: MultilingualTranscriber,
) -> None:
    audio = load_audio(share_dir() / "sim" / "audio" / "zh_toilets.wav")
    try:
        multilingual.set_languages(["en", "es", "ru"])
        language, share = multilingual.identify(audio)
        assert language in ("es", "ru")
        assert 0.0 < share <= 1.0
    finally:
        multilingual.set_languages(load_knowledge(default_knowledge_dir()).languages)


def test_a_guest_who_really_switches_is_followed_and_a_weak_switch_is_not(
    multilingual: MultilingualTranscriber, clips: list[Clip]
) -> None:
    spanish = load_audio(share_dir() / "sim" / "audio" / "es_banos.wav")
    assert multilingual.transcribe(load_audio(clips[0].path)).language == "en"
    switched = multilingual.transcribe(spanish)  # right after English: the switch needs the higher share
    assert switched.language == "es"
    assert switched.language_confidence >= multilingual.rule.switch_min_language_confidence
    rule = multilingual.rule
    try:
        multilingual.rule = LanguageRule(switch_min_language_confidence=1.0)
        multilingual.forget_recent_language()
        assert multilingual.transcribe(load_audio(clips[0].path)).language == "en"
        # No share reaches 1.0: after English the Spanish take stays English (asked again, not switched).
        assert multilingual.transcribe(spanish).language == "en"
    finally:
        multilingual.rule = rule


def test_english_the_english_pass_is_unsure_of_is_settled_by_the_short_look(
    multilingual: MultilingualTranscriber, clips: list[Clip], monkeypatch: pytest.MonkeyPatch
) -> None:
    windows: list[float] = []
    encode = multilingual._encode

    def recorded(samples: AudioArray, window_s: float) -> Any:
        windows.append(window_s)
        return encode(samples, window_s)

    monkeypatch.setattr(multilingual, "_encode", recorded)
    # Every English pass falls under both thresholds: without the look, base's full window would decide.
    monkeypatch.setattr(multilingual, "rule", LanguageRule(english_sure_logprob=1.0, english_min_logprob=1.0))
    for clip in clips[:3]:
        windows.clear()
        transcript = multilingual.transcribe(load_audio(clip.path))
        assert transcript.language == "en", clip.path.name
        assert transcript.language_confidence >= multilingual.rule.english_look_share, clip.path.name
        assert windows and max(windows) < FULL_WINDOW_S, clip.path.name  # the 30 s window never ran
    windows.clear()
    spanish = multilingual.transcribe(load_audio(share_dir() / "sim" / "audio" / "es_banos.wav"))
    assert spanish.language == "es"
    assert "baños" in spanish.text.lower()
    assert windows[0] < FULL_WINDOW_S and windows[-1] == FULL_WINDOW_S  # looked, then decoded in full
