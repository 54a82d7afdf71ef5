"""The observer hands on typed payloads of every table topic and drops malformed messages, counted."""

from __future__ import annotations

import pytest
from ros_probe import Probe, wait_for
from std_msgs.msg import Bool, String

from robot_guide.contracts.messages import Reply, ReplyKind
from robot_guide.contracts.status import KnowledgeStatus
from robot_guide.ros import interface as rg

pytestmark = pytest.mark.ros


def test_malformed_messages_are_counted_and_never_delivered(probe: Probe) -> None:
    replies = rg.ROBOT_REPLY.publisher(probe)
    speaking = rg.ROBOT_SPEAKING.publisher(probe)
    status = rg.KNOWLEDGE_STATUS.publisher(probe)
    for bad in ("not json", "[1]", '{"text": "x", "kind": "dance"}', '{"text": "x", "score": NaN}'):
        replies.publish(String(data=bad))
    replies.publish(String(data=Reply("Hello!", ReplyKind.GREETING, turn_id="t1").to_json()))
    speaking.publish(Bool(data=True))
    status.publish(String(data=KnowledgeStatus(ok=True, version="v7").to_json()))

    wait_for(lambda: probe.replies and probe.speaking and probe.knowledge)
    wait_for(lambda: probe.observer.malformed == 4)
    assert probe.replies == [Reply("Hello!", ReplyKind.GREETING, turn_id="t1")]
    assert probe.replies[0].kind is ReplyKind.GREETING
    assert probe.speaking == [True]
    assert probe.knowledge == [KnowledgeStatus(ok=True, version="v7")]


def test_every_string_topic_of_the_table_decodes_to_a_contract_type() -> None:
    for topic in rg.ALL_TOPICS:
        if topic.msg_type is String:
            with pytest.raises(ValueError, match="not JSON"):
                topic.decode(String(data="not json"))
