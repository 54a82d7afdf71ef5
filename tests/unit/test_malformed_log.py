"""MalformedLog: one warning per interval for a flood of malformed messages, naming how many were skipped."""

from __future__ import annotations

from robot_guide.ros.malformed_log import MalformedLog, malformed_status


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_flood_within_one_interval_is_one_line_and_the_next_line_counts_the_rest() -> None:
    clock, lines = FakeClock(), []
    log = MalformedLog(lines.append, "utterance", every_s=1.0, clock=clock)
    for number in range(1000):
        log.refused(f"problem {number}")
        clock.now += 0.0005  # 2,000 a second
    assert lines == ["ignored a malformed utterance: problem 0"]
    clock.now += 1.0
    log.refused("the last one")
    assert lines[1] == "ignored a malformed utterance: the last one (999 more ignored since the last line)"
    assert log.ignored == 1001


def test_messages_further_apart_than_the_interval_are_each_logged_without_a_count() -> None:
    clock, lines = FakeClock(), []
    log = MalformedLog(lines.append, "guest event", every_s=1.0, clock=clock)
    for number in range(3):
        log.refused(number)
        clock.now += 1.5
    assert lines == [f"ignored a malformed guest event: {number}" for number in range(3)]


def test_the_diagnostics_status_names_each_count() -> None:
    utterances = MalformedLog(lambda _line: None, "utterance", every_s=1.0)
    events = MalformedLog(lambda _line: None, "guest event", every_s=1.0)
    for _ in range(3):
        utterances.refused("bad")
    events.refused("bad")
    status = malformed_status("dialogue_node: guest messages", (utterances, events))
    assert status.message == "4 malformed message(s) ignored"
    assert {kv.key: kv.value for kv in status.values} == {
        "malformed utterances ignored": "3",
        "malformed guest events ignored": "1",
    }
