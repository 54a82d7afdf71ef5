"""The real dialogue node under failing and slow knowledge reloads: every failure is a knowledge/status
message with its file:line, the last good knowledge answers, a slow reload never holds up the turns."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from dialogue_under_test import dialogue_node
from rclpy.context import Context
from rclpy.executors import MultiThreadedExecutor
from ros_probe import Probe, wait_for
from std_srvs.srv import Trigger

from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.paths import default_knowledge_dir
from robot_guide.ros.dialogue_node import DialogueNode

pytestmark = pytest.mark.ros


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), folder)
    return folder


def start_dialogue(
    ros_context: tuple[Context, MultiThreadedExecutor], folder: Path, tmp_path: Path, *, watch: bool
) -> DialogueNode:
    context, executor = ros_context
    node = dialogue_node(context, "off", knowledge_dir=str(folder), watch_knowledge=watch)
    executor.add_node(node)
    return node


@pytest.fixture
def dialogue(
    ros_context: tuple[Context, MultiThreadedExecutor], knowledge_copy: Path, tmp_path: Path
) -> Iterator[DialogueNode]:
    node = start_dialogue(ros_context, knowledge_copy, tmp_path, watch=False)
    yield node
    ros_context[1].remove_node(node)
    node.close()
    node.destroy_node()


@pytest.fixture
def watching_dialogue(
    ros_context: tuple[Context, MultiThreadedExecutor], knowledge_copy: Path, tmp_path: Path
) -> Iterator[DialogueNode]:
    node = start_dialogue(ros_context, knowledge_copy, tmp_path, watch=True)
    yield node
    ros_context[1].remove_node(node)
    node.close()
    node.destroy_node()


def call_reload(probe: Probe, timeout: float = 30.0) -> tuple[Trigger.Response, float]:
    """The reload service's answer and how long it took."""
    client = probe.create_client(Trigger, "dialogue_node/reload")
    assert client.wait_for_service(timeout_sec=10.0)
    started = time.monotonic()
    future = client.call_async(Trigger.Request())
    wait_for(future.done, timeout=timeout)
    took = time.monotonic() - started
    result = future.result()
    probe.destroy_client(client)
    assert result is not None
    return result, took


def refusals(probe: Probe) -> list[str]:
    return [problem for status in probe.knowledge if not status.ok for problem in status.problems]


def still_answers(probe: Probe) -> None:
    reply = probe.reply_to(probe.ask("where are the toilets"))
    assert reply.kind == "directions"


@pytest.mark.parametrize(
    ("text", "located"),
    [
        ('vocabulary: [!!int "abc"]\n', "bad.yaml:1:14"),
        ('vocabulary: [!!bool "maybe"]\n', "bad.yaml:1:14"),
        ('vocabulary: [!!timestamp "tomorrow"]\n', "bad.yaml:1:14"),
        ("vocabulary: [" + "9" * 5000 + "]\n", "bad.yaml:1:14"),
        ("vocabulary: " + "[" * 600 + "]" * 600 + "\n", "bad.yaml:1:"),
    ],
)
def test_a_file_that_made_the_loader_raise_is_refused_on_reload_and_the_robot_answers(
    dialogue: DialogueNode, probe: Probe, knowledge_copy: Path, text: str, located: str
) -> None:
    wait_for(lambda: "dialogue_node" in probe.ready)
    (knowledge_copy / "bad.yaml").write_text(text, encoding="utf-8")
    result, _ = call_reload(probe)
    assert not result.success and "refused" in result.message
    wait_for(lambda: any(located in problem for problem in refusals(probe)))
    still_answers(probe)


def test_a_reload_that_raises_from_the_watcher_leaves_a_status_and_the_robot_answers(
    watching_dialogue: DialogueNode, probe: Probe, knowledge_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wait_for(lambda: "dialogue_node" in probe.ready)

    def loader_bug(folder: object) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("robot_guide.knowledge.live.check_knowledge", loader_bug)
    (knowledge_copy / "more.yaml").write_text("vocabulary: [AiMOGA]\n", encoding="utf-8")
    wait_for(lambda: any("RecursionError" in problem for problem in refusals(probe)))
    still_answers(probe)
    result, _ = call_reload(probe)  # the service reports the same failure, and the node lives on
    assert not result.success
    monkeypatch.undo()
    (knowledge_copy / "more.yaml").write_text("vocabulary: [AiMOGA, Chery]\n", encoding="utf-8")
    wait_for(lambda: probe.knowledge and probe.knowledge[-1].ok)  # the watcher kept watching
    still_answers(probe)


def test_a_slow_reload_holds_up_neither_the_turns_nor_a_second_reload_request(
    dialogue: DialogueNode, probe: Probe, knowledge_copy: Path
) -> None:
    wait_for(lambda: "dialogue_node" in probe.ready)
    building = threading.Event()
    release = threading.Event()
    real_build = dialogue._live._build_index

    def slow_build(kb: KnowledgeBase) -> object:
        building.set()
        release.wait(30)  # a huge knowledge folder, or a slow matcher model, while the robot serves
        return real_build(kb)

    dialogue._live._build_index = slow_build
    (knowledge_copy / "more.yaml").write_text("vocabulary: [AiMOGA]\n", encoding="utf-8")
    client = probe.create_client(Trigger, "dialogue_node/reload")
    assert client.wait_for_service(timeout_sec=10.0)
    first = client.call_async(Trigger.Request())
    assert building.wait(10)
    try:
        still_answers(probe)
        second, took = call_reload(probe, timeout=5.0)
        assert not second.success and "already running" in second.message
        assert took < 3.0
        still_answers(probe)
    finally:
        release.set()
    wait_for(first.done, timeout=30.0)
    assert first.result().success
    probe.destroy_client(client)
