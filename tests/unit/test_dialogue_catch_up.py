"""Late questions (retained across a restart): fresh ones answered, stale ones asked again once per guest,
no turn answered twice, and the answered turns remembered in a private file for the next run."""

from __future__ import annotations

import stat
import time
from pathlib import Path

from robot_guide.contracts.messages import GuestEvent, Utterance
from robot_guide.dialogue.catch_up import FORGOTTEN_AFTER_S, CatchUp, Verdict, asked_at, message_key
from robot_guide.turnlog.handled import KEEP, HandledMessages

NOW = 1_800_000_000.0


def said(turn_id: str, seconds_ago: float | None, guest: str = "ana") -> Utterance:
    timings = (
        {} if seconds_ago is None else {"speech_end": NOW - seconds_ago - 0.5, "sent": NOW - seconds_ago}
    )
    return Utterance(text="where is hall b", guest_id=guest, turn_id=turn_id, timings=timings)


def test_a_fresh_question_is_answered_and_never_twice() -> None:
    catch_up = CatchUp(max_age_s=8.0)
    assert catch_up.verdict(said("t1", 3.0), NOW) is Verdict.ANSWER
    assert catch_up.verdict(said("t1", 3.0), NOW + 1) is Verdict.SKIP


def test_stale_questions_get_one_request_to_repeat_per_guest() -> None:
    catch_up = CatchUp(max_age_s=8.0)
    verdicts = [catch_up.verdict(said(f"a{i}", 20.0 + i), NOW) for i in range(5)]
    assert verdicts == [Verdict.ASK_AGAIN] + [Verdict.SKIP] * 4
    assert catch_up.verdict(said("b1", 30.0, guest="ben"), NOW) is Verdict.ASK_AGAIN
    assert catch_up.verdict(said("a9", 1.0), NOW) is Verdict.ANSWER  # a fresh question is answered again


def test_a_question_asked_minutes_ago_is_dropped_silently() -> None:
    catch_up = CatchUp(max_age_s=8.0)
    assert catch_up.verdict(said("old", FORGOTTEN_AFTER_S + 1), NOW) is Verdict.SKIP


def test_turns_answered_by_the_previous_run_are_skipped() -> None:
    catch_up = CatchUp(max_age_s=8.0, handled=["t1", "t2"])
    assert catch_up.verdict(said("t2", 1.0), NOW) is Verdict.SKIP
    assert catch_up.verdict(said("t3", 1.0), NOW) is Verdict.ANSWER


def test_guest_events_are_taken_once_and_only_when_fresh() -> None:
    arrival = GuestEvent("arrive", "ana", NOW - 2.0)
    catch_up = CatchUp(max_age_s=8.0)
    assert catch_up.take_event(arrival, NOW)
    assert not catch_up.take_event(arrival, NOW + 1)  # retained and delivered again
    assert not catch_up.take_event(GuestEvent("arrive", "ben", NOW - 60.0), NOW)  # minutes ago
    restarted = CatchUp(max_age_s=8.0, handled=[message_key(arrival)])
    assert not restarted.take_event(arrival, NOW + 1)


def test_a_question_without_a_stamp_or_turn_id_is_answered() -> None:
    catch_up = CatchUp(max_age_s=8.0)
    assert catch_up.verdict(said("", None), NOW) is Verdict.ANSWER
    assert catch_up.verdict(said("", None), NOW) is Verdict.ANSWER
    assert asked_at(said("x", 2.0)) == NOW - 2.0  # the newest stamp: when it was sent


def test_the_remembered_turns_are_bounded() -> None:
    catch_up = CatchUp(max_age_s=8.0, remember=10)
    for index in range(30):
        catch_up.verdict(said(f"t{index}", 1.0), NOW)
    assert catch_up.verdict(said("t29", 1.0), NOW) is Verdict.SKIP
    assert catch_up.verdict(said("t0", 1.0), NOW) is Verdict.ANSWER  # forgotten long ago


def test_handled_messages_survive_a_restart_in_a_private_file(tmp_path: Path) -> None:
    path = tmp_path / "state" / "turns.sqlite3.handled"
    first = HandledMessages(path)
    assert first.load() == []
    for index in range(5):
        first.add(f"t{index}")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert HandledMessages(path).load() == ["t0", "t1", "t2", "t3", "t4"]
    assert HandledMessages(path).load(since=time.time() + 1) == []  # only what is recent enough matters


def test_the_handled_file_is_cut_back_to_the_newest(tmp_path: Path) -> None:
    store = HandledMessages(tmp_path / "handled")
    store.load()
    for index in range(5 * KEEP):
        store.add(f"t{index}")
    kept = HandledMessages(tmp_path / "handled").load()
    assert kept[-1] == f"t{5 * KEEP - 1}" and len(kept) == KEEP
    assert len((tmp_path / "handled").read_text().splitlines()) <= 4 * KEEP


def test_an_unwritable_handled_file_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    store = HandledMessages(blocker / "handled")
    assert store.load() == []
    store.add("t1")
    assert "cannot" in store.problem
