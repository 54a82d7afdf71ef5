"""The simulator's body: a ROS node that plays the guest and the room, and records what the robot says."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from rcl_interfaces.msg import Parameter, ParameterType, ParameterValue
from rcl_interfaces.srv import SetParameters
from rclpy.client import Client
from rclpy.node import Node
from std_msgs.msg import Int16MultiArray, String
from std_srvs.srv import Trigger

from robot_guide.contracts.escort import Pose2D
from robot_guide.contracts.messages import UNKNOWN_LANGUAGE, GuestEvent, Reply, ReplyKind, Utterance
from robot_guide.contracts.speech_events import IgnoredAudio, SpokenEvent, SpokenPhase
from robot_guide.contracts.status import KnowledgeStatus, NodeState, NodeStatus
from robot_guide.dialogue.phrases import PHRASE_SETS
from robot_guide.guide.language_id import LanguageIdentifier
from robot_guide.ros import interface as rg
from robot_guide.ros.observer import Observer
from robot_guide.sim.body import SimBody
from robot_guide.sim.camera import SimCamera
from robot_guide.sim.record import RobotLine, SimRecord
from robot_guide.sim.room import EchoSettings, Room
from robot_guide.speech.audio import load_audio

EXPECTED_NODES = ("dialogue_node", "tts_node", "asr_node", "perception_node", "escort_node")
TURN_TIMEOUT_S = 15.0  # a reply later than this is reported missing rather than waited for
WAV_TIMEOUT_S = 6.0  # after a WAV ends: end-of-speech wait plus decoding, with a wide margin


class SimSession(Node):
    """Guest actions in (arrive, leave, say, play a WAV), robot behaviour observed and printed."""

    def __init__(
        self,
        print_line: Callable[[str], None],
        echo: EchoSettings | None = None,
        speed: float = 1.0,
        home: Pose2D | None = None,
    ) -> None:
        super().__init__("guide_simulator")
        self._print = print_line
        self.record = SimRecord()
        self._lock = threading.Lock()
        self._last_activity = time.monotonic()
        self._speaking = False
        self._replies_pending = 0
        self._turns_waiting: dict[str, float] = {}  # turn id -> when we stop waiting for its reply
        self._wav_waiting = 0
        self._wav_silent_since: float | None = None
        self._ready_nodes: set[str] = set()
        self.guest_id = "guest"
        # The transcript's language tag for typed lines; the dialogue detects the same way on its side.
        self._languages = LanguageIdentifier(PHRASE_SETS)
        self._guest_language: dict[str, str] = {}  # the language each guest was last answered in
        self._english_only_turn = ""  # the turn whose answer follows an apology: not the guest's language

        self._events_pub = self.create_publisher(String, rg.GUEST_EVENTS.name, rg.GUEST_EVENTS.qos)
        self._utterance_pub = self.create_publisher(String, rg.GUEST_UTTERANCE.name, rg.GUEST_UTTERANCE.qos)
        self._audio_pub = self.create_publisher(Int16MultiArray, rg.AUDIO_IN.name, rg.AUDIO_IN.qos)
        # What the guest said before what the robot answered: the executor takes callbacks that are ready
        # together in the order of these subscriptions, and the transcript must read in causal order.
        observer = Observer(self)
        observer.watch(rg.GUEST_UTTERANCE, self._on_utterance)
        observer.watch(rg.ASR_IGNORED, self._on_ignored)
        observer.watch(rg.ROBOT_REPLY, self._on_reply)
        observer.watch(rg.ROBOT_SPOKEN, self._on_spoken)
        observer.watch(rg.ROBOT_SPEAKING, self._on_speaking)
        observer.watch(rg.KNOWLEDGE_STATUS, self._on_knowledge)
        observer.watch(rg.NODE_STATUS, self._on_node_status)
        observer.watch(rg.ROBOT_AUDIO_OUT, self._on_robot_audio)
        self._reload_client: Client[Any, Any] = self.create_client(Trigger, "dialogue_node/reload")
        self._params_client: Client[Any, Any] = self.create_client(
            SetParameters, "dialogue_node/set_parameters"
        )
        self.room = Room(self._publish_audio, echo)
        self.room.start()
        self.camera = SimCamera(self, speed)
        # The base starts at the robot's post (the origin when the map does not place it).
        self.body = SimBody(self, home or Pose2D(0.0, 0.0), speed, self._on_body_line)
        observer.watch(rg.ESCORT_STATUS, self.body.on_status)

    # --- guest actions -----------------------------------------------------------------------------
    def arrive(self, guest_id: str | None = None) -> None:
        self.guest_id = guest_id or self.guest_id
        self._print(f"guest: [arrives as {self.guest_id}]")
        self._touch()
        self._events_pub.publish(String(data=GuestEvent("arrive", self.guest_id, time.time()).to_json()))

    def leave(self, guest_id: str | None = None) -> None:
        who = guest_id or self.guest_id
        self._print(f"guest: [leaves as {who}]")
        self._touch()
        self._events_pub.publish(String(data=GuestEvent("leave", who, time.time()).to_json()))

    def say(self, text: str) -> str:
        """The guest types what they say; returns the turn id whose reply we wait for."""
        turn_id = uuid.uuid4().hex[:12]
        language = self._languages.identify(text, self._guest_language.get(self.guest_id)).language
        self._print(f"guest: {language_tag(language)}{text}")
        with self._lock:
            self._turns_waiting[turn_id] = time.monotonic() + TURN_TIMEOUT_S
            self._last_activity = time.monotonic()
        utterance = Utterance(
            text=text,
            guest_id=self.guest_id,
            language=UNKNOWN_LANGUAGE,
            turn_id=turn_id,
            timings={"sent": time.time()},
        )
        self._utterance_pub.publish(String(data=utterance.to_json()))
        return turn_id

    def play_wav(self, path: Path) -> None:
        """The guest speaks a recorded question into the robot's microphone (raises AudioFileError)."""
        samples = load_audio(path)
        self._print(f"guest: [speaks {path.name}, {len(samples) / 16000:.1f} s]")
        with self._lock:
            self._wav_waiting += 1
            self._last_activity = time.monotonic()
        self.room.play_guest(samples, tail_silence_s=0.2)

    def see(self, path: Path | None, label: str) -> None:
        """The robot's camera sees this image file from now on (None: nobody); raises FrameError."""
        self.camera.show(path)
        self._print(f"guest: [camera] {label}")
        self._touch()

    def set_clock(self, text: str, timeout_s: float = 5.0) -> str | None:
        """Set the dialogue's clock (YYYY-MM-DD HH:MM); returns an error message or None."""
        value = ParameterValue(type=ParameterType.PARAMETER_STRING, string_value=text)
        result = self._call(
            self._params_client,
            SetParameters.Request(parameters=[Parameter(name="clock", value=value)]),
            timeout_s,
        )
        if result is None:
            return "the dialogue node did not answer"
        outcome = result.results[0]
        self._print(
            f"sim: clock set to {text}" if outcome.successful else f"sim: clock not set: {outcome.reason}"
        )
        return None if outcome.successful else outcome.reason

    def reload(self, timeout_s: float = 30.0) -> tuple[bool, str]:
        result = self._call(self._reload_client, Trigger.Request(), timeout_s)
        if result is None:
            return False, "the dialogue node did not answer"
        self._print(f"sim: reload {'ok' if result.success else 'refused'}: {result.message}")
        return bool(result.success), str(result.message)

    # --- waiting -----------------------------------------------------------------------------------
    def wait_ready(self, timeout_s: float) -> list[str]:
        """Wait for every node to report ready; returns the ones that did not."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            with self._lock:
                missing = [n for n in EXPECTED_NODES if n not in self._ready_nodes]
            if not missing:
                return []
            time.sleep(0.05)
        return missing

    def busy(self, settle_s: float) -> bool:
        now = time.monotonic()
        with self._lock:
            for turn_id, give_up_at in list(self._turns_waiting.items()):
                if now > give_up_at:
                    del self._turns_waiting[turn_id]
            if self.room.guest_playing():
                self._wav_silent_since = None
            elif self._wav_waiting > 0:
                # A WAV that yields no transcript (silence, noise) is not waited for forever.
                self._wav_silent_since = self._wav_silent_since or now
                if now - self._wav_silent_since > WAV_TIMEOUT_S:
                    self._wav_waiting = 0
            return (
                self._speaking
                or self._replies_pending > 0
                or bool(self._turns_waiting)
                or self._wav_waiting > 0
                or self.room.guest_playing()
                or self.camera.settling()
                or now - self._last_activity < settle_s
            )

    def wait_quiet(self, settle_s: float = 0.6, timeout_s: float = 60.0) -> bool:
        """Wait until the robot has answered everything pending and finished speaking."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not self.busy(settle_s):
                return True
            time.sleep(0.02)
        return False

    def wait_speaking(self, timeout_s: float = 10.0) -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self._speaking:
                return True
            time.sleep(0.01)
        return False

    # --- observations ------------------------------------------------------------------------------
    def _touch(self) -> None:
        with self._lock:
            self._last_activity = time.monotonic()

    def rates(self) -> dict[str, float]:
        """The rate scale each reply asked for, by turn id (spoken-line events do not carry it)."""
        with self._lock:
            return dict(self.record.rates)

    def _on_reply(self, reply: Reply) -> None:
        with self._lock:
            if reply.text.strip():
                self._replies_pending += 1
            self._turns_waiting.pop(reply.turn_id, None)
            self.record.rates[reply.turn_id] = reply.rate_scale
            self._last_activity = time.monotonic()
            if reply.kind is ReplyKind.ENGLISH_ONLY:
                self._english_only_turn = reply.turn_id
            apologised = reply.kind is ReplyKind.ANSWER and reply.turn_id == self._english_only_turn
            if reply.guest_id and not apologised:
                self._guest_language[reply.guest_id] = reply.language

    def _on_spoken(self, event: SpokenEvent) -> None:
        now = time.time()
        with self._lock:
            self._last_activity = time.monotonic()
            if event.event is SpokenPhase.STARTED:
                self.record.robot.append(
                    RobotLine(
                        text=event.text,
                        started=event.stamp or now,
                        kind=event.kind or "",
                        entry=event.entry,
                        decision=event.decision or "",
                        turn_id=event.turn_id,
                    )
                )
                line = f"robot: {event.text}"
            else:
                self._replies_pending = max(0, self._replies_pending - 1)
                for robot_line in reversed(self.record.robot):
                    if robot_line.text == event.text and robot_line.ended is None:
                        robot_line.ended = now
                        robot_line.cancelled = event.event is SpokenPhase.CANCELLED
                        break
                line = "robot: [stops talking to listen]" if event.event is SpokenPhase.CANCELLED else ""
                if event.event is SpokenPhase.FAILED:
                    line = f"sim: the robot could not speak a reply: {event.error}"
        if line:
            self._print(line)

    def _on_speaking(self, speaking: bool) -> None:
        with self._lock:
            self._speaking = speaking
            self.record.speaking_changes.append((time.time(), self._speaking))
            self._last_activity = time.monotonic()

    def _on_utterance(self, utterance: Utterance) -> None:
        if utterance.source != "speech":
            return
        with self._lock:
            self.record.heard.append((time.time(), utterance.text))
            self._wav_waiting = max(0, self._wav_waiting - 1)
            self._turns_waiting[utterance.turn_id] = time.monotonic() + TURN_TIMEOUT_S
            self._last_activity = time.monotonic()
        heard = "heard" if utterance.language == "en" else f"heard, {utterance.language}"
        self._print(f"guest: [{heard}] {utterance.text}")

    def _on_ignored(self, event: IgnoredAudio) -> None:
        with self._lock:
            self.record.ignored.append((time.time(), event.reason, event.text))
            self._wav_waiting = max(0, self._wav_waiting - 1)
            self._last_activity = time.monotonic()

    def _on_knowledge(self, status: KnowledgeStatus) -> None:
        with self._lock:
            served = [k.version for k in self.record.knowledge if k.ok]
            # A repeated status of the same version (a node re-announcing itself) is no reload.
            first = not served or served[-1] == status.version
            self.record.knowledge.append(status)
        if not status.ok:
            self._print(f"sim: knowledge edit refused, still serving {status.version}:")
            for problem in status.problems:
                self._print(f"sim:   {problem}")
        elif not first:
            self._print(f"sim: knowledge reloaded, now serving {status.version}")

    def _on_node_status(self, status: NodeStatus) -> None:
        if status.state is not NodeState.READY:
            return
        with self._lock:
            restarted = status.node in self._ready_nodes
            self._ready_nodes.add(status.node)
            if restarted and status.node == "tts_node":
                # A voice that died in the middle of a line never says the line ended: the robot is silent
                # now, and a visit must not wait for the end of a line nobody is speaking.
                self._replies_pending = 0
                self._speaking = False
                for line in self.record.robot:
                    if line.ended is None:
                        line.ended, line.cancelled = time.time(), True

    def _on_body_line(self, line: str) -> None:
        with self._lock:
            self.record.body.append((time.time(), line))
            self._last_activity = time.monotonic()
        self._print(line)

    def _on_robot_audio(self, msg: Int16MultiArray) -> None:
        samples = np.asarray(msg.data, dtype=np.int16).astype(np.float32) / 32768.0
        self.room.hear_robot(samples, rg.audio_out_start(msg))

    def _publish_audio(self, chunk: npt.NDArray[np.int16], t_end: float) -> None:
        self._audio_pub.publish(rg.audio_in_message(chunk, t_end))

    def _call(self, client: Any, request: Any, timeout_s: float) -> Any:
        if not client.wait_for_service(timeout_sec=timeout_s):
            return None
        future = client.call_async(request)
        deadline = time.monotonic() + timeout_s
        while not future.done() and time.monotonic() < deadline:
            time.sleep(0.01)
        return future.result() if future.done() else None

    def close(self) -> None:
        self.camera.close()
        self.room.stop()


def language_tag(language: str) -> str:
    """ "[es] " in front of a typed line that is not English; nothing for English."""
    return "" if language == "en" else f"[{language}] "
