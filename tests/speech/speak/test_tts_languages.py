"""Real espeak-ng: each language's reply is spoken with its own voice (the id checked, audio not empty),
Chinese fed as pinyin, a bilingual greeting one clip in two voices, lines pre-rendered per language."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np
import pytest

from robot_guide.speech.interfaces import SpeechAudio, Synthesizer, Voice
from robot_guide.speech.speak.engines.espeak import EspeakSynthesizer
from robot_guide.speech.speak.prerender import PrerenderCache
from robot_guide.speech.speak.pronunciation import for_espeak
from robot_guide.speech.speak.sinks import PacedSink
from robot_guide.speech.speak.speaker import Speaker, SpokenRecord
from robot_guide.speech.speak.voices import ESPEAK_VOICES, LANGUAGE_KEY, voice_for

pytest.importorskip(
    "pyttsx3", reason="pyttsx3 not installed (pip install pyttsx3; apt-get install espeak-ng)"
)

BASE = Voice("", 175)
REPLIES = {
    "es": "Hay baños junto a la zona de comidas. Soy AiMOGA, de Chery.",
    "pt": "Os banheiros ficam ao lado da praça de alimentação.",
    "ru": "Туалеты находятся рядом с фуд-кортом. Я AiMOGA.",
    "ar": "توجد دورات المياه بجوار منطقة الطعام.",
    "zh": "卫生间在美食区旁边。我是 AiMOGA。",
}
# The espeak-ng voice file each language must be spoken with (espeak-ng --voices lists them).
ESPEAK_FILES = {
    "es": "roa/es",
    "pt": "roa/pt-BR",
    "ru": "zle/ru",
    "ar": "sem/ar",
    "zh": "sit/cmn-Latn-pinyin",
}


class Spy(Synthesizer):
    """The real engine, noting the voice each call asked for."""

    def __init__(self, inner: EspeakSynthesizer) -> None:
        self.inner = inner
        self.calls: list[tuple[str, Voice]] = []

    def synthesize(self, text: str, voice: Voice) -> SpeechAudio:
        self.calls.append((text, voice))
        return self.inner.synthesize(text, voice)


@pytest.fixture(scope="module")
def espeak() -> Iterator[EspeakSynthesizer]:
    with EspeakSynthesizer() as engine:
        yield engine


def speak(spy: Spy, text: str, language: str) -> SpokenRecord:
    done = threading.Event()
    records: list[SpokenRecord] = []

    def on_spoken(record: SpokenRecord) -> None:
        records.append(record)
        done.set()

    speaker = Speaker(spy, PacedSink(speed=20.0), BASE, on_speaking=lambda _: None, on_spoken=on_spoken)
    try:
        speaker.say(text, language=language)
        assert done.wait(30.0), "the reply was never spoken"
    finally:
        speaker.close()
    return records[0]


@pytest.mark.parametrize("language", sorted(REPLIES))
def test_each_languages_reply_is_spoken_with_its_voice(espeak: EspeakSynthesizer, language: str) -> None:
    spy = Spy(espeak)
    record = speak(spy, REPLIES[language], language)
    assert not record.error and record.audio_seconds > 0.5
    [(_, voice)] = spy.calls
    assert voice.voice_id == ESPEAK_VOICES[language] and voice.extra[LANGUAGE_KEY] == language
    assert espeak.resolve_voice(voice.voice_id).lower() == ESPEAK_FILES[language].lower()


def test_chinese_reaches_espeak_as_pinyin_and_sounds_unlike_the_english_voice(
    espeak: EspeakSynthesizer,
) -> None:
    assert for_espeak(REPLIES["zh"], "zh").startswith("wei4 sheng1 jian1 zai4 mei3 shi2 qu1")
    mandarin = espeak.synthesize(REPLIES["zh"], voice_for("zh", BASE))
    english = espeak.synthesize(REPLIES["zh"], BASE)  # the default voice spells out "Chinese letter ..."
    assert mandarin.samples.size > 0 and mandarin.samples.size != english.samples.size


def test_a_bilingual_greeting_is_one_clip_in_two_voices(espeak: EspeakSynthesizer) -> None:
    spy = Spy(espeak)
    record = speak(spy, "Hello and welcome to the summit! 您好，欢迎来到峰会！", "en")
    assert not record.error
    assert [voice.voice_id for _, voice in spy.calls] == ["", ESPEAK_VOICES["zh"]]
    english_only = espeak.synthesize("Hello and welcome to the summit!", BASE)
    assert record.audio_seconds > english_only.seconds


def test_lines_are_prerendered_in_their_languages_voice(espeak: EspeakSynthesizer) -> None:
    spy = Spy(espeak)
    cache = PrerenderCache(spy, BASE)
    report = cache.rebuild([("Hello!", "en"), (REPLIES["es"], "es"), (REPLIES["ru"], "ru")])
    assert report.rendered == 3 and not report.failed
    assert [voice.voice_id for _, voice in spy.calls] == ["", "es", "ru"]
    held = cache.get(REPLIES["es"], voice_for("es", BASE))
    assert held is not None and np.abs(held.samples).max() > 0.01
    assert cache.get(REPLIES["es"], BASE) is None  # the English voice's rendering would be another clip
