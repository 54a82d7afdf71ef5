"""End of turn by the words: finished questions end sooner, unfinished ones wait longer, a wrong early end
is decoded together with what follows (fake VAD and recogniser; the listener's real thread)."""

from __future__ import annotations

import numpy as np
import pytest

from robot_guide.speech.interfaces import AudioArray, Transcriber, Transcript
from robot_guide.speech.listen.config import ListenerConfig
from robot_guide.speech.listen.listener import Heard, Listener, ListenerEvent
from robot_guide.speech.listen.turn_end import looks_complete
from robot_guide.speech.listen.vad import StreamingVad

RATE = 16_000
CHUNK = 512


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("Where is the AiMOGA robot?", True),
        ("When is the summit", True),
        ("Can you help me?", True),
        ("How do I get there?", True),
        ("Thank you", True),
        ("Where is the", False),
        ("How do I get to", False),
        ("Tell me about", False),
        ("Where can I", False),
        ("I'd like to see the Tiggo 9 and", False),
        ("Where is the exhibition...", False),
        ("Is the robot, um", False),
        ("What is ecosystem 2.0,", True),
        ("Can you tell me where the exit is?", True),
        ("Where are you from?", True),
        ("What is that", True),
        ("Excuse me.", None),
        ("Sorry, hello", None),
        ("", None),
        ("   ", None),
    ],
)
def test_a_phrase_is_finished_unless_it_ends_on_a_word_that_needs_more(
    text: str, verdict: bool | None
) -> None:
    assert looks_complete(text, "en") is verdict


def test_no_verdict_without_a_word_list_for_the_language() -> None:
    assert looks_complete("¿Dónde está el", "es") is None
    assert looks_complete("Where is the", "en-GB") is False
    assert looks_complete("Thanks", "en", min_words=2) is False


class LoudnessVad(StreamingVad):
    def __init__(self) -> None:
        pass

    def probability(self, frame: AudioArray) -> float:
        return 0.95 if float(np.sqrt(np.mean(np.square(frame)))) > 0.05 else 0.0


class WordsByLength(Transcriber):
    """Short audio reads as the unfinished start, longer audio as the whole question."""

    def __init__(self, short: str, whole: str, whole_from_s: float, short_logprob: float = -0.1) -> None:
        self.short, self.whole, self.whole_from_s = short, whole, whole_from_s
        self.short_logprob = short_logprob  # how sure the recogniser is of the short reading
        self.calls: list[AudioArray] = []

    def transcribe(self, audio: AudioArray, prompt: str | None = None) -> Transcript:
        self.calls.append(audio)
        whole = audio.size / RATE >= self.whole_from_s
        text, logprob = (self.whole, -0.1) if whole else (self.short, self.short_logprob)
        return Transcript(text=text, avg_logprob=logprob, compression_ratio=1.0, seconds=audio.size / RATE)


def talk(transcriber: Transcriber, parts: list[tuple[str, float]], **params: float | bool) -> list[Heard]:
    """Feed voice/silence parts in 32 ms chunks, letting every decode finish before the next chunk (a
    decode faster than the audio, as on the robot)."""
    events: list[ListenerEvent] = []
    config = ListenerConfig.from_parameters(**params)
    listener = Listener(transcriber, config, events.append, vad=LoudnessVad(), clock=lambda: 0.0)
    t = 100.0
    for kind, seconds in parts:
        n = int(seconds * RATE)
        audio = (
            (0.3 * np.sin(2 * np.pi * 220 * np.arange(n) / RATE)).astype(np.float32)
            if kind == "voice"
            else np.zeros(n, dtype=np.float32)
        )
        for start in range(0, n, CHUNK):
            piece = audio[start : start + CHUNK]
            t += piece.size / RATE
            listener.feed(piece, t)
            assert listener.wait_idle(10.0)
    listener.close()
    heard = [event for event in events if isinstance(event, Heard)]
    assert len(heard) == len(events), events
    return heard


def wait(heard: Heard) -> float:
    return heard.timings["eos_detected"] - heard.timings["speech_end"]


def test_a_finished_question_ends_after_the_short_pause() -> None:
    transcriber = WordsByLength("where is the AiMOGA robot", "where is the AiMOGA robot", 0.0)
    (heard,) = talk(transcriber, [("silence", 0.5), ("voice", 1.2), ("silence", 1.5)])
    config = ListenerConfig()
    assert wait(heard) < config.endpointing.end_silence_s
    assert wait(heard) <= config.turn_end.complete_end_silence_s + 2 * CHUNK / RATE
    assert len(transcriber.calls) == 1  # the speculative decode is the transcript


def test_an_unfinished_phrase_waits_longer_but_no_longer_than_the_cap() -> None:
    transcriber = WordsByLength("where is the", "where is the", 0.0)
    (heard,) = talk(transcriber, [("silence", 0.5), ("voice", 1.0), ("silence", 2.0)])
    config = ListenerConfig()
    assert config.endpointing.end_silence_s < wait(heard)
    assert wait(heard) <= config.turn_end.unfinished_end_silence_s + 2 * CHUNK / RATE


def test_an_unfinished_phrase_with_a_half_second_pause_stays_one_turn() -> None:
    transcriber = WordsByLength("where is the", "where is the crash challenge", 1.6)
    heard = talk(
        transcriber, [("silence", 0.5), ("voice", 1.0), ("silence", 0.5), ("voice", 0.6), ("silence", 2)]
    )
    assert [h.transcript.text for h in heard] == ["where is the crash challenge"]


def test_an_unsure_first_word_and_a_pause_wait_for_the_rest_of_the_phrase() -> None:
    # "Wait, where are the toilets?" over the robot's voice: the lone first word is misheard ("And play."),
    # unsure; after the 0.45 s pause the rest follows, and the phrase is heard whole.
    transcriber = WordsByLength("And play.", "Wait, where are the toilets?", 0.9, short_logprob=-1.3)
    heard = talk(
        transcriber, [("silence", 0.5), ("voice", 0.3), ("silence", 0.45), ("voice", 1.0), ("silence", 2)]
    )
    assert [h.transcript.text for h in heard] == ["Wait, where are the toilets?"]


def test_a_wrong_early_end_is_decoded_again_with_the_rest_of_the_question() -> None:
    # "Where is the exit" reads finished; the guest goes on after 0.2 s ("... and the toilets").
    transcriber = WordsByLength("where is the exit", "where is the exit and the toilets", 1.6)
    heard = talk(
        transcriber, [("silence", 0.5), ("voice", 1.0), ("silence", 0.2), ("voice", 0.6), ("silence", 2)]
    )
    assert [h.transcript.text for h in heard] == ["where is the exit", "where is the exit and the toilets"]
    # The second decode holds both parts once: the pre-roll that repeats the first part's end is left out.
    assert transcriber.calls[-1].size / RATE < 1.0 + 0.1 + 0.2 + 0.6 + 0.3 + 0.35
    assert heard[1].timings["speech_start"] == heard[0].timings["speech_start"]


def test_off_the_fixed_end_silence_applies() -> None:
    transcriber = WordsByLength("where is the AiMOGA robot", "where is the AiMOGA robot", 0.0)
    (heard,) = talk(transcriber, [("silence", 0.5), ("voice", 1.2), ("silence", 1.5)], adaptive_end=False)
    assert ListenerConfig().endpointing.end_silence_s <= wait(heard) <= 0.45
