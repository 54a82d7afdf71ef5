"""The one table of the node set's topics, services, message types and QoS (mirrored in the README)."""

from __future__ import annotations

import array
import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt
from diagnostic_msgs.msg import DiagnosticArray
from geometry_msgs.msg import PoseStamped
from nav_msgs.msg import Odometry
from rclpy.callback_groups import CallbackGroup
from rclpy.node import Node
from rclpy.publisher import Publisher
from rclpy.qos import DurabilityPolicy, HistoryPolicy, QoSProfile, ReliabilityPolicy
from sensor_msgs.msg import Image
from std_msgs.msg import Bool, Empty, Int16MultiArray, MultiArrayDimension, String

from robot_guide.contracts.decoding import MessageError
from robot_guide.contracts.escort import EscortCommand, EscortStatus
from robot_guide.contracts.fleet import FleetTurn, KnowledgeBundle, RobotHeartbeat
from robot_guide.contracts.messages import GuestEvent, Reply, Utterance
from robot_guide.contracts.speech_events import IgnoredAudio, SpokenEvent
from robot_guide.contracts.status import KnowledgeStatus, NodeState, NodeStatus, SpeechCatalogue

T = TypeVar("T")

# A malformed message is logged at most this often per place in the code: a flood of them must not turn the
# node into a log writer (each line is one more write to a pipe) while the guests' questions wait.
MALFORMED_LOG_EVERY_S = 1.0

