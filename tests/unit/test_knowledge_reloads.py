"""Reloads that fail in any way leave a failed outcome and the last good knowledge; one reload at a time,
and a caller is never made to wait for another's reload."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from robot_guide.knowledge.live import LiveKnowledge, ReloadOutcome
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.knowledge.reloads import Reloads
from robot_guide.knowledge.watch import KnowledgeWatcher


def entry_ids(kb: KnowledgeBase) -> tuple[str, ...]:
    return tuple(entry.id for entry in kb.entries)


class Outcomes:
    """Records every outcome handed to the reload's handler."""

    def __init__(self) -> None:
        self.seen: list[tuple[ReloadOutcome, str]] = []

    def __call__(self, outcome: ReloadOutcome, reason: str) -> None:
        self.seen.append((outcome, reason))


def wait_until(condition: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_an_exception_escaping_the_loader_is_a_failed_outcome_and_the_old_knowledge_serves(
    kb_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    live = LiveKnowledge.open(kb_folder, entry_ids)
    serving = live.version
    (kb_folder / "entries.yaml").write_text("vocabulary: [changed]\n", encoding="utf-8")

    def broken(folder: object) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("robot_guide.knowledge.live.check_knowledge", broken)
    outcome = live.reload()
    assert not outcome.ok and outcome.version == serving == live.version
    assert "RecursionError" in outcome.problems[0].message


def test_a_tagged_value_of_the_wrong_type_fails_the_reload_with_its_line(kb_folder: Path) -> None:
    outcomes = Outcomes()
    reloads = Reloads(LiveKnowledge.open(kb_folder, entry_ids), outcomes)
    (kb_folder / "bad.yaml").write_text('vocabulary: [!!int "abc"]\n', encoding="utf-8")
    outcome = reloads.try_now("test")
    assert outcome is not None and not outcome.ok
    assert [str(p).split(": ")[0].rsplit("/", 1)[-1] for p in outcome.problems] == ["bad.yaml:1:14"]
    assert outcomes.seen == [(outcome, "test")]


def test_an_on_demand_reload_is_refused_at_once_while_another_runs(kb_folder: Path) -> None:
    gate = threading.Event()
    building = threading.Event()

    def slow_index(kb: KnowledgeBase) -> tuple[str, ...]:
        building.set()
        gate.wait(10)
        return entry_ids(kb)

    live = LiveKnowledge.open(kb_folder, entry_ids)
    live._build_index = slow_index
    outcomes = Outcomes()
    reloads = Reloads(live, outcomes)
    (kb_folder / "more.yaml").write_text("vocabulary: [AiMOGA]\n", encoding="utf-8")
    reloads.request("files changed")
    assert building.wait(10)
    started = time.monotonic()
    assert reloads.try_now("service") is None
    assert time.monotonic() - started < 0.5
    assert reloads.running_for is not None
    gate.set()
    assert reloads.wait_idle(10)
    assert [(o.ok, o.changed, reason) for o, reason in outcomes.seen] == [(True, True, "files changed")]


def test_requests_during_a_reload_become_one_more_reload(kb_folder: Path) -> None:
    gate = threading.Event()
    builds: list[str] = []

    def slow_index(kb: KnowledgeBase) -> tuple[str, ...]:
        builds.append(kb.version)
        gate.wait(10)
        return entry_ids(kb)

    live = LiveKnowledge.open(kb_folder, entry_ids)
    live._build_index = slow_index
    reloads = Reloads(live, Outcomes())
    (kb_folder / "more.yaml").write_text("vocabulary: [first]\n", encoding="utf-8")
    reloads.request("first")
    wait_until(lambda: builds)
    (kb_folder / "more.yaml").write_text("vocabulary: [second]\n", encoding="utf-8")
    for _ in range(5):
        reloads.request("again")
    gate.set()
    assert reloads.wait_idle(10)
    assert len(builds) == 2 and "second" in live.kb.vocabulary


def test_a_failing_outcome_handler_does_not_stop_later_reloads(kb_folder: Path) -> None:
    calls: list[str] = []

    def failing(outcome: ReloadOutcome, reason: str) -> None:
        calls.append(reason)
        raise RuntimeError("handler bug")

    reloads = Reloads(LiveKnowledge.open(kb_folder, entry_ids), failing)
    reloads.request("one")
    assert reloads.wait_idle(10)
    reloads.request("two")
    assert reloads.wait_idle(10)
    assert calls == ["one", "two"]


def test_the_watcher_reports_a_broken_edit_and_keeps_watching(kb_folder: Path) -> None:
    outcomes = Outcomes()
    live = LiveKnowledge.open(kb_folder, entry_ids)
    reloads = Reloads(live, outcomes)
    with KnowledgeWatcher(kb_folder, lambda: reloads.request("files changed"), debounce_s=0.1):
        (kb_folder / "bad.yaml").write_text("vocabulary: " + "[" * 600 + "]" * 600 + "\n", encoding="utf-8")
        wait_until(lambda: any(not o.ok for o, _ in outcomes.seen))
        failed = next(o for o, _ in outcomes.seen if not o.ok)
        assert "bad.yaml:1:" in str(failed.problems[0]) and "nested deeper" in str(failed.problems[0])
        (kb_folder / "bad.yaml").write_text("vocabulary: [AiMOGA]\n", encoding="utf-8")
        wait_until(lambda: "AiMOGA" in live.kb.vocabulary)  # the edit after the broken one is served


def test_a_dead_watcher_is_restarted_and_reported(kb_folder: Path) -> None:
    fired = threading.Event()
    watcher = KnowledgeWatcher(kb_folder, fired.set, debounce_s=0.05)
    watcher.start()
    try:
        assert watcher.keep_alive() == ""
        watcher._observer.stop()
        watcher._observer.join(5)
        assert "restarted" in watcher.keep_alive()
        (kb_folder / "new.yaml").write_text("vocabulary: [x]\n", encoding="utf-8")
        assert fired.wait(10)
    finally:
        watcher.stop()
