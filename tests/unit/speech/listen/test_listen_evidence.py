"""Echo is decided by sound first; unsure words from clear speech get one request to repeat."""

from __future__ import annotations

import numpy as np

from robot_guide.speech.interfaces import Transcript
from robot_guide.speech.listen.far_end import FarEndBuffer
from robot_guide.speech.listen.utterance_evidence import (
    AcousticEvidence,
    EvidenceTally,
    RepeatRequestConfig,
    RepeatRequestPolicy,
)

UNSURE = Transcript(text="is cherry on the forms list", avg_logprob=-1.1, seconds=2.0)
GUEST = AcousticEvidence(voiced_s=1.5, robot_audible_s=0.0, echo_like_s=0.0, reference=True)
ECHO = AcousticEvidence(voiced_s=1.5, robot_audible_s=1.5, echo_like_s=1.2, reference=True)


def test_the_words_are_compared_only_when_the_sound_may_be_the_robot() -> None:
    assert not GUEST.text_check_applies()  # a guest after the robot stopped: its words may be reused
    assert ECHO.sounds_like_echo() and ECHO.text_check_applies()
    over = AcousticEvidence(voiced_s=1.5, robot_audible_s=1.5, echo_like_s=0.2, reference=True)
    assert over.robot_audible() and not over.text_check_applies()  # a guest louder than the robot's echo
    assert AcousticEvidence(voiced_s=1.0, reference=False).text_check_applies()  # no reference: words only


def test_the_tally_adds_up_one_utterance_at_a_time() -> None:
    tally = EvidenceTally()
    tally.add(0.5, audible=True, echo_like=True)
    tally.start()
    for _ in range(3):
        tally.add(0.032, audible=True, echo_like=False)
    evidence = tally.snapshot(reference=True)
    assert round(evidence.voiced_s, 3) == round(evidence.robot_audible_s, 3) == 0.096
    assert evidence.echo_like_s == 0.0


def test_clear_unsure_speech_is_asked_about_once_until_something_is_heard() -> None:
    policy = RepeatRequestPolicy(RepeatRequestConfig())
    assert policy.should_ask(UNSURE, True, GUEST, -25.0, 10.0)
    assert not policy.should_ask(UNSURE, True, GUEST, -25.0, 15.0)  # once
    policy.heard()
    assert policy.should_ask(UNSURE, True, GUEST, -25.0, 16.0)


def test_no_request_for_echo_noise_coughs_far_voices_or_other_guards() -> None:
    config = RepeatRequestConfig()
    cases = [
        (UNSURE, True, ECHO, -25.0),
        (UNSURE, False, GUEST, -25.0),  # dropped by a guard that is no doubt about words (phantom, too short)
        (UNSURE, True, AcousticEvidence(voiced_s=0.3, reference=True), -25.0),
        (UNSURE, True, GUEST, -55.0),
        (Transcript(text="mm", avg_logprob=-2.5, seconds=2.0), True, GUEST, -25.0),
    ]
    for transcript, low_confidence, evidence, dbfs in cases:
        assert not RepeatRequestPolicy(config).should_ask(transcript, low_confidence, evidence, dbfs, 1.0)
    assert not RepeatRequestPolicy(RepeatRequestConfig(enabled=False)).should_ask(
        UNSURE, True, GUEST, -25.0, 1.0
    )


def test_the_far_end_is_cut_on_the_microphone_clock() -> None:
    buffer = FarEndBuffer(keep_s=1.0)
    ramp = np.arange(1600, dtype=np.float32) / 1600.0  # 0.1 s
    buffer.feed(ramp, 10.0)
    frame = buffer.frame(10.05, 1600)  # from 9.95: half nothing, half the first 0.05 s
    assert np.all(frame[:800] == 0.0)
    assert np.allclose(frame[800:], ramp[:800])
    assert buffer.active(10.3, within_s=0.25) and not buffer.active(10.4, within_s=0.25)
    buffer.feed(ramp, 20.0)  # older chunks are forgotten
    assert not np.any(buffer.frame(10.05, 1600))


class _LoudnessVad:
    def probability(self, frame: np.ndarray) -> float:
        return 0.95 if float(np.sqrt(np.mean(np.square(frame)))) > 0.01 else 0.0

    def reset(self) -> None:
        pass


class _Words:
    def __init__(self, text: str, avg_logprob: float = -0.2) -> None:
        self.text, self.avg_logprob = text, avg_logprob

    def transcribe(self, audio: np.ndarray, prompt: str | None = None) -> Transcript:
        return Transcript(
            text=self.text, avg_logprob=self.avg_logprob, compression_ratio=1.2, seconds=audio.size / 16000
        )