# Events (utterances, replies): reliable, keep-last, volatile. A late joiner must not replay old turns.
EVENT_QOS = QoSProfile(
    history=HistoryPolicy.KEEP_LAST,
    depth=20,
    reliability=ReliabilityPolicy.RELIABLE,
    durability=DurabilityPolicy.VOLATILE,
)
# What guests said and did: events whose publisher keeps the last 50 for a subscriber that (re)joins, so a
# restarted dialogue node still hears the questions asked while it was down. It answers the fresh ones, asks
# the guest to repeat stale ones (max_question_age_s), and never answers a turn twice. 50 holds 10 s of
# questions at 5 a second: twice the ~5 s a respawn takes with the semantic matcher's start-up wait.
RETAINED_EVENT_QOS = QoSProfile(
    history=HistoryPolicy.KEEP_LAST,
    depth=50,
    reliability=ReliabilityPolicy.RELIABLE,
    durability=DurabilityPolicy.TRANSIENT_LOCAL,
)
# Its reader keeps 1000: a (re)joining node receives each publisher's 50 retained messages at once, and a
# burst from a misbehaving publisher must not push the valid messages out of the one queue they share (a
# keep-last queue sheds the oldest, whoever sent it). dialogue_node takes a malformed message in about 50 us
# and serves each guest topic in its own callback group, so a full queue of junk drains in well under a
# second and delays neither the other topic nor the timers; 100 overflowed in a 0.4 s stall of a busy machine
# at 250 messages a second. The cost is memory while a flood lasts: up to 1000 messages as they were sent
# (the node refuses one over 64 kB only when it takes it).
RETAINED_READER_QOS = QoSProfile(
    history=HistoryPolicy.KEEP_LAST,
    depth=1000,
    reliability=ReliabilityPolicy.RELIABLE,
    durability=DurabilityPolicy.TRANSIENT_LOCAL,
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
# Odometry: only the newest pose matters, but Nav2 and robot drivers publish it reliable; a reliable
# subscription would not match a best-effort publisher, while this one matches both.
ODOM_QOS = QoSProfile(
    history=HistoryPolicy.KEEP_LAST,
    depth=5,
    reliability=ReliabilityPolicy.BEST_EFFORT,
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
class Topic(Generic[T]):
    """One row of the table: where a payload travels, how it is delivered, and how it is decoded."""

    name: str  # relative, so a namespace per robot and launch remaps work
    msg_type: Any
    qos: QoSProfile
    payload: str  # what the message carries
    decode: Callable[[Any], T]  # ROS message -> payload; raises MessageError for a malformed one
    reader_qos: QoSProfile | None = None  # a deeper queue for readers of a topic with many publishers

    def publisher(self, node: Node) -> Publisher[Any]:
        return node.create_publisher(self.msg_type, self.name, self.qos)

    def subscribe(
        self, node: Node, callback: Callable[[Any], None], callback_group: CallbackGroup | None = None
    ) -> Any:
        return node.create_subscription(
            self.msg_type, self.name, callback, self.reader_qos or self.qos, callback_group=callback_group
        )

    def in_namespace(self, namespace: str) -> Topic[T]:
        """The same row under another robot's namespace (the fleet tools talk to one robot by name)."""
        prefix = namespace.strip("/")
        return replace(self, name=f"/{prefix}/{self.name}" if prefix else self.name)


def _json(from_json: Callable[[str], T]) -> Callable[[Any], T]:
    """The decoder of a JSON-in-String topic: the payload type's strict from_json."""

    def decode(msg: Any) -> T:
        data = getattr(msg, "data", None)
        if not isinstance(data, str):
            raise MessageError(f"expected std_msgs/String, got {type(msg).__name__}")
        return from_json(data)

    return decode


def _flag(msg: Any) -> bool:
    return bool(msg.data)


def _nothing(_msg: Any) -> None:
    return None


def _as_is(msg: Any) -> Any:
    return msg


AUDIO_IN: Topic[Int16MultiArray] = Topic(
    "audio",
    Int16MultiArray,
    AUDIO_QOS,
    "microphone audio, 16 kHz mono PCM16 in chunks; optional layout.dim[0].label = "
    "'captured_end=<wall time s>'",
    _as_is,
)
CAMERA_IMAGE: Topic[Image] = Topic(
    "camera/image", Image, CAMERA_QOS, "camera frames (rgb8, bgr8 or mono8); remap to the robot's", _as_is
)
GUEST_EVENTS = Topic(
    "guest/events",
    String,
    RETAINED_EVENT_QOS,
    "GuestEvent: a guest arrives or leaves",
    _json(GuestEvent.from_json),
    reader_qos=RETAINED_READER_QOS,
)
GUEST_UTTERANCE = Topic(
    "guest/utterance",
    String,
    RETAINED_EVENT_QOS,
    "Utterance: what a guest said",
    _json(Utterance.from_json),
    reader_qos=RETAINED_READER_QOS,
)
BARGE_IN = Topic("guest/barge_in", Empty, EVENT_QOS, "a guest started talking over the robot", _nothing)
ASR_IGNORED = Topic(
    "asr/ignored",
    String,
    EVENT_QOS,
    "IgnoredAudio: audio the recogniser dropped, and why",
    _json(IgnoredAudio.from_json),
)
ROBOT_REPLY = Topic(
    "robot/reply", String, EVENT_QOS, "Reply: what the robot will say, and why", _json(Reply.from_json)
)
ROBOT_SPEAKING = Topic("robot/speaking", Bool, STATE_QOS, "true while reply audio is playing", _flag)
ROBOT_SPOKEN = Topic(
    "robot/spoken",
    String,
    EVENT_QOS,
    "SpokenEvent: a reply started, finished, was cut off or failed",
    _json(SpokenEvent.from_json),
)
ROBOT_AUDIO_OUT: Topic[Int16MultiArray] = Topic(
    "robot/audio_out",
    Int16MultiArray,
    AUDIO_QOS,
    "speech audio as played, 16 kHz mono PCM16; layout.dim[0].label = 'play_start=<wall time s>'",
    _as_is,
)
KNOWLEDGE_STATUS = Topic(
    "knowledge/status",
    String,
    STATE_QOS,
    "KnowledgeStatus: loaded version, or why a reload failed",
    _json(KnowledgeStatus.from_json),
)
KNOWLEDGE_SPEECH = Topic(
    "knowledge/speech",
    String,
    STATE_QOS,
    "SpeechCatalogue: ASR prompt terms and fixed lines to pre-render",
    _json(SpeechCatalogue.from_json),
)
DIAGNOSTICS: Topic[DiagnosticArray] = Topic(
    "diagnostics", DiagnosticArray, EVENT_QOS, "health: knowledge version, turn log problems", _as_is
)
NODE_STATUS = Topic(
    "node_status",
    String,
    SHARED_STATE_QOS,
    "NodeStatus: a node's state (starting, ready)",
    _json(NodeStatus.from_json),
)
ESCORT_COMMAND = Topic(
    "escort/command",
    String,
    EVENT_QOS,
    "EscortCommand: walk a guest to a place and come back, or turn back now",
    _json(EscortCommand.from_json),
)
ESCORT_STATUS = Topic(
    "escort/status",
    String,
    EVENT_QOS,
    "EscortStatus: leading, progress, arrived, failed, cancelled, returning, back at the post, stranded",
    _json(EscortStatus.from_json),
)
GOAL_POSE: Topic[PoseStamped] = Topic(
    "goal_pose", PoseStamped, EVENT_QOS, "the navigation goal; Nav2's bt_navigator takes it", _as_is
)
ODOM: Topic[Odometry] = Topic(
    "odom", Odometry, ODOM_QOS, "the robot's pose (odometry, or remap to the localisation pose)", _as_is
)

# Fleet topics are absolute: every robot's namespace hears them. Each publisher keeps its latest sample(s)
# for late joiners; a reader keeps one per publisher, so a robot or a tool starting late hears every robot.
FLEET_LATEST_QOS = QoSProfile(
    history=HistoryPolicy.KEEP_LAST,
    depth=1,
    reliability=ReliabilityPolicy.RELIABLE,
    durability=DurabilityPolicy.TRANSIENT_LOCAL,
)
FLEET_READER_QOS = QoSProfile(
    history=HistoryPolicy.KEEP_LAST,
    depth=200,
    reliability=ReliabilityPolicy.RELIABLE,
    durability=DurabilityPolicy.TRANSIENT_LOCAL,
)
# Turns: a robot keeps its last 100 for a recorder that (re)starts; the recorder de-duplicates by turn id.
FLEET_TURNS_QOS = QoSProfile(
    history=HistoryPolicy.KEEP_LAST,
    depth=100,
    reliability=ReliabilityPolicy.RELIABLE,
    durability=DurabilityPolicy.TRANSIENT_LOCAL,
)
FLEET_TURNS_READER_QOS = QoSProfile(
    history=HistoryPolicy.KEEP_LAST,
    depth=2000,
    reliability=ReliabilityPolicy.RELIABLE,
    durability=DurabilityPolicy.TRANSIENT_LOCAL,
)
FLEET_KNOWLEDGE = Topic(
    "/fleet/knowledge",
    String,
    FLEET_LATEST_QOS,
    "KnowledgeBundle: published knowledge (kb publish; three robots re-offer it to late joiners)",
    _json(KnowledgeBundle.from_json),
    reader_qos=FLEET_READER_QOS,
)
FLEET_ROBOTS = Topic(
    "/fleet/robots",
    String,
    FLEET_LATEST_QOS,
    "RobotHeartbeat: each robot's knowledge, health and turns today (every 2 s and on change)",
    _json(RobotHeartbeat.from_json),
    reader_qos=FLEET_READER_QOS,
)
FLEET_TURNS = Topic(
    "/fleet/turns",
    String,
    FLEET_TURNS_QOS,
    "FleetTurn: every robot's logged turns, text only, with a fleet-unique turn id",
    _json(FleetTurn.from_json),
    reader_qos=FLEET_TURNS_READER_QOS,
)

ALL_TOPICS: tuple[Topic[Any], ...] = (
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
    ESCORT_COMMAND,
    ESCORT_STATUS,
    GOAL_POSE,
    ODOM,
    FLEET_KNOWLEDGE,
    FLEET_ROBOTS,
    FLEET_TURNS,
)

PLAY_START_PREFIX = "play_start="  # robot/audio_out: the chunk's playing time travels in the layout label
# audio: when the chunk's last sample was captured, from a driver (or the simulator) that knows it. Without it
# asr_node stamps chunks by arrival and sample count; with it a chunk delivered late keeps its place exactly.
CAPTURED_END_PREFIX = "captured_end="


def audio_out_message(samples: npt.NDArray[np.int16], t_start: float) -> Int16MultiArray:
    """A robot/audio_out chunk; its wall start time rides in a standard field (layout.dim[0].label)."""
    return _stamped_audio(samples, PLAY_START_PREFIX, t_start)


def audio_out_start(msg: Int16MultiArray) -> float | None:
    """The wall time a robot/audio_out chunk starts playing, or None if the publisher did not say."""
    return _audio_stamp(msg, PLAY_START_PREFIX)


def audio_in_message(samples: npt.NDArray[np.int16], t_end: float) -> Int16MultiArray:
    """A microphone chunk with the wall time its last sample was captured (layout.dim[0].label)."""
    return _stamped_audio(samples, CAPTURED_END_PREFIX, t_end)


def audio_in_end(msg: Int16MultiArray) -> float | None:
    """The wall time a microphone chunk's last sample was captured, or None if the publisher did not say."""
    return _audio_stamp(msg, CAPTURED_END_PREFIX)


def _stamped_audio(samples: npt.NDArray[np.int16], prefix: str, t: float) -> Int16MultiArray:
    msg = Int16MultiArray()
    msg.layout.dim = [MultiArrayDimension(label=f"{prefix}{t:.6f}", size=samples.size, stride=samples.size)]
    msg.data = array.array("h", samples.astype(np.int16, copy=False).tobytes())
    return msg


def _audio_stamp(msg: Int16MultiArray, prefix: str) -> float | None:
    for dim in msg.layout.dim:
        if dim.label.startswith(prefix):
            try:
                value = float(dim.label[len(prefix) :])
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
    publisher.publish(String(data=NodeStatus(node.get_name(), NodeState.READY).to_json()))
    return publisher
