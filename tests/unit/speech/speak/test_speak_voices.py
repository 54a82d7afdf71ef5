"""Voices per reply language, and a reply cut into runs by script so each run gets its language's voice."""

from __future__ import annotations

import numpy as np

from robot_guide.speech.interfaces import SpeechAudio, Synthesizer, Voice
from robot_guide.speech.speak.voices import (
    LANGUAGE_KEY,
    LanguageRouter,
    language_runs,
    synthesize_in_language,
    voice_for,
)

BASE = Voice("en-us", 160)


class Tone(Synthesizer):
    """One second of audio per call at a fixed rate, noting the voices asked for."""

    def __init__(self, rate: int) -> None:
        self.rate = rate
        self.voices: list[str] = []
        self.closed = False

    def synthesize(self, text: str, voice: Voice) -> SpeechAudio:
        self.voices.append(voice.voice_id)
        return SpeechAudio(np.full(self.rate, 0.1, dtype=np.float32), self.rate)

    def close(self) -> None:
        self.closed = True


def test_english_keeps_the_configured_voice_and_others_get_theirs_at_the_same_rate() -> None:
    assert voice_for("en", BASE) is BASE
    assert voice_for("fr", BASE) is BASE  # no voice of its own configured: the configured one
    spanish = voice_for("es", BASE)
    assert (spanish.voice_id, spanish.rate_wpm, spanish.extra) == ("es", 160, {LANGUAGE_KEY: "es"})
    assert voice_for("zh", BASE).voice_id == "cmn-latn-pinyin"


def test_a_reply_is_cut_where_its_script_changes_language() -> None:
    greeting = "Hello! I am AiMOGA. How can I help? 您好！我是 AiMOGA，有什么可以帮您？"
    assert language_runs(greeting, "en") == [
        ("Hello! I am AiMOGA. How can I help?", "en"),
        ("您好！我是 AiMOGA，有什么可以帮您？", "zh"),  # the name goes with the Chinese around it
    ]
    assert language_runs("Здравствуйте! Я AiMOGA.", "ru") == [("Здравствуйте! Я AiMOGA.", "ru")]
    assert language_runs("¡Hola! Soy AiMOGA.", "es") == [("¡Hola! Soy AiMOGA.", "es")]
    assert language_runs("您好！ Welcome to the summit!", "zh") == [
        ("您好！", "zh"),
        ("Welcome to the summit!", "en"),
    ]


def test_runs_are_joined_into_one_clip_at_the_first_runs_rate() -> None:
    engine = Tone(22_050)
    audio = synthesize_in_language(engine, "Hello there, welcome! 您好！", "en", BASE)
    assert engine.voices == ["en-us", "cmn-latn-pinyin"]
    assert (audio.sample_rate, audio.samples.size) == (22_050, 44_100)


def test_an_english_only_engine_hands_the_other_languages_to_espeak_started_on_demand() -> None:
    english, made = Tone(16_000), []

    def others() -> Synthesizer:
        made.append(Tone(22_050))
        return made[-1]

    router = LanguageRouter(english, others)
    router.synthesize("Hello", BASE)
    assert made == []
    router.synthesize("Hola", voice_for("es", BASE))
    router.synthesize("Olá", voice_for("pt", BASE))
    assert english.voices == ["en-us"] and len(made) == 1 and made[0].voices == ["es", "pt-br"]
    router.close()
    assert english.closed and made[0].closed
