"""A soak of many turns through dialogue_node: memory after warm-up and at the end, lost turns, p99."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from robot_guide.bench.reliability.dialogue_probe import NodeSetUnderTest, ProbeNode, Sent, latency_summary

WINDOW = 8  # questions in flight: well under the utterance queue depth (20), so none is dropped by QoS
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


def soak(
    questions: list[str], turns: int, warmup: int, log_path: Path, turnlog: Path, say: Callable[[str], None]
) -> dict[str, Any]:
    params = {"dialogue_node": {"turnlog_path": str(turnlog), "watch_knowledge": "false"}}
    latencies: list[float] = []
    lost = 0
    with NodeSetUnderTest(("dialogue_node",), log_path, params) as nodes:
        nodes.wait_ready(READY_TIMEOUT_S)
        assert nodes.probe is not None
        probe = nodes.probe
        in_flight: list[tuple[Sent, bool]] = []  # (question, counted: asked after the warm-up)
        warm: dict[str, Any] = {}
        middle: dict[str, Any] = {}
        started = time.monotonic()

        def settle(done: Sent, counted: bool) -> None:
            nonlocal lost
            if counted and done.latency is None:
                lost += 1
            elif counted and done.latency is not None:
                latencies.append(done.latency)
            probe.forget([done])

        for number in range(warmup + turns):
            if number == warmup:
                nodes.wait_replies([s for s, _ in in_flight], REPLY_TIMEOUT_S)
                _turnlog_settled(probe)
                warm = nodes.memory()
                started = time.monotonic()
            if number == warmup + turns // 2:
                nodes.wait_replies([s for s, _ in in_flight], REPLY_TIMEOUT_S)
                _turnlog_settled(probe)
                middle = nodes.memory()  # growth in the second half shows whether it levels off
            while len(in_flight) >= WINDOW:
                nodes.wait_replies([in_flight[0][0]], REPLY_TIMEOUT_S)
                settle(*in_flight.pop(0))
            sent = probe.ask(questions[number % len(questions)], f"soak-{number % GUESTS}")
            in_flight.append((sent, number >= warmup))
            if number and number % 2000 == 0:
                say(f"soak: {number} turns")
        nodes.wait_replies([s for s, _ in in_flight], REPLY_TIMEOUT_S)
        for done, counted in in_flight:
            settle(done, counted)
        seconds = time.monotonic() - started
        _turnlog_settled(probe)
        end = nodes.memory()
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
        "turns": turns,
        "warmup_turns": warmup,
        "seconds": round(seconds, 1),
        "turns_per_s": round(turns / seconds, 1) if seconds else None,
        "lost": lost,
        "deaths": deaths,
        "latency": latency_summary(latencies),
        "memory": memory,
        "growth_limit": GROWTH_LIMIT,
    }
