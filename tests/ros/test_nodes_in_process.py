"""Real dialogue and TTS nodes in this process: replies, speech events, bad messages, live reload."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from dialogue_under_test import dialogue_node
from rclpy.context import Context
from rclpy.executors import MultiThreadedExecutor
from rclpy.parameter import Parameter
from ros_probe import Probe, wait_for
from std_msgs.msg import String
from std_srvs.srv import Trigger

from robot_guide.paths import default_knowledge_dir
from robot_guide.ros.dialogue_node import DialogueNode
from robot_guide.ros.tts_node import TtsNode

pytestmark = pytest.mark.ros


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(default_knowledge_dir(), folder)
    return folder


@pytest.fixture
def nodes(
    ros_context: tuple[Context, MultiThreadedExecutor], knowledge_copy: Path, tmp_path: Path
) -> Iterator[tuple[DialogueNode, TtsNode]]:
    context, executor = ros_context
    # Reloads come from the service in these tests.
    dialogue = dialogue_node(context, tmp_path / "turns.sqlite3", knowledge_dir=str(knowledge_copy))
    tts = TtsNode(
        context=context,
        parameter_overrides=[Parameter("sink", value="topic"), Parameter("playback_speed", value=8.0)],
    )
    executor.add_node(dialogue)
    executor.add_node(tts)
    yield dialogue, tts
    for node in (dialogue, tts):
        executor.remove_node(node)
        node.close()
        node.destroy_node()


def test_a_question_is_answered_and_spoken(nodes: tuple[DialogueNode, TtsNode], probe: Probe) -> None:
    wait_for(lambda: {"dialogue_node", "tts_node"} <= set(probe.ready))
    probe.arrive("ana")
    wait_for(lambda: any(r.kind == "greeting" for r in probe.replies))
    turn = probe.ask("when is the summit", guest_id="ana")
    reply = probe.reply_to(turn)
    assert reply.entry == "summit_dates"
    assert "October" in reply.text
    assert reply.decision == "answer"
    assert "reply_chosen" in reply.timings
    finished = wait_for(lambda: [s for s in probe.spoken if s.turn_id == turn and s.event == "finished"])
    assert finished[0].text == reply.text
    # "speaking" is true while the audio plays and false once it ended.
    wait_for(lambda: True in probe.speaking and probe.speaking[-1] is False)


def test_malformed_messages_are_logged_and_the_node_keeps_serving(
    nodes: tuple[DialogueNode, TtsNode], probe: Probe
) -> None:
    wait_for(lambda: "dialogue_node" in probe.ready)
    for bad in ("not json", "[1, 2]", '{"text": 5}', '{"no_text": true}', '{"text": "hi", "confidence": 7}'):
        probe.raw_utterances.publish(String(data=bad))
    turn = probe.ask("where are the toilets")
    reply = probe.reply_to(turn)
    assert reply.kind == "directions"
    assert len(probe.replies) == 1  # the malformed ones produced nothing


def _reload(nodes: tuple[DialogueNode, TtsNode], probe: Probe) -> Trigger.Response:
    client = probe.create_client(Trigger, "dialogue_node/reload")
    assert client.wait_for_service(timeout_sec=10.0)
    future = client.call_async(Trigger.Request())
    wait_for(future.done, timeout=30.0)
    result = future.result()
    probe.destroy_client(client)
    assert result is not None
    return result


def test_reload_swaps_a_good_edit_and_refuses_a_broken_one(
    nodes: tuple[DialogueNode, TtsNode], probe: Probe, knowledge_copy: Path
) -> None:
    wait_for(lambda: "dialogue_node" in probe.ready)
    summit = knowledge_copy / "summit.yaml"
    original = summit.read_text(encoding="utf-8")
    probe.arrive()  # a guest greeted on arrival: the replies below are the answers alone, with no hello
    wait_for(lambda: any(r.kind == "greeting" for r in probe.replies))
    old_answer = probe.reply_to(probe.ask("when is the summit")).text

    summit.write_text(
        original.replace(old_answer, "The summit runs all week, from Friday."), encoding="utf-8"
    )
    good = _reload(nodes, probe)
    assert good.success, good.message
    assert probe.reply_to(probe.ask("when is the summit")).text == "The summit runs all week, from Friday."

    (knowledge_copy / "broken.yaml").write_text(
        "entries:\n  - id: x\n    answer: [unclosed\n", encoding="utf-8"
    )
    bad = _reload(nodes, probe)
    assert not bad.success
    assert "refused" in bad.message
    status = wait_for(lambda: [k for k in probe.knowledge if not k.ok])
    assert any("broken.yaml:4" in p and "opened at line 3" in p for p in status[-1].problems)
    # The robot keeps answering from the last good version.
    assert probe.reply_to(probe.ask("when is the summit")).text == "The summit runs all week, from Friday."


def test_turn_log_problems_do_not_stop_replies_and_show_in_diagnostics(
    ros_context: tuple[Context, MultiThreadedExecutor], probe: Probe, tmp_path: Path
) -> None:
    """The log's folder is a file: the robot keeps answering, and the problem is reported as a warning."""
    from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus

    context, executor = ros_context
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log's folder should be")
    dialogue = dialogue_node(context, blocker / "turns.sqlite3")
    executor.add_node(dialogue)
    warnings: list[DiagnosticStatus] = []
    probe.create_subscription(
        DiagnosticArray,
        "diagnostics",
        lambda msg: warnings.extend(s for s in msg.status if s.level == DiagnosticStatus.WARN),
        10,
    )
    try:
        wait_for(lambda: "dialogue_node" in probe.ready)
        for _ in range(3):
            assert probe.reply_to(probe.ask("when is the summit")).entry == "summit_dates"
        status = wait_for(lambda: [w for w in warnings if w.name == "dialogue_node: turn log"], timeout=30)
        assert status[-1].message
    finally:
        executor.remove_node(dialogue)
        dialogue.close()
        dialogue.destroy_node()


@pytest.mark.slow
def test_serves_at_once_then_swaps_in_the_semantic_matcher(
    ros_context: tuple[Context, MultiThreadedExecutor], probe: Probe
) -> None:
    """Without a start-up wait, answers flow while the semantic re-ranker loads, and it is swapped in when
    ready."""
    context, executor = ros_context
    dialogue = dialogue_node(context, "off", matcher="semantic", semantic_wait_s=0.0)
    executor.add_node(dialogue)
    try:
        wait_for(lambda: "dialogue_node" in probe.ready)
        assert probe.knowledge[0].matcher == "lexical"
        assert probe.reply_to(probe.ask("when is the summit")).entry == "summit_dates"
        wait_for(lambda: any(k.matcher == "semantic" for k in probe.knowledge), timeout=180)
        assert probe.reply_to(probe.ask("when is the summit")).entry == "summit_dates"
    finally:
        executor.remove_node(dialogue)
        dialogue.close()
        dialogue.destroy_node()
