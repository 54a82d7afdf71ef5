"""Fault injection through the real nodes: kill -9 under the supervisor, and a turn log locked or full."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from robot_guide.bench.reliability.dialogue_probe import NodeSetUnderTest, Sent, latency_summary

QUESTION_PERIOD_S = 0.2  # questions keep flowing at this pace while a node is down
LATE_S = 2.0  # a reply later than this after its question counts as late
GRACE_S = 10.0  # after the node is back, replies still arriving count (late), later ones are lost
READY_TIMEOUT_S = 180.0


def _flow(nodes: NodeSetUnderTest, seconds: float, questions: Sequence[str], guest: str) -> list[Sent]:
    assert nodes.probe is not None
    sents = []
    deadline = time.monotonic() + seconds
    number = 0
    while time.monotonic() < deadline:
        sents.append(nodes.probe.ask(questions[number % len(questions)], guest))
        number += 1
        time.sleep(QUESTION_PERIOD_S)
    return sents


def _outcome(nodes: NodeSetUnderTest, sents: list[Sent]) -> dict[str, Any]:
    nodes.wait_replies(sents, GRACE_S)
    latencies = [s.latency for s in sents if s.latency is not None]
    return {
        "asked": len(sents),
        "lost": sum(1 for s in sents if s.latency is None),
        "late": sum(1 for s in latencies if s > LATE_S),
        "latency": latency_summary(latencies),
    }


def kill_each(
    node_names: Sequence[str],
    questions: Sequence[str],
    folder: Path,
    log_path: Path,
    say: Callable[[str], None],
) -> list[dict[str, Any]]:
    """Each node killed with SIGKILL while questions flow: time until it reports ready again, turns lost."""
    rows = []
    params = {
        "dialogue_node": {"turnlog_path": str(folder / "kill-turns.sqlite3"), "watch_knowledge": "false"}
    }
    with NodeSetUnderTest(node_names, log_path, params) as nodes:
        say(f"faults: starting {', '.join(node_names)}")
        nodes.wait_ready(READY_TIMEOUT_S)
        assert nodes.probe is not None
        for name in node_names:
            say(f"faults: kill -9 {name}")
            before = _flow(nodes, 1.0, questions, f"kill-{name}")
            pid = nodes.pid(name)
            readies = len(nodes.probe.ready_at.get(name, []))
            killed = time.monotonic()
            os.kill(pid, signal.SIGKILL)
            back_s = None
            during: list[Sent] = []
            deadline = killed + READY_TIMEOUT_S
            while time.monotonic() < deadline:
                during += _flow(nodes, QUESTION_PERIOD_S, questions, f"kill-{name}")
                if len(nodes.probe.ready_at.get(name, [])) > readies:
                    back_s = nodes.probe.ready_at[name][readies] - killed
                    break
            after = _flow(nodes, 2.0, questions, f"kill-{name}")
            outcome = _outcome(nodes, before + during + after)
            rows.append({"node": name, "back_s": None if back_s is None else round(back_s, 2), **outcome})
    return rows


def turnlog_faults(questions: Sequence[str], folder: Path, log_path: Path) -> dict[str, Any]:
    """The turn log's file locked by another connection, then its writes failing as on a full disk."""
    turnlog = folder / "turns.sqlite3"
    params = {"dialogue_node": {"turnlog_path": str(turnlog), "watch_knowledge": "false"}}
    out: dict[str, Any] = {}
    with NodeSetUnderTest(("dialogue_node",), log_path, params) as nodes:
        nodes.wait_ready(READY_TIMEOUT_S)
        assert nodes.probe is not None
        probe = nodes.probe
        _outcome(nodes, _flow(nodes, 1.0, questions, "log-warm"))
        locker = sqlite3.connect(turnlog, timeout=1.0, isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")  # another process holding the write lock (a report run, a backup)
        mark = len(probe.turnlog_messages)
        locked = _outcome(nodes, _flow(nodes, 6.0, questions, "log-locked"))
        out["locked"] = {**locked, "diagnostics": _last_message(probe.turnlog_messages[mark:], turnlog)}
        locker.rollback()
        locker.close()
        # A full disk: every write of the node past one byte fails (EFBIG, as ENOSPC would).
        pid = nodes.pid("dialogue_node")
        limits = resource.prlimit(pid, resource.RLIMIT_FSIZE)
        resource.prlimit(pid, resource.RLIMIT_FSIZE, (1, limits[1]))
        mark = len(probe.turnlog_messages)
        full = _outcome(nodes, _flow(nodes, 6.0, questions, "log-full"))
        out["disk_full"] = {**full, "diagnostics": _last_message(probe.turnlog_messages[mark:], turnlog)}
        resource.prlimit(pid, resource.RLIMIT_FSIZE, limits)
        assert nodes.supervisor is not None
        out["deaths"] = nodes.supervisor.deaths()
    return out


def _last_message(messages: list[tuple[float, str, dict[str, str]]], turnlog: Path) -> str:
    """The turn log's last diagnostics line while the fault lasted (it should name the problem), with the
    file's name instead of its temporary path."""
    for _, message, values in reversed(messages):
        message = message.replace(str(turnlog), turnlog.name)
        return f"{message} (written {values.get('written', '?')}, dropped {values.get('dropped', '?')})"[:200]
    return "no diagnostics received"
