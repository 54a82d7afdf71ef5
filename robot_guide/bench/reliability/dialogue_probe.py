"""The real node set on a private DDS domain, and a probe node that asks text questions and times replies."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from diagnostic_msgs.msg import DiagnosticArray
from rclpy.context import Context
from rclpy.node import Node
from std_msgs.msg import String

from robot_guide.bench.errors import BenchError
from robot_guide.bench.probed_nodeset import ProbedNodeSet
from robot_guide.bench.process_cpu import tree_cpu_seconds
from robot_guide.contracts.messages import Reply, Utterance
from robot_guide.contracts.status import KnowledgeStatus, NodeState, NodeStatus
from robot_guide.launcher.nodeset import (
    describe_node_set,
)
from robot_guide.ros import interface as rg
from robot_guide.ros.observer import Observer

# The camera is off (no frames to watch); audio goes over topics. The matcher is the launch file's default
# (semantic), as a guest gets it.
BASE_ARGUMENTS = {"with_camera": "false", "audio_source": "topic", "audio_sink": "topic"}


@dataclass
class Sent:
    """One question: when it left, and when (if ever) its reply came back."""

    turn_id: str
    sent: float
    replied: float | None = None
    reply: Reply | None = None

    @property
    def latency(self) -> float | None:
        return None if self.replied is None else self.replied - self.sent


class ProbeNode(Node):
    """Publishes utterances (or any raw text) and records replies by turn id, node status and diagnostics."""

    def __init__(self, context: Context) -> None:
        super().__init__("reliability_probe", context=context)
        self._lock = threading.Lock()
        self.replied = threading.Condition(self._lock)  # notified on every awaited reply: no polling
        self._sent: dict[str, Sent] = {}
        self.matcher = ""  # the dialogue node's matcher, from its last knowledge/status
        self.ready_at: dict[str, list[float]] = {}
        self.turnlog_messages: list[tuple[float, str, dict[str, str]]] = []
        self.utterance_pub = self.create_publisher(String, rg.GUEST_UTTERANCE.name, rg.GUEST_UTTERANCE.qos)
        self.events_pub = self.create_publisher(String, rg.GUEST_EVENTS.name, rg.GUEST_EVENTS.qos)
        observer = Observer(self)
        observer.watch(rg.ROBOT_REPLY, self._on_reply)
        observer.watch(rg.NODE_STATUS, self._on_status)
        observer.watch(rg.DIAGNOSTICS, self._on_diagnostics)
        observer.watch(rg.KNOWLEDGE_STATUS, self._on_knowledge)

    def ask(self, text: str, guest_id: str) -> Sent:
        turn_id = uuid.uuid4().hex[:12]
        sent = Sent(turn_id, time.monotonic())
        with self._lock:
            self._sent[turn_id] = sent
        self.utterance_pub.publish(String(data=Utterance(text, guest_id, turn_id=turn_id).to_json()))
        return sent

    def _on_reply(self, reply: Reply) -> None:
        now = time.monotonic()
        with self._lock:
            sent = self._sent.get(reply.turn_id)
            if sent is not None and sent.replied is None:
                sent.replied, sent.reply = now, reply
                self.replied.notify_all()

    def _on_knowledge(self, status: KnowledgeStatus) -> None:
        self.matcher = status.matcher

    def _on_status(self, status: NodeStatus) -> None:
        if status.state is NodeState.READY:
            with self._lock:
                self.ready_at.setdefault(status.node, []).append(time.monotonic())

    def _on_diagnostics(self, array: DiagnosticArray) -> None:
        for status in array.status:
            if status.name.endswith("turn log"):
                values = {kv.key: kv.value for kv in status.values}
                with self._lock:
                    self.turnlog_messages.append((time.monotonic(), status.message, values))

    def unanswered(self, sents: Sequence[Sent]) -> int:
        with self._lock:
            return sum(1 for s in sents if s.replied is None)

    def forget(self, sents: Sequence[Sent]) -> None:
        """Drop finished questions: a 10,000-turn soak keeps only what it still waits for."""
        with self._lock:
            for sent in sents:
                self._sent.pop(sent.turn_id, None)


class NodeSetUnderTest(ProbedNodeSet[ProbeNode]):
    """Selected nodes of the launch file under the launcher's Supervisor (respawning as `up` does)."""

    def __init__(
        self,
        nodes: Sequence[str],
        log_path: Path,
        extra_params: Mapping[str, Mapping[str, str]] | None = None,
    ) -> None:
        params = {name: dict(values) for name, values in (extra_params or {}).items()}
        # Answers are timed once the semantic re-ranker serves (it loads in the background for seconds).
        self._semantic = params.get("dialogue_node", {}).get("matcher", "semantic") != "lexical"
        params.setdefault("tts_node", {}).setdefault("playback_speed", "10.0")  # long answers end sooner
        description = describe_node_set(BASE_ARGUMENTS, params)
        known = {spec.name for spec in description.nodes}
        missing = sorted(set(nodes) - known)
        if missing:
            raise BenchError(
                f"the launch file has no node {', '.join(missing)}; check launch/guide.launch.yaml"
            )
        self.nodes = tuple(nodes)
        self._started = 0.0
        super().__init__(
            replace(description, nodes=tuple(s for s in description.nodes if s.name in nodes)),
            log_path,
            append_log=True,
            respawn_in_background=True,
        )

    def _make_probe(self, context: Context) -> ProbeNode:
        return ProbeNode(context)

    def start(self) -> None:
        self._started = time.monotonic()
        super().start()

    def wait_ready(self, timeout_s: float) -> None:
        """Every node READY, dialogue_node answering (its subscription matched ours) with its semantic
        re-ranker loaded unless the lexical matcher was asked for."""
        assert self.probe is not None
        assert self.supervisor is not None
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if set(self.nodes) <= set(self.probe.ready_at):
                break
            dead = [n for n, d in self.supervisor.deaths().items() if d and n not in self.supervisor.pids()]
            if dead and time.monotonic() - self._started > 1.0 and self._stays_dead(dead):
                raise BenchError(f"{', '.join(dead)} exited while starting; see {self._log_path}", 1)
            time.sleep(0.1)
        else:
            missing = sorted(set(self.nodes) - set(self.probe.ready_at))
            raise BenchError(
                f"nodes not ready after {timeout_s:.0f} s: {', '.join(missing)}; see {self._log_path}", 1
            )
        while time.monotonic() < deadline:
            sent = self.probe.ask("hello", "warm-up")
            if self.wait_replies([sent], 2.0) == 0:
                break
        else:
            raise BenchError(
                f"dialogue_node did not answer within {timeout_s:.0f} s; see {self._log_path}", 1
            )
        if "dialogue_node" not in self.nodes or not self._semantic:
            return
        while self.probe.matcher != "semantic":
            if time.monotonic() >= deadline:
                raise BenchError(
                    f"dialogue_node still serves the {self.probe.matcher or 'lexical'} matcher after "
                    f"{timeout_s:.0f} s (the semantic re-ranker did not load); see {self._log_path}",
                    1,
                )
            time.sleep(0.1)

    def _stays_dead(self, names: list[str]) -> bool:
        """True when the nodes are still down 3 s later (a respawn would have brought them back)."""
        assert self.supervisor is not None
        time.sleep(3.0)
        return any(name not in self.supervisor.pids() for name in names)

    def wait_replies(self, sents: Sequence[Sent], timeout_s: float) -> int:
        """Wait until every question has its reply or the time is up; the number still unanswered."""
        assert self.probe is not None
        probe = self.probe
        deadline = time.monotonic() + timeout_s
        with probe.replied:
            probe.replied.wait_for(
                lambda: all(s.replied is not None for s in sents), max(0.0, deadline - time.monotonic())
            )
        return probe.unanswered(sents)

    def wait_settled(self, timeout_s: float, busy_cores: float = 0.25, window_s: float = 1.0) -> float | None:
        """Wait until the nodes have finished starting (tts_node pre-renders its fixed lines for seconds):
        together they use less than `busy_cores` of CPU over `window_s`. The seconds it took, or None when
        they were still busy after `timeout_s`."""
        assert self.supervisor is not None
        started = time.monotonic()
        while time.monotonic() - started < timeout_s:
            pids = list(self.supervisor.pids().values())
            before = sum(tree_cpu_seconds(pid) for pid in pids)
            time.sleep(window_s)
            if sum(tree_cpu_seconds(pid) for pid in pids) - before < busy_cores * window_s:
                return round(time.monotonic() - started, 1)
        return None

    def pid(self, node: str) -> int:
        assert self.supervisor is not None
        pid = self.supervisor.pids().get(node)
        if pid is None:
            raise BenchError(f"{node} is not running; see {self._log_path}", 1)
        return pid


def latency_summary(values: Sequence[float]) -> dict[str, Any]:
    from robot_guide.bench.stats import percentile

    if not values:
        return {"p50_ms": None, "p99_ms": None, "max_ms": None, "n": 0}
    return {
        "p50_ms": round(percentile(values, 50) * 1000, 1),
        "p99_ms": round(percentile(values, 99) * 1000, 1),
        "max_ms": round(max(values) * 1000, 1),
        "n": len(values),
    }
