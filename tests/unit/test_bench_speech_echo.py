"""The echo sweep's summary: success is the robot stopped in time with the guest heard; echo alone counts."""

from __future__ import annotations

from robot_guide.bench.speech.echo_sweep import Trial, summarise


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
