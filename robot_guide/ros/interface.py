"""The one table of the node set's topics, services, message types and QoS (mirrored in the README)."""

from __future__ import annotations

import array
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from diagnostic_msgs.msg import DiagnosticArray
from rclpy.node import Node
from rclpy.publisher import Publisher
from rclpy.qos import DurabilityPolicy, HistoryPolicy, QoSProfile, ReliabilityPolicy
from sensor_msgs.msg import Image
from std_msgs.msg import Bool, Empty, Int16MultiArray, MultiArrayDimension, String

# Events (utterances, replies): reliable, keep-last, volatile. A late joiner must not replay old turns.
EVENT_QOS = QoSProfile(
    history=HistoryPolicy.KEEP_LAST,
    depth=20,
    reliability=ReliabilityPolicy.RELIABLE,
    durability=DurabilityPolicy.VOLATILE,
)
# States (is the robot speaking, which knowledge is loaded): a late joiner gets the current value at once.
STATE_QOS = QoSProfile(
    history=HistoryPolicy.KEEP_LAST,
    depth=1,
    reliability=ReliabilityPolicy.RELIABLE,
    durability=DurabilityPolicy.TRANSIENT_LOCAL,
)
# States that several nodes publish on one topic: a late joiner's queue must hold one per publisher.
SHARED_STATE_QOS = QoSProfile(
    history=HistoryPolicy.KEEP_LAST,
    depth=10,
    reliability=ReliabilityPolicy.RELIABLE,
    durability=DurabilityPolicy.TRANSIENT_LOCAL,
)
# Audio: reliable with a deep queue, because a dropped 32 ms chunk is a lost syllable for the recogniser.
AUDIO_QOS = QoSProfile(
    history=HistoryPolicy.KEEP_LAST,
    depth=200,
    reliability=ReliabilityPolicy.RELIABLE,
    durability=DurabilityPolicy.VOLATILE,
)
# Camera frames: only the newest matters. Best effort with a queue of one drops stale frames instead of
# queueing them behind a slow detector (and matches camera drivers, which publish best effort).
CAMERA_QOS = QoSProfile(
    history=HistoryPolicy.KEEP_LAST,
    depth=1,
    reliability=ReliabilityPolicy.BEST_EFFORT,
    durability=DurabilityPolicy.VOLATILE,
)


@dataclass(frozen=True)
class Topic:
    name: str  # relative, so a namespace per robot and launch remaps work
    msg_type: Any
    qos: QoSProfile
    payload: str  # what the message carries

    def publisher(self, node: Node) -> Publisher[Any]:
        return node.create_publisher(self.msg_type, self.name, self.qos)

    def subscribe(self, node: Node, callback: Callable[[Any], None]) -> None:
        node.create_subscription(self.msg_type, self.name, callback, self.qos)


AUDIO_IN = Topic("audio", Int16MultiArray, AUDIO_QOS, "microphone audio, 16 kHz mono PCM16 in chunks")
CAMERA_IMAGE = Topic(
    "camera/image", Image, CAMERA_QOS, "camera frames (rgb8, bgr8 or mono8); remap to the robot's"
)
GUEST_EVENTS = Topic("guest/events", String, EVENT_QOS, "GuestEvent JSON: a guest arrives or leaves")
GUEST_UTTERANCE = Topic("guest/utterance", String, EVENT_QOS, "Utterance JSON: what a guest said")
BARGE_IN = Topic("guest/barge_in", Empty, EVENT_QOS, "a guest started talking over the robot")
ASR_IGNORED = Topic("asr/ignored", String, EVENT_QOS, "JSON: audio the recogniser dropped, and why")
ROBOT_REPLY = Topic("robot/reply", String, EVENT_QOS, "Reply JSON: what the robot will say, and why")
ROBOT_SPEAKING = Topic("robot/speaking", Bool, STATE_QOS, "true while reply audio is playing")
ROBOT_SPOKEN = Topic("robot/spoken", String, EVENT_QOS, "JSON: a reply started, finished or was cut off")
ROBOT_AUDIO_OUT = Topic(
    "robot/audio_out",
    Int16MultiArray,
    AUDIO_QOS,
    "speech audio as played, 16 kHz mono PCM16; layout.dim[0].label = 'play_start=<wall time s>'",
)
KNOWLEDGE_STATUS = Topic(
    "knowledge/status", String, STATE_QOS, "JSON: loaded version, or why a reload failed"
)
KNOWLEDGE_SPEECH = Topic(
    "knowledge/speech", String, STATE_QOS, "JSON: ASR prompt terms and fixed lines to pre-render"
)
DIAGNOSTICS = Topic("diagnostics", DiagnosticArray, EVENT_QOS, "health: knowledge version, turn log problems")
NODE_STATUS = Topic("node_status", String, SHARED_STATE_QOS, "JSON: a node's state (starting, ready)")

ALL_TOPICS = (
    AUDIO_IN,
    CAMERA_IMAGE,
    GUEST_EVENTS,
    GUEST_UTTERANCE,
    BARGE_IN,
    ASR_IGNORED,
    ROBOT_REPLY,
    ROBOT_SPEAKING,
    ROBOT_SPOKEN,
    ROBOT_AUDIO_OUT,
    KNOWLEDGE_STATUS,
    KNOWLEDGE_SPEECH,
    NODE_STATUS,
    DIAGNOSTICS,
)

PLAY_START_PREFIX = "play_start="  # robot/audio_out: the chunk's playing time travels in the layout label


def audio_out_message(samples: npt.NDArray[np.int16], t_start: float) -> Int16MultiArray:
    """A robot/audio_out chunk; its wall start time rides in a standard field (layout.dim[0].label)."""
    msg = Int16MultiArray()
    msg.layout.dim = [
        MultiArrayDimension(label=f"{PLAY_START_PREFIX}{t_start:.6f}", size=samples.size, stride=samples.size)
    ]
    msg.data = array.array("h", samples.astype(np.int16, copy=False).tobytes())
    return msg


def audio_out_start(msg: Int16MultiArray) -> float | None:
    """The wall time a robot/audio_out chunk starts playing, or None if the publisher did not say."""
    for dim in msg.layout.dim:
        if dim.label.startswith(PLAY_START_PREFIX):
            try:
                value = float(dim.label[len(PLAY_START_PREFIX) :])
            except ValueError:
                return None
            return value if math.isfinite(value) else None
    return None


RELOAD_SERVICE = "~/reload"  # std_srvs/Trigger on dialogue_node


def announce_ready(node: Node) -> Publisher[Any]:
    """Tell the simulator and tests this node serves now (transient local: late joiners hear it too).

    Keep the returned publisher for the node's lifetime: the transient-local sample lives with it.
    """
    publisher = NODE_STATUS.publisher(node)
    publisher.publish(String(data=json.dumps({"node": node.get_name(), "state": "ready"})))
    return publisher
