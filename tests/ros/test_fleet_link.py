"""A real dialogue_node on the fleet topics: the newest version wins between local edits and publishes,
a bundle that fails validation is refused with its reason, and a restarted node serves its stored bundle."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from dialogue_under_test import dialogue_node
from rclpy.context import Context
from rclpy.executors import MultiThreadedExecutor
from rclpy.node import Node
from ros_probe import Probe, wait_for
from std_msgs.msg import String
from std_srvs.srv import Trigger

from robot_guide.contracts.fleet import KnowledgeBundle, KnowledgeFile, RobotHeartbeat
from robot_guide.contracts.messages import Reply, Utterance
from robot_guide.contracts.status import KnowledgeStatus
from robot_guide.knowledge.bundle import make_bundle
from robot_guide.paths import default_knowledge_dir
from robot_guide.ros import interface as rg
from robot_guide.ros.dialogue_node import DialogueNode

pytestmark = pytest.mark.ros

FLEET_LINE = "Five days, as the fleet says."
LOCAL_LINE = "Five days, as this robot's own folder says."


def _copy_with(folder: Path, line: str) -> Path:
    shutil.copytree(default_knowledge_dir(), folder)
    summit = folder / "summit.yaml"
    summit.write_text(summit.read_text(encoding="utf-8").replace("That's five days.", line), encoding="utf-8")
    return folder


def _age(folder: Path, seconds: float) -> None:
    """Make the folder's files look saved `seconds` ago."""
    then = time.time() - seconds
    for file in folder.glob("*.yaml"):
        os.utime(file, (then, then))


