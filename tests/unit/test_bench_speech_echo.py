"""The echo sweep's summary: success is the robot stopped in time with the guest heard; echo alone counts."""

from __future__ import annotations

import numpy as np

from robot_guide.bench.speech.echo_sweep import Trial, run_trial, summarise, summarise_late
from robot_guide.paths import share_dir
from robot_guide.speech.audio import load_audio
from robot_guide.speech.interfaces import SAMPLE_RATE, AudioArray, Transcriber, Transcript


def trial(
    gain: float, guest: str, after: float | None, heard: tuple[str, ...], guest_s: float = 2.5
) -> Trial:
    return Trial(gain, 0.06, guest, 1.5, after, heard, guest_s)


def test_success_is_stopping_while_the_guest_talks_and_hearing_the_question() -> None:
    trials = [
        trial(0.5, "excuse_me_coffee.wav", 0.4, ("Excuse me, where can I get some coffee?",)),
        trial(0.5, "sorry_exit.wav", 0.3, ("Sorry, how do I get to the egg",)),  # stopped, not heard
        trial(0.5, "stop_wait.wav", 3.0, ("Wait, where are the toilets?",)),  # talked over the whole question
        trial(0.5, "where_is_the_crash_challenge.wav", None, ()),
        trial(0.5, "", None, ()),
        trial(0.1, "", 2.0, ("the opening",)),  # the echo alone interrupted the robot and was heard
    ]
    summary = summarise(trials)
    half = summary["by_gain"]["0.5"]
    assert half["barge_in_success"] == 25.0 and half["stopped_in_time"] == 50.0 and half["trials"] == 4
    assert half["false_barge_ins"] == 0 and summary["by_gain"]["0.1"]["false_barge_ins"] == 1
    assert (
        summary["by_gain"]["0.1"]["echo_heard"] == 1 and summary["by_gain"]["0.1"]["barge_in_success"] is None
    )
    assert summary["false_barge_ins"] == 1
    assert len(summary["misses"]) == 3 and "no barge-in" in summary["misses"][-1]


class PromptRecorder(Transcriber):
    """Records the prompt of every decode; hears nothing."""

    def __init__(self) -> None:
        self.prompts: list[str | None] = []

    def transcribe(self, audio: AudioArray, prompt: str | None = None) -> Transcript:
        self.prompts.append(prompt)
        return Transcript(text="", seconds=audio.size / SAMPLE_RATE, rejected="test")


def test_a_trial_listens_with_the_prompt_asr_node_uses() -> None:
    guest = load_audio(share_dir() / "sim" / "audio" / "sorry_exit.wav")
    pause = np.zeros(3 * SAMPLE_RATE, dtype=np.float32)  # the robot between two sentences
    recorder = PromptRecorder()
    after, _heard = run_trial(recorder, pause, 0.1, 0.03, guest, 0.5, "AiMOGA, Chery.")
    assert after is not None  # the guest stopped the robot, so the listener decoded the question
    assert recorder.prompts and set(recorder.prompts) == {"AiMOGA, Chery."}


def test_the_late_far_end_rows_count_each_lateness_apart() -> None:
    on_time = Trial(0.5, 0.06, "sorry_exit.wav", 1.5, 0.4, ("Sorry, how do I get to the exit?",), 2.0, 0.05)
    late_miss = Trial(0.5, 0.06, "sorry_exit.wav", 1.5, None, (), 2.0, 0.15)
    late_echo = Trial(0.5, 0.06, "", 0.0, 1.0, ("the opening",), 0.0, 0.15)  # the echo alone cut in
    rows = summarise_late([on_time, late_miss, late_echo])["by_late_s"]
    assert rows["0.05"]["barge_in_success"] == 100.0 and rows["0.05"]["echo_trials"] == 0
    assert rows["0.15"]["barge_in_success"] == 0.0 and rows["0.15"]["trials"] == 1
    assert rows["0.15"]["false_barge_ins"] == 1 and rows["0.15"]["echo_heard"] == 1
