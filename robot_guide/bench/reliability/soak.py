"""A soak of many turns through the node set: memory after warm-up and at the end, lost turns, p99."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from robot_guide.bench.reliability.dialogue_probe import NodeSetUnderTest, ProbeNode, Sent, latency_summary

WINDOW = 8  # questions in flight: well under the utterance queue depth (50), so none is dropped by QoS
REPLY_TIMEOUT_S = 10.0
GUESTS = 40  # questions rotate over this many guests: sessions are created, reused and kept
GROWTH_LIMIT = 0.05
READY_TIMEOUT_S = 120.0
SETTLED_AFTER_S = 4.5  # two diagnostics periods (2 s) without a new row written
SETTLE_TIMEOUT_S = 60.0


def _turnlog_settled(probe: ProbeNode) -> None:
    """Wait until the turn log's writer has caught up (its "written" count stops rising): rows still queued
    are memory the node frees once written, not growth."""
    deadline = time.monotonic() + SETTLE_TIMEOUT_S
    last, steady_since = "", time.monotonic()
    while time.monotonic() < deadline:
        written = probe.turnlog_messages[-1][2].get("written", "") if probe.turnlog_messages else ""
        if written != last:
            last, steady_since = written, time.monotonic()
        elif written and time.monotonic() - steady_since > SETTLED_AFTER_S:
            return
        time.sleep(0.2)


class _Window:
    """Questions in flight, at most WINDOW: the send rate follows what the node set answers, and one slow
    or lost reply holds back only its own slot (it is counted lost after REPLY_TIMEOUT_S)."""

    def __init__(self, probe: ProbeNode) -> None:
        self.probe = probe
        self.in_flight: list[tuple[Sent, bool]] = []  # (question, counted: asked after the warm-up)
        self.latencies: list[float] = []
        self.lost = 0

    def ask(self, text: str, guest: str, counted: bool) -> None:
        while len(self.in_flight) >= WINDOW:
            self._wait_and_settle()
        self.in_flight.append((self.probe.ask(text, guest), counted))

    def drain(self) -> None:
        while self.in_flight:
            self._wait_and_settle()

    def _wait_and_settle(self) -> None:
        oldest = min(sent.sent for sent, _ in self.in_flight)
        with self.probe.replied:
            self.probe.replied.wait_for(
                lambda: any(sent.replied is not None for sent, _ in self.in_flight),
                max(0.0, oldest + REPLY_TIMEOUT_S - time.monotonic()),
            )
        now = time.monotonic()
        done = [(s, c) for s, c in self.in_flight if s.replied is not None or now - s.sent >= REPLY_TIMEOUT_S]
        for sent, counted in done:
            if counted and sent.latency is None:
                self.lost += 1
            elif counted and sent.latency is not None:
                self.latencies.append(sent.latency)
        self.probe.forget([sent for sent, _ in done])
        finished = {id(sent) for sent, _ in done}
        self.in_flight = [item for item in self.in_flight if id(item[0]) not in finished]


def soak(
    node_names: Sequence[str],
    questions: list[str],
    turns: int,
    warmup: int,
    log_path: Path,
    turnlog: Path,
    say: Callable[[str], None],
) -> dict[str, Any]:
    params = {"dialogue_node": {"turnlog_path": str(turnlog), "watch_knowledge": "false"}}
    with NodeSetUnderTest(node_names, log_path, params) as nodes:
        nodes.wait_ready(READY_TIMEOUT_S)
        assert nodes.probe is not None
        probe = nodes.probe
        window = _Window(probe)
        warm: dict[str, Any] = {}
        middle: dict[str, Any] = {}
        started = time.monotonic()
        for number in range(warmup + turns):
            if number == warmup:
                window.drain()
                _turnlog_settled(probe)
                warm = nodes.memory()
                started = time.monotonic()
            if number == warmup + turns // 2:
                window.drain()
                _turnlog_settled(probe)
                middle = nodes.memory()  # growth in the second half shows whether it levels off
            window.ask(questions[number % len(questions)], f"soak-{number % GUESTS}", number >= warmup)
            if number and number % 2000 == 0:
                say(f"soak: {number} turns")
        window.drain()
        seconds = time.monotonic() - started
        _turnlog_settled(probe)
        end = nodes.memory()
        matcher = probe.matcher
        assert nodes.supervisor is not None
        deaths = nodes.supervisor.deaths()
    memory = {}
    for name, before in warm.items():
        after = end.get(name, {})
        growth = (
            (after.get("rss_mb", 0.0) - before["rss_mb"]) / before["rss_mb"] if before["rss_mb"] else None
        )
        memory[name] = {
            "rss_after_warmup_mb": before["rss_mb"],
            "rss_halfway_mb": middle.get(name, {}).get("rss_mb"),
            "rss_end_mb": after.get("rss_mb"),
            "growth": None if growth is None else round(growth, 4),
            "ok": growth is not None and growth <= GROWTH_LIMIT,
        }
    return {
        "nodes": list(node_names),
        "matcher": matcher,
        "turns": turns,
        "warmup_turns": warmup,
        "seconds": round(seconds, 1),
        "turns_per_s": round(turns / seconds, 1) if seconds else None,
        "lost": window.lost,
        "deaths": deaths,
        "latency": latency_summary(window.latencies),
        "memory": memory,
        "growth_limit": GROWTH_LIMIT,
    }
