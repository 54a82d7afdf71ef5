"""dialogue_node's side of the fleet: takes published knowledge bundles, sends heartbeats and turns."""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from rclpy.node import Node
from std_msgs.msg import String

from robot_guide.contracts.fleet import (
    RESPAWNS_ENV,
    FleetTurn,
    KnowledgeBundle,
    KnowledgeSource,
    RobotHeartbeat,
)
from robot_guide.contracts.messages import Reply, Utterance
from robot_guide.knowledge.bundle import (
    BundleError,
    bundle_problems,
    is_holder,
    local_created,
    newer_than_serving,
    read_files,
    unpack,
)
from robot_guide.knowledge.loader import check_knowledge
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.ros import interface as rg
from robot_guide.ros.malformed_log import MalformedLog
from robot_guide.turnlog.tally import DayTally
from robot_guide.turnlog.turns import make_turn

HEARTBEAT_PERIOD_S = 2.0
ENVELOPE_FILE = "bundle.json"  # beside the unpacked files: who published them, when (without the texts)
MAX_REMEMBERED = 256


@dataclass(frozen=True)
class FleetServing:
    """A fleet bundle the robot serves, with the knowledge and index built from it."""

    bundle: KnowledgeBundle
    kb: KnowledgeBase
    index: Any


@dataclass(frozen=True)
class FleetHooks:
    """What the link needs from dialogue_node."""

    local_folder: Path
    local_version: Callable[[], str]  # the version of the robot's own folder
    build_index: Callable[[KnowledgeBase], Any]  # the node's current matcher builder
    swap: Callable[[KnowledgeBase, Any], None]  # serve this pair from the next turn on
    on_serving_changed: Callable[[], None]  # the node republishes knowledge/status
    diagnostics_level: Callable[[], int]


def fleet_name(namespace: str, robot_id: str) -> str:
    """A robot's name in the fleet: its namespace (unique on the domain), else its robot_id."""
    return namespace.strip("/") or robot_id


def respawns_from_env() -> int | None:
    try:
        return max(0, int(os.environ[RESPAWNS_ENV]))
    except (KeyError, ValueError):
        return None