@pytest.fixture
def robot_setup(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ROBOT_GUIDE_STATE_DIR", str(tmp_path / "state"))
    local = tmp_path / "local"
    shutil.copytree(default_knowledge_dir(), local)
    _age(local, 3600)
    return local


def _start(ros_context: tuple[Context, MultiThreadedExecutor], local: Path, tmp_path: Path) -> DialogueNode:
    context, executor = ros_context
    node = dialogue_node(context, tmp_path / "turns.sqlite3", namespace="fx", knowledge_dir=str(local))
    executor.add_node(node)
    return node


def _stop(ros_context: tuple[Context, MultiThreadedExecutor], node: DialogueNode) -> None:
    ros_context[1].remove_node(node)
    node.close()
    node.destroy_node()


@pytest.fixture
def robot(
    ros_context: tuple[Context, MultiThreadedExecutor], robot_setup: Path, tmp_path: Path
) -> Iterator[DialogueNode]:
    node = _start(ros_context, robot_setup, tmp_path)
    yield node
    _stop(ros_context, node)


class FleetProbe:
    """Publishes bundles and keeps heartbeats, through the probe node."""

    def __init__(self, probe: Probe) -> None:
        self.probe = probe
        # Its own node, never spun: it can go away while the executor runs (a publisher that exits).
        self.source = Node("bundle_source", context=probe.context)
        self.publisher = rg.FLEET_KNOWLEDGE.publisher(self.source)
        probe.observer.keep(rg.FLEET_ROBOTS)

    def publish(self, bundle: KnowledgeBundle) -> None:
        self.publisher.publish(String(data=bundle.to_json()))

    def beat(self, check: Callable[[RobotHeartbeat], bool]) -> RobotHeartbeat:
        kept = self.probe.observer.kept
        beat: RobotHeartbeat = wait_for(
            lambda: next((b for b in reversed(kept(rg.FLEET_ROBOTS)) if check(b)), None), timeout=20
        )
        return beat


class Guest:
    """Asks the namespaced robot and reads its replies and knowledge status."""

    def __init__(self, probe: Probe) -> None:
        self.probe = probe
        self.utterances = rg.GUEST_UTTERANCE.in_namespace("fx").publisher(probe)
        self.replies = rg.ROBOT_REPLY.in_namespace("fx")
        self.status = rg.KNOWLEDGE_STATUS.in_namespace("fx")
        probe.observer.keep(self.replies)
        probe.observer.keep(self.status)

    def answer(self, question: str) -> str:
        turn = f"t{time.monotonic_ns()}"
        wait_for(lambda: self.utterances.get_subscription_count() > 0)
        self.utterances.publish(String(data=Utterance(question, guest_id=turn, turn_id=turn).to_json()))
        kept = self.probe.observer.kept
        reply: Reply = wait_for(lambda: next((r for r in kept(self.replies) if r.turn_id == turn), None))
        return reply.text

    def knowledge(self) -> KnowledgeStatus:
        status: KnowledgeStatus = self.probe.observer.kept(self.status)[-1]
        return status


def test_newest_version_wins_between_a_publish_and_a_local_edit(
    robot: DialogueNode, robot_setup: Path, probe: Probe, tmp_path: Path
) -> None:
    guest = Guest(probe)
    fleet = FleetProbe(probe)
    published = _copy_with(tmp_path / "published", FLEET_LINE)
    bundle = make_bundle(published, "b1", "ana", "desk", time.time())
    fleet.publish(bundle)
    beat = fleet.beat(lambda b: b.knowledge_version == bundle.version)
    assert beat.robot == "fx" and beat.knowledge_source == "fleet" and beat.published_by == "ana@desk"
    assert FLEET_LINE in guest.answer("when is the summit")
    status = guest.knowledge()
    assert (status.version, status.source, status.published_by) == (bundle.version, "fleet", "ana@desk")

    # A local edit saved now is newer than the publish: the robot serves it.
    summit = robot_setup / "summit.yaml"
    summit.write_text(summit.read_text(encoding="utf-8").replace("That's five days.", LOCAL_LINE))
    client = probe.create_client(Trigger, "/fx/dialogue_node/reload")
    assert client.wait_for_service(timeout_sec=10)
    result = client.call(Trigger.Request(), timeout_sec=20)
    assert result is not None and result.success, result
    assert LOCAL_LINE in guest.answer("when is the summit")
    assert guest.knowledge().source == "local"

    # A publish made before that edit loses to it, and the robot says why.
    older = make_bundle(published, "b0", "ben", "laptop", time.time() - 60)
    fleet.publish(older)
    beat = fleet.beat(lambda b: b.refused_bundle == "b0")
    assert "own folder is newer" in beat.refusal and beat.knowledge_source == "local"


def test_a_bundle_that_fails_validation_is_refused_and_the_last_good_version_serves(
    robot: DialogueNode, probe: Probe, tmp_path: Path
) -> None:
    fleet = FleetProbe(probe)
    serving = fleet.beat(lambda b: b.robot == "fx").knowledge_version
    broken = _copy_with(tmp_path / "broken", FLEET_LINE)
    (broken / "venues.yaml").write_text("entries: [\n", encoding="utf-8")
    fleet.publish(make_bundle(broken, "bad", "eve", "anywhere", time.time()))
    beat = fleet.beat(lambda b: b.refused_bundle == "bad")
    assert "venues.yaml" in beat.refusal and beat.knowledge_version == serving

    # Files changed on the way (the hash was made over other bytes).
    honest = make_bundle(default_knowledge_dir(), "t", "eve", "anywhere", time.time())
    last = honest.files[-1]
    altered = KnowledgeFile(last.name, last.text + "\n# x\n")
    fleet.publish(replace(honest, files=(*honest.files[:-1], altered)))
    beat = fleet.beat(lambda b: b.refused_bundle == "t")
    assert "content hash does not match" in beat.refusal and beat.knowledge_version == serving


def test_a_restarted_robot_serves_the_bundle_it_stored(
    ros_context: tuple[Context, MultiThreadedExecutor], robot_setup: Path, probe: Probe, tmp_path: Path
) -> None:
    fleet = FleetProbe(probe)
    node = _start(ros_context, robot_setup, tmp_path)
    bundle = make_bundle(_copy_with(tmp_path / "published", FLEET_LINE), "b1", "ana", "desk", time.time())
    fleet.publish(bundle)
    fleet.beat(lambda b: b.knowledge_version == bundle.version)
    _stop(ros_context, node)
    fleet.source.destroy_node()  # nobody offers the bundle any more: the new process must restore it
    probe.observer.forget(rg.FLEET_ROBOTS)
    node = _start(ros_context, robot_setup, tmp_path)
    try:
        beat = fleet.beat(lambda b: b.robot == "fx")
        assert (beat.knowledge_version, beat.knowledge_source) == (bundle.version, "fleet")
    finally:
        _stop(ros_context, node)
