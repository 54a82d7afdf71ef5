"""Live reload (good edit swaps, bad edit keeps serving, no rebuild when unchanged) and the file watcher."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from robot_guide.knowledge.live import LiveKnowledge
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.knowledge.problems import KnowledgeError
from robot_guide.knowledge.watch import KnowledgeWatcher

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "knowledge" / "minimal"
NEW_ENTRY = """
  - id: parking
    questions:
      en: [where can I park, where is the car park, parking, is there parking]
    answer:
      en: The car park is behind Hall C.
"""


def insert_entry(folder: Path, text: str) -> None:
    """Adds entries right after the `entries:` line, as the content team would."""
    path = folder / "entries.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("entries:\n", "entries:" + text, 1), encoding="utf-8"
    )


class CountingIndex:
    """A stand-in for the matcher index that counts builds (the real one is slow to build)."""

    def __init__(self) -> None:
        self.builds: list[str] = []

    def __call__(self, kb: KnowledgeBase) -> tuple[str, ...]:
        self.builds.append(kb.version)
        return tuple(entry.id for entry in kb.entries)


def test_good_edit_swaps_the_snapshot(kb_folder: Path) -> None:
    builder = CountingIndex()
    live = LiveKnowledge.open(kb_folder, builder)
    before = live.snapshot
    insert_entry(kb_folder, NEW_ENTRY)
    outcome = live.reload()
    assert outcome.ok and outcome.changed and outcome.problems == ()
    assert outcome.version == live.version != before.version
    assert live.index == ("parking", "restrooms", "wifi")
    assert live.kb.entry("parking") is not None
    assert before.index == ("restrooms", "wifi")  # a reader holding the old snapshot keeps a consistent pair
    assert len(builder.builds) == 2


def test_bad_edit_keeps_the_last_good_snapshot_and_reports(kb_folder: Path) -> None:
    builder = CountingIndex()
    live = LiveKnowledge.open(kb_folder, builder)
    good = live.snapshot
    insert_entry(kb_folder, "\n  - id: broken\n    questions: {en: [x]}\n")
    outcome = live.reload()
    assert not outcome.ok and not outcome.changed
    assert outcome.version == good.version and live.snapshot is good
    assert [(Path(p.file).name, p.line) for p in outcome.problems] == [("entries.yaml", 3)]
    assert "missing 'answer'" in outcome.problems[0].message
    assert "refused" in outcome.summary()
    assert builder.builds == [good.version]


def test_unchanged_folder_is_not_rebuilt(kb_folder: Path) -> None:
    builder = CountingIndex()
    live = LiveKnowledge.open(kb_folder, builder)
    snapshot = live.snapshot
    outcome = live.reload()
    assert outcome.ok and not outcome.changed and live.snapshot is snapshot
    assert len(builder.builds) == 1
    os.utime(kb_folder / "entries.yaml")  # touched, same bytes: still the same version
    assert not live.reload().changed and len(builder.builds) == 1


def test_failing_index_build_keeps_serving(kb_folder: Path) -> None:
    calls = {"n": 0}

    def flaky(kb: KnowledgeBase) -> int:
        calls["n"] += 1
        if calls["n"] > 1:
            raise ValueError("embedding model missing")
        return len(kb.entries)

    live = LiveKnowledge.open(kb_folder, flaky)
    insert_entry(kb_folder, NEW_ENTRY)
    outcome = live.reload()
    assert not outcome.ok and live.index == 2
    assert "embedding model missing" in outcome.problems[0].message


def test_slow_reindex_lets_an_edit_through_then_indexes_the_edit(kb_folder: Path) -> None:
    """A better matcher that takes long to build must not hold up the content team's edits."""
    live = LiveKnowledge.open(kb_folder, lambda kb: ("lexical", len(kb.entries)))
    building = threading.Event()
    release = threading.Event()

    def slow_semantic(kb: KnowledgeBase) -> tuple[str, int]:
        building.set()
        release.wait(timeout=10)
        return ("semantic", len(kb.entries))

    outcomes = []
    worker = threading.Thread(target=lambda: outcomes.append(live.reindex(slow_semantic)))
    worker.start()
    assert building.wait(timeout=10)
    insert_entry(kb_folder, NEW_ENTRY)
    edit = live.reload()  # while the slow build runs: served at once with the old builder
    assert edit.ok and edit.changed and live.index == ("lexical", 3)
    release.set()
    worker.join(timeout=10)
    assert outcomes and outcomes[0].ok and outcomes[0].version == edit.version
    assert live.index == ("semantic", 3)  # built again for the edited version, not the one it started on
    insert_entry(kb_folder, NEW_ENTRY.replace("parking", "cloakroom"))
    assert live.reload().ok and live.index == ("semantic", 4)  # later reloads use the new builder


