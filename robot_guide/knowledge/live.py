"""The serving snapshot of the knowledge base: reloads off the serving path and swaps only good versions."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from robot_guide.knowledge.loader import check_knowledge, knowledge_version
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.knowledge.problems import KnowledgeError, Problem

IndexT = TypeVar("IndexT")


@dataclass(frozen=True)
class Snapshot(Generic[IndexT]):
    """A knowledge base and the index built from it: always read and replaced together."""

    kb: KnowledgeBase
    index: IndexT
    loaded_at: float  # time.time() of the swap

    @property
    def knowledge(self) -> KnowledgeBase:
        return self.kb

    @property
    def version(self) -> str:
        return self.kb.version


@dataclass(frozen=True)
class ReloadOutcome:
    """What a reload did: ok=False means the old snapshot still serves and `problems` say why."""

    ok: bool
    version: str  # the version serving after the reload
    problems: tuple[Problem, ...]
    seconds: float
    changed: bool = False  # True when a new snapshot was swapped in

    def summary(self) -> str:
        if not self.ok:
            count = len(self.problems)
            return f"knowledge reload refused ({count} problem(s)); still serving version {self.version}"
        if self.changed:
            return f"knowledge reloaded: version {self.version} in {self.seconds:.2f} s"
        return f"knowledge unchanged (version {self.version})"


class LiveKnowledge(Generic[IndexT]):
    """Holds the current Snapshot; `reload()` is safe to call from any thread (e.g. a file watcher).

    Nothing is loaded until the first `reload()` (or use `LiveKnowledge.open`, which loads or raises)."""

    def __init__(self, folder: str | Path, build_index: Callable[[KnowledgeBase], IndexT]) -> None:
        self.folder = Path(folder)
        self._build_index = build_index
        self._reload_lock = threading.Lock()  # one reload at a time; readers never take it
        self._snapshot: Snapshot[IndexT] | None = None

    @classmethod
    def open(
        cls, folder: str | Path, build_index: Callable[[KnowledgeBase], IndexT]
    ) -> LiveKnowledge[IndexT]:
        """Loads the folder now; raises KnowledgeError when it is broken (there is nothing to serve)."""
        live = cls(folder, build_index)
        outcome = live.reload()
        if not outcome.ok:
            raise KnowledgeError(outcome.problems)
        return live

    @property
    def loaded(self) -> bool:
        return self._snapshot is not None

    @property
    def snapshot(self) -> Snapshot[IndexT]:
        """The current pair; take it once per request so kb and index always match."""
        snapshot = self._snapshot
        if snapshot is None:
            raise RuntimeError(f"no knowledge loaded yet from {self.folder}: call reload() first")
        return snapshot

    @property
    def current(self) -> Snapshot[IndexT]:
        return self.snapshot

    @property
    def kb(self) -> KnowledgeBase:
        return self.snapshot.kb

    @property
    def index(self) -> IndexT:
        return self.snapshot.index

    @property
    def version(self) -> str:
        """The serving version ("" before the first successful load)."""
        snapshot = self._snapshot
        return snapshot.version if snapshot else ""

    def reload(self) -> ReloadOutcome:
        """Loads, validates and indexes the folder while the old snapshot keeps serving; swaps on success.

        Never raises: whatever goes wrong is a failed outcome naming it; the old snapshot keeps serving."""
        started = time.perf_counter()
        with self._reload_lock:
            try:
                return self._reload_locked(started)
            except Exception as exc:  # e.g. a bug in a check, or the folder vanishing mid-read
                problem = Problem(str(self.folder), 0, 0, f"reading the knowledge failed: {exc!r}")
                return ReloadOutcome(False, self.version, (problem,), time.perf_counter() - started)

    def _reload_locked(self, started: float) -> ReloadOutcome:
        serving = self.version
        if serving and knowledge_version(self.folder) == serving:
            return ReloadOutcome(True, serving, (), time.perf_counter() - started)
        kb, problems = check_knowledge(self.folder)
        if kb is None:
            return ReloadOutcome(False, serving, tuple(problems), time.perf_counter() - started)
        if kb.version == serving:  # changed and changed back between the two reads
            return ReloadOutcome(True, serving, (), time.perf_counter() - started)
        try:
            index = self._build_index(kb)
        except Exception as exc:  # a failing index must not take the robot's answers down
            problem = Problem(str(self.folder), 0, 0, f"building the matcher index failed: {exc!r}")
            return ReloadOutcome(False, serving, (problem,), time.perf_counter() - started)
        # One attribute assignment is atomic in CPython: readers see the old or the new pair, never a mix.
        self._snapshot = Snapshot(kb, index, time.time())
        return ReloadOutcome(True, kb.version, (), time.perf_counter() - started, changed=True)

    def reindex(self, build_index: Callable[[KnowledgeBase], IndexT] | None = None) -> ReloadOutcome:
        """Rebuilds the serving knowledge's index, e.g. with a better matcher that became available, and
        swaps it in; a new `build_index` then also serves every later reload.

        The build runs outside the reload lock, because it may take tens of seconds (a neural model): edits
        saved meanwhile are reloaded and served as usual, and the build then starts again on the new version.
        The files are not read again."""
        started = time.perf_counter()
        builder = build_index or self._build_index
        while True:
            snapshot = self.snapshot
            try:
                index = builder(snapshot.kb)
            except Exception as exc:  # the old index keeps serving
                problem = Problem(str(self.folder), 0, 0, f"building the matcher index failed: {exc!r}")
                return ReloadOutcome(False, snapshot.version, (problem,), time.perf_counter() - started)
            with self._reload_lock:
                if self._snapshot is not snapshot:  # a reload swapped in an edit while we built: index that
                    continue
                self._build_index = builder
                self._snapshot = Snapshot(snapshot.kb, index, time.time())
                return ReloadOutcome(True, snapshot.version, (), time.perf_counter() - started, changed=True)