class FleetLink:
    """Listens on /fleet/knowledge, answers on /fleet/robots, and mirrors the turn log on /fleet/turns."""

    def __init__(
        self, node: Node, robot: str, robot_id: str, post: str, bundle_root: Path, hooks: FleetHooks
    ) -> None:
        self._node = node
        self._malformed_bundles = MalformedLog(
            node.get_logger().warning, "knowledge bundle", rg.MALFORMED_LOG_EVERY_S
        )
        self.robot = robot
        self._robot_id = robot_id
        self._post = post
        self._root = bundle_root
        self._hooks = hooks
        self._host = socket.gethostname()
        self._respawns = respawns_from_env()
        self._lock = threading.Lock()
        self.serving: FleetServing | None = None
        self._refused = ("", "")
        self._handled: deque[str] = deque(maxlen=MAX_REMEMBERED)
        self._pending: KnowledgeBundle | None = None
        self._wake = threading.Condition(self._lock)
        self._stopped = False
        self.tally = DayTally()
        self._heartbeat_pub = rg.FLEET_ROBOTS.publisher(node)
        self._turn_pub = rg.FLEET_TURNS.publisher(node)
        self._bundle_pub = rg.FLEET_KNOWLEDGE.publisher(node)  # re-offers the served bundle to late robots
        self._offered = ""  # the bundle this robot's writer holds for late joiners
        self._heard: dict[str, float] = {}  # robot -> monotonic time of its last heartbeat
        rg.FLEET_KNOWLEDGE.subscribe(node, self._on_bundle_message)
        rg.FLEET_ROBOTS.subscribe(node, self._on_heartbeat)
        node.create_timer(HEARTBEAT_PERIOD_S, self._tick)
        self._worker = threading.Thread(target=self._work, name="fleet-bundles", daemon=True)
        self._worker.start()

    # --- what serves ---------------------------------------------------------------------------------
    def serving_source(self) -> tuple[KnowledgeSource, str, float, str]:
        """(source, published_by, created, bundle_id) of what the robot serves."""
        serving = self.serving
        if serving is not None:
            bundle = serving.bundle
            return KnowledgeSource.FLEET, bundle.publisher, bundle.created, bundle.bundle_id
        return KnowledgeSource.LOCAL, "", local_created(self._hooks.local_folder), ""

    def local_took_over(self) -> None:
        """A local edit was swapped in: it is newer than any earlier publish."""
        self.serving = None

    def serving_version(self) -> str:
        serving = self.serving
        return serving.bundle.version if serving is not None else self._hooks.local_version()

    # --- bundles ---------------------------------------------------------------------------------------
    def _on_bundle_message(self, msg: String) -> None:
        try:
            bundle = rg.FLEET_KNOWLEDGE.decode(msg)
        except ValueError as exc:
            self._malformed_bundles.refused(exc)
            return
        if not bundle.addressed_to(self.robot):
            return
        with self._wake:
            if bundle.bundle_id in self._handled:
                return
            # Only the newest waiting bundle matters: older ones would be replaced at once.
            if self._pending is None or bundle.created >= self._pending.created:
                self._pending = bundle
            self._wake.notify()

    def _work(self) -> None:
        while True:
            with self._wake:
                while self._pending is None and not self._stopped:
                    self._wake.wait()
                if self._stopped:
                    return
                bundle, self._pending = self._pending, None
                assert bundle is not None
                self._handled.append(bundle.bundle_id)
            try:
                self._take(bundle)
            except Exception as exc:  # a bundle must never stop the robot taking the next one
                self._refuse(bundle, f"unexpected error {type(exc).__name__}: {exc}")

    def _take(self, bundle: KnowledgeBundle) -> None:
        problems = bundle_problems(bundle)  # first: a damaged bundle must not pass as "already served"
        if problems:
            self._refuse(bundle, "; ".join(problems))
            return
        source, _, created, _ = self.serving_source()
        if bundle.version == self.serving_version():
            self.heartbeat()  # already serving this content: the publisher sees it served
            return
        if not newer_than_serving(bundle.created, created):
            if source is KnowledgeSource.LOCAL:
                when = datetime.fromtimestamp(created).isoformat(sep=" ", timespec="seconds")
                self._refuse(bundle, f"its own folder is newer (saved {when}); the newest version wins")
            return  # an older bundle re-offered by another robot: nothing to do
        try:
            folder = unpack(bundle, self._root)
            (folder / ENVELOPE_FILE).write_text(replace(bundle, files=()).to_json(), encoding="utf-8")
        except (BundleError, OSError) as exc:
            self._refuse(bundle, f"cannot store it: {exc}")
            return
        self._serve(bundle, folder)

    def _serve(self, bundle: KnowledgeBundle, folder: Path) -> bool:
        kb, problems = check_knowledge(folder)
        if kb is None:
            shown = "; ".join(str(p) for p in problems[:3])
            self._refuse(bundle, f"{len(problems)} problem(s): {shown}")
            return False
        try:
            index = self._hooks.build_index(kb)
        except Exception as exc:
            self._refuse(bundle, f"building the matcher index failed: {exc!r}")
            return False
        before = self.serving_version()
        self._hooks.swap(kb, index)
        self.serving = FleetServing(bundle, kb, index)
        self._refused = ("", "")
        self._offer()
        self._node.get_logger().info(
            f"knowledge from the fleet: {before} -> {bundle.version}, published by {bundle.publisher}"
        )
        self._hooks.on_serving_changed()
        self.heartbeat()
        return True

    def _refuse(self, bundle: KnowledgeBundle, reason: str) -> None:
        self._refused = (bundle.bundle_id, reason)
        self._node.get_logger().error(
            f"knowledge bundle {bundle.version} from {bundle.publisher} refused, "
            f"still serving {self.serving_version()}: {reason}"
        )
        self.heartbeat()

    def restore(self) -> None:
        """Serve the newest bundle this robot stored before a restart, if it is newer than its own folder.

        Called by the node once it is built: serving calls back into it."""
        if not self._root.is_dir():
            return
        stored = []
        for envelope in self._root.glob(f"*/{ENVELOPE_FILE}"):
            try:
                bundle = KnowledgeBundle.from_json(envelope.read_text(encoding="utf-8"))
                stored.append(replace(bundle, files=read_files(envelope.parent)))
            except (ValueError, OSError):
                continue
        if not stored:
            return
        newest = max(stored, key=lambda b: b.created)
        newer = newer_than_serving(newest.created, local_created(self._hooks.local_folder))
        if newer and not bundle_problems(newest):
            self._handled.append(newest.bundle_id)
            self._serve(newest, self._root / newest.version)

    # --- re-offering ------------------------------------------------------------------------------------
    def _on_heartbeat(self, msg: String) -> None:
        try:
            beat = rg.FLEET_ROBOTS.decode(msg)
        except ValueError:
            return
        with self._lock:
            self._heard[beat.robot] = time.monotonic()

    def _alive(self) -> list[str]:
        cutoff = time.monotonic() - 3 * HEARTBEAT_PERIOD_S
        with self._lock:
            return [robot for robot, heard in self._heard.items() if heard >= cutoff]

    def _offer(self) -> None:
        """Hold the served bundle for late joiners if this robot is one of the holders (checked every beat,
        so a holder that stops is replaced)."""
        serving = self.serving
        if serving is None or serving.bundle.bundle_id == self._offered:
            return
        if is_holder(self.robot, self._alive()):
            self._bundle_pub.publish(String(data=serving.bundle.to_json()))
            self._offered = serving.bundle.bundle_id

    def _tick(self) -> None:
        self._offer()
        self.heartbeat()

    # --- heartbeat and turns --------------------------------------------------------------------------
    def heartbeat(self) -> None:
        source, published_by, created, bundle_id = self.serving_source()
        questions, answered = self.tally.today(datetime.now())
        beat = RobotHeartbeat(
            robot=self.robot,
            robot_id=self._robot_id,
            post=self._post,
            host=self._host,
            knowledge_version=self.serving_version(),
            knowledge_source=source,
            published_by=published_by,
            bundle_id=bundle_id,
            knowledge_created=created,
            refused_bundle=self._refused[0],
            refusal=self._refused[1],
            ready=True,
            respawns=self._respawns,
            diagnostics_level=self._hooks.diagnostics_level(),
            last_turn=self.tally.last_turn,
            questions_today=questions,
            answered_today=answered,
            stamp=time.time(),
        )
        self._heartbeat_pub.publish(String(data=beat.to_json()))

    def turn(self, question: Utterance, reply: Reply, when: datetime) -> None:
        """Mirror one turn-log row on /fleet/turns (and count it for today's answer rate); never raises."""
        try:
            self._publish_turn(question, reply, when)
        except Exception as exc:  # the fleet's copy of a turn must never cost the guest the reply
            self._node.get_logger().warning(f"fleet turn not sent: {type(exc).__name__}: {exc}")

    def _publish_turn(self, question: Utterance, reply: Reply, when: datetime) -> None:
        row = make_turn(question, reply, self.robot, when)
        self.tally.add(row)
        turn = FleetTurn(
            turn_id=f"{self.robot}-{uuid.uuid4().hex}",
            robot=self.robot,
            time=row.time,
            guest_id=row.guest_id,
            question=row.question,
            decision=row.decision,
            entry=row.entry,
            score=row.score,
            latency_s=row.latency_s,
            language=row.language,
            reply_kind=row.reply_kind,
            reply_text=row.reply_text,
        )
        self._turn_pub.publish(String(data=turn.to_json()))

    def close(self) -> None:
        with self._wake:
            self._stopped = True
            self._wake.notify()