def test_broken_folder_at_start(kb_folder: Path) -> None:
    (kb_folder / "persona.yaml").write_text("persona: [\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"persona\.yaml:2:1: invalid YAML"):
        LiveKnowledge.open(kb_folder, CountingIndex())
    live = LiveKnowledge(kb_folder, CountingIndex())  # lazy: the first reload loads
    outcome = live.reload()
    assert not outcome.ok and outcome.version == "" and not live.loaded
    with pytest.raises(RuntimeError, match="call reload"):
        _ = live.snapshot
    shutil.copy(FIXTURE / "persona.yaml", kb_folder / "persona.yaml")
    assert live.reload().changed and live.current.knowledge.entry("wifi") is not None


def wait_for(condition: threading.Event, timeout: float = 10.0) -> bool:
    """Waits for a callback without asserting on timing (the machine may be loaded)."""
    return condition.wait(timeout)


def test_watcher_fires_once_per_burst_on_a_real_edit(kb_folder: Path) -> None:
    fired = threading.Event()
    calls: list[float] = []

    def on_change() -> None:
        calls.append(time.monotonic())
        fired.set()

    # A long debounce so that three saves a few microseconds apart are one burst even on a loaded machine.
    with KnowledgeWatcher(kb_folder, on_change, debounce_s=1.0):
        for _ in range(3):  # a burst of saves
            insert_entry(kb_folder, "")
            (kb_folder / "entries.yaml").write_text(
                (kb_folder / "entries.yaml").read_text(encoding="utf-8") + "\n"
            )
        assert wait_for(fired), "watcher did not call back within 10 s"
        time.sleep(1.5)  # a second (wrong) debounce window would fire within this
    assert len(calls) == 1


def test_watcher_sees_editor_style_save_via_rename_and_ignores_other_files(kb_folder: Path) -> None:
    fired = threading.Event()
    with KnowledgeWatcher(kb_folder, fired.set, debounce_s=0.1):
        (kb_folder / "notes.txt").write_text("not knowledge", encoding="utf-8")
        assert not fired.wait(0.5)
        temp = kb_folder / ".entries.yaml.swp~"
        temp.write_text((kb_folder / "entries.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
        os.replace(temp, kb_folder / "entries.yaml")
        assert wait_for(fired)


def test_watcher_survives_a_failing_callback(kb_folder: Path) -> None:
    fired = threading.Event()
    calls = {"n": 0}

    def on_change() -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            fired.set()
            raise RuntimeError("reload crashed")
        fired.set()

    with KnowledgeWatcher(kb_folder, on_change, debounce_s=0.1):
        (kb_folder / "extra.yaml").write_text("vocabulary: [Tiggo 9]\n", encoding="utf-8")
        assert wait_for(fired)
        fired.clear()
        (kb_folder / "extra.yaml").unlink()
        assert wait_for(fired), "watcher stopped after a failing callback"
    assert calls["n"] == 2


def test_watcher_and_live_reload_together(kb_folder: Path) -> None:
    live = LiveKnowledge.open(kb_folder, CountingIndex())
    swapped = threading.Event()

    def reload() -> None:
        if live.reload().changed:
            swapped.set()

    with KnowledgeWatcher(kb_folder, reload, debounce_s=0.1):
        insert_entry(kb_folder, NEW_ENTRY)
        assert wait_for(swapped)
    assert live.kb.entry("parking") is not None


def test_watching_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not a folder"):
        KnowledgeWatcher(tmp_path / "nope", lambda: None).start()