def _after_the_robot(text: str, reference: bool, avg_logprob: float = -0.2) -> list[object]:
    """The robot says a line (played, with its words noted), stops; 1 s later a guest speaks clearly."""
    from robot_guide.speech.listen.config import ListenerConfig
    from robot_guide.speech.listen.listener import Listener

    events: list[object] = []
    listener = Listener(
        _Words(text, avg_logprob),  # type: ignore[arg-type]
        ListenerConfig(),
        events.append,
        vad=_LoudnessVad(),  # type: ignore[arg-type]
        clock=lambda: 0.0,
    )
    rate, frame = 16000, 512
    line = (0.3 * np.sin(2 * np.pi * 180 * np.arange(2 * rate) / rate)).astype(np.float32)
    listener.note_robot_words("The AiMOGA robot is a humanoid guide made by Chery.", 100.0)
    listener.set_robot_speaking(True, 100.0)
    t = 100.0
    for start in range(0, line.size, frame):
        if reference:
            listener.feed_reference(line[start : start + frame], t)
        t += frame / rate
        listener.feed(np.zeros(frame, np.float32), t)  # a quiet room: no echo comes back
    listener.set_robot_speaking(False, t)
    guest = (0.2 * np.sin(2 * np.pi * 240 * np.arange(int(1.5 * rate)) / rate)).astype(np.float32)
    audio = np.concatenate([np.zeros(rate, np.float32), guest, np.zeros(rate, np.float32)])
    for start in range(0, audio.size, frame):
        t += frame / rate
        listener.feed(audio[start : start + frame], t)
    assert listener.wait_idle(10.0)
    listener.close()
    return events


def test_a_guest_reusing_the_robots_words_is_heard_when_the_sound_says_guest() -> None:
    from robot_guide.speech.listen.listener import Heard, Ignored

    (event,) = _after_the_robot("What is the AiMOGA robot?", reference=True)
    assert isinstance(event, Heard) and event.transcript.text == "What is the AiMOGA robot?"
    # Without the robot's playback as a reference the words are the only evidence, as before.
    (event,) = _after_the_robot("What is the AiMOGA robot?", reference=False)
    assert isinstance(event, Ignored) and event.reason == "echo of the robot's own words"


def test_clear_speech_with_unsure_words_asks_the_guest_to_repeat() -> None:
    from robot_guide.speech.listen.listener import Unsure

    (event,) = _after_the_robot("is cherry on the forms list", reference=True, avg_logprob=-1.2)
    assert isinstance(event, Unsure)
    assert event.reason.startswith("low confidence") and event.text == "is cherry on the forms list"
    assert {"speech_start", "speech_end", "eos_detected", "transcript_ready"} <= set(event.timings)


def test_a_loop_read_from_clear_speech_asks_the_guest_to_repeat_too() -> None:
    """A mumbled question comes back unsure, as a loop or as "no speech" from one decode to the next."""
    from robot_guide.speech.listen.listener import Unsure

    (event,) = _after_the_robot("No, I'm, I'm, I'm, I'm, I'm, I'm, I'm, I'm,", reference=True)
    assert isinstance(event, Unsure) and event.reason.startswith("repeated-term loop")


def test_only_the_recognisers_doubts_are_unsure_readings() -> None:
    from robot_guide.speech.listen.guards import GuardConfig, check_transcript, unsure_reading

    def reason(**fields: object) -> str:
        values: dict[str, object] = {"text": "where is the toilet", "avg_logprob": -0.2, "seconds": 2.0}
        values.update(fields)
        return check_transcript(Transcript(**values), -20.0, GuardConfig())  # type: ignore[arg-type]

    assert unsure_reading(reason(avg_logprob=-1.2))
    assert unsure_reading(reason(no_speech_prob=0.9, avg_logprob=-1.1))
    assert unsure_reading(reason(text="I'm, I'm, I'm, I'm, I'm, I'm"))
    assert not unsure_reading(reason(seconds=0.1))  # too short: nothing to ask about
    assert not unsure_reading(reason(text="..."))  # no words
    assert not unsure_reading(reason(text="thank you for watching"))  # a phantom phrase


def test_played_chunks_with_jittered_stamps_make_one_continuous_far_end() -> None:
    """A loudspeaker stamps each chunk when it is written: milliseconds of jitter must not open gaps or
    overlaps in the far end, which the canceller would take for a changed echo path."""
    buffer = FarEndBuffer(keep_s=2.0, join_s=0.05)
    played = np.arange(1, 16 * 512 + 1, dtype=np.float32) / 10_000.0
    jitter = np.random.default_rng(2).uniform(-0.004, 0.004, 16)
    jitter[0] = 0.0  # the line starts where its first stamp says
    for index in range(16):
        buffer.feed(played[index * 512 : (index + 1) * 512], 10.0 + index * 0.032 + float(jitter[index]))
    assert np.array_equal(buffer.frame(10.0 + 16 * 0.032, 16 * 512), played)
    buffer.feed(played[:512], 11.0)  # a new line after a pause starts where its own stamp says
    assert np.array_equal(buffer.frame(11.032, 512), played[:512])
