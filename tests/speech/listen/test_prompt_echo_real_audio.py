"""Speech tiny.en cannot read (espeak-ng Portuguese) makes it loop or write its prompt back: never a guest's
words. The real recogniser, with the old long prompt (which looped on "KOC") and the knowledge's prompt."""

from __future__ import annotations

import pytest

from robot_guide.speech.audio import rms_dbfs
from robot_guide.speech.interfaces import Voice
from robot_guide.speech.listen.engines.faster_whisper import FasterWhisperTranscriber
from robot_guide.speech.listen.guards import apply_guards, echoes_prompt, normalise_words, repeated_loop

pytestmark = pytest.mark.slow

# The long sentence prompt the robot used to give: tiny.en answered Portuguese with "I'm KOC, KOC, KOC, ...".
LONG_PROMPT = (
    "A guest asks the robot about humanoid robot, Chery South Africa, Forbes China, ESG, Tiggo 9, Kantar, "
    "Ecosystem 2.0, KOC co-creation forum, KOC, CSH, Chery Super Hybrid, Chery, AiMOGA."
)
PORTUGUESE = (
    ("pt-br", "Onde está o robô AiMOGA? Eu quero tirar uma fotografia com ele."),
    ("pt", "Onde fica o fórum KOC e a que horas começa a cerimónia de abertura?"),
)


@pytest.fixture(scope="module")
def portuguese_clips() -> list[tuple[str, object]]:
    pytest.importorskip(
        "pyttsx3", reason="pyttsx3 not installed (pip install pyttsx3; apt install espeak-ng)"
    )
    from robot_guide.speech.audio import resample
    from robot_guide.speech.speak.engines.espeak import EspeakSynthesizer

    with EspeakSynthesizer() as engine:
        return [
            (text, resample(audio.samples, audio.sample_rate, 16_000))
            for voice, text in PORTUGUESE
            for audio in [engine.synthesize(text, Voice(voice_id=voice))]
        ]


def test_no_loop_or_recited_prompt_reaches_the_dialogue(
    fast_transcriber: FasterWhisperTranscriber, portuguese_clips: list[tuple[str, object]]
) -> None:
    from robot_guide.knowledge.loader import load_knowledge
    from robot_guide.knowledge.vocabulary import asr_prompt
    from robot_guide.paths import default_knowledge_dir

    knowledge_prompt = asr_prompt(load_knowledge(default_knowledge_dir()))
    looped = 0
    for text, audio in portuguese_clips:
        for prompt in (LONG_PROMPT, knowledge_prompt, ""):
            raw = fast_transcriber.transcribe(audio, prompt or None)  # type: ignore[arg-type]
            words = normalise_words(raw.text).split()
            loop = bool(repeated_loop(words, 4, 0.5)) or echoes_prompt(words, prompt, 0.6)
            looped += loop
            kept = apply_guards(raw, rms_dbfs(audio), None, prompt)  # type: ignore[arg-type]
            if loop:
                assert kept.rejected and not kept.text, (text, prompt, raw.text)
            kept_words = normalise_words(kept.text).split()
            assert not repeated_loop(kept_words, 4, 0.5), (text, prompt, kept.text)
            assert not echoes_prompt(kept_words, prompt, 0.6), (text, prompt, kept.text)
    # The audio class does make tiny.en loop (else this test would show nothing).
    assert looped >= 1
