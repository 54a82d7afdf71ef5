"""Times spoken questions through the real node set (own processes): end of speech -> first reply audio."""

from __future__ import annotations

import array
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
from rclpy.context import Context
from rclpy.node import Node
from std_msgs.msg import Int16MultiArray

from robot_guide.bench.probed_nodeset import ProbedNodeSet
from robot_guide.bench.speech.speech_set import SpokenQuestion
from robot_guide.bench.speech.turn_timing import TurnTiming, speech_end_time
from robot_guide.contracts.errors import RobotGuideError
from robot_guide.contracts.messages import Reply, Utterance
from robot_guide.contracts.speech_events import IgnoredAudio, SpokenEvent
from robot_guide.contracts.status import NodeState, NodeStatus
from robot_guide.launcher.nodeset import (
    describe_node_set,
)
from robot_guide.ros import interface as rg
from robot_guide.ros.observer import Observer
from robot_guide.sim.room import CHUNK, Room
from robot_guide.speech.interfaces import SAMPLE_RATE

NODES = ("dialogue_node", "tts_node", "asr_node")
PRERENDERED_LOG = "pre-rendered"  # tts_node's log line once the fixed answers are rendered
REPLY_TIMEOUT_S = 10.0  # after the end of speech; a later reply counts as a missed turn
QUIET_GAP_S = 0.6  # after the robot stops: longer than the listener's robot_tail_s, so the mic is open
ROOM_NOISE_DBFS = -60.0  # a quiet room: the microphone never delivers digital silence
DEFAULT_MATCHER = "semantic"  # what a default install runs; override with dialogue_node.matcher


class ProbeError(RobotGuideError, RuntimeError):
    """The node set did not come up or stopped; the message says what to look at."""


@dataclass
class _Turn:
    speech_end_sample: int
    clip_samples: int
    speech_end: float | None = None
    heard: list[Utterance] = field(default_factory=list)
    reply: Reply | None = None
    first_audio: float | None = None
    ignored: list[str] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)


class ProbeNode(Node):
    """Plays the guest into `audio` at real-time pace and timestamps what comes back."""

    def __init__(self, context: Context) -> None:
        super().__init__("speech_bench_probe", context=context)
        self._lock = threading.Lock()
        self._turn: _Turn | None = None
        self._armed = False
        self.ready_nodes: set[str] = set()
        self.speaking = False
        self.last_spoken_end = 0.0
        self.audio_until = 0.0  # wall time the robot's last audio chunk ends, by its play stamps
        self._audio_pub = self.create_publisher(Int16MultiArray, rg.AUDIO_IN.name, rg.AUDIO_IN.qos)
        observer = Observer(self)
        observer.watch(rg.GUEST_UTTERANCE, self._on_utterance)
        observer.watch(rg.ROBOT_REPLY, self._on_reply)
        observer.watch(rg.ROBOT_SPOKEN, self._on_spoken)
        observer.watch(rg.ROBOT_SPEAKING, self._on_speaking)
        observer.watch(rg.ROBOT_AUDIO_OUT, self._on_audio_out)
        observer.watch(rg.ASR_IGNORED, self._on_ignored)
        observer.watch(rg.NODE_STATUS, self._on_node_status)
        self.room = Room(self._publish, noise_dbfs=ROOM_NOISE_DBFS)
        self.room.start()

    def start_turn(self, spoken: SpokenQuestion) -> _Turn:
        """Speak the question (lead silence + speech, nothing after: the room's quiet follows)."""
        clip = spoken.samples[: spoken.speech_end]
        turn = _Turn(speech_end_sample=spoken.speech_end, clip_samples=clip.size)
        with self._lock:
            self._turn = turn
        self.room.play_guest(clip)
        with self._lock:
            self._armed = True  # only after play_guest: the room now reports the guest as playing
        return turn

    def end_turn(self) -> None:
        with self._lock:
            self._turn = None
            self._armed = False

    def _publish(self, chunk: npt.NDArray[np.int16], _captured_end: float) -> None:
        # Unstamped, as the robot's sound card reaches asr_node: it stamps chunks by arrival and sample count.
        msg = Int16MultiArray()
        msg.data = array.array("h", chunk.tobytes())
        published = time.time()
        self._audio_pub.publish(msg)
        with self._lock:
            turn = self._turn
            if self._armed and turn is not None and not self.room.guest_playing():
                # This chunk carried the clip's last samples (the room sets "done" before publishing it).
                self._armed = False
                last_start = (turn.clip_samples - 1) // CHUNK * CHUNK
                turn.speech_end = speech_end_time(
                    published, last_start, turn.speech_end_sample, CHUNK, SAMPLE_RATE
                )

    def _on_utterance(self, utterance: Utterance) -> None:
        with self._lock:
            if self._turn is not None and utterance.source == "speech":
                self._turn.heard.append(utterance)

    def _on_reply(self, reply: Reply) -> None:
        with self._lock:
            turn = self._turn
            if turn is not None and turn.reply is None and "eos_detected" in reply.timings:
                turn.reply = reply

    def _on_audio_out(self, msg: Int16MultiArray) -> None:
        now = time.time()
        start = rg.audio_out_start(msg)
        ends = (now if start is None else start) + len(msg.data) / SAMPLE_RATE
        with self._lock:
            self.audio_until = max(self.audio_until, ends)
            turn = self._turn
            if turn is not None and turn.speech_end is not None and turn.first_audio is None:
                turn.first_audio = now
                turn.done.set()

    def _on_spoken(self, event: SpokenEvent) -> None:
        if event.ends_line:
            with self._lock:
                self.last_spoken_end = time.monotonic()

    def _on_speaking(self, speaking: bool) -> None:
        with self._lock:
            self.speaking = speaking
            if not self.speaking:
                self.last_spoken_end = time.monotonic()

    def _on_ignored(self, event: IgnoredAudio) -> None:
        with self._lock:
            if self._turn is not None:
                self._turn.ignored.append(event.reason)

    def _on_node_status(self, status: NodeStatus) -> None:
        if status.state is NodeState.READY:
            with self._lock:
                self.ready_nodes.add(status.node)

    def quiet(self) -> bool:
        """The robot is silent, as a guest would hear it and as asr_node's echo reference expects it: a
        faster playback still stamps its chunks at real-time pace, and until the last one would have ended
        asr_node takes a voice at the microphone for the robot's echo."""
        with self._lock:
            silent = not self.speaking and time.monotonic() - self.last_spoken_end >= QUIET_GAP_S
            return silent and time.time() >= self.audio_until + QUIET_GAP_S

    def close(self) -> None:
        self.room.stop()


@dataclass
class TurnOutcome:
    timing: TurnTiming | None
    problem: str = ""  # why the turn has no timing (nothing heard, no reply, no audio)
    heard: tuple[Utterance, ...] = ()  # what asr_node published for the question
    reply: Reply | None = None


class NodeSetProbe(ProbedNodeSet[ProbeNode]):
    """The speech node set in its own processes on a private DDS domain, plus the in-process probe node."""

    def __init__(
        self,
        log_path: Path,
        extra_params: Mapping[str, Mapping[str, str]] | None = None,
        playback_speed: float = 10.0,
    ) -> None:
        params: dict[str, dict[str, str]] = {
            name: dict(values) for name, values in (extra_params or {}).items()
        }
        # The reply is played faster than real time: waiting out long answers only slows the benchmark; the
        # first chunk still leaves at once, so the timing of interest is unchanged.
        params.setdefault("tts_node", {}).setdefault("playback_speed", str(float(playback_speed)))
        # Named, not left to the params file, so the figures are always those of the default install.
        params.setdefault("dialogue_node", {}).setdefault("matcher", DEFAULT_MATCHER)
        self.params = params
        description = describe_node_set({"audio_source": "topic", "audio_sink": "topic"}, params)
        super().__init__(description, log_path)

    def _make_probe(self, context: Context) -> ProbeNode:
        return ProbeNode(context)

    def wait_ready(self, timeout_s: float) -> None:
        """Every node ready and the fixed answers pre-rendered (else the first turns measure the warm-up)."""
        assert self.probe is not None and self.supervisor is not None
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            self.supervisor.poll()
            if set(NODES) <= self.probe.ready_nodes and PRERENDERED_LOG in self._log_text():
                return
            time.sleep(0.1)
        missing = sorted(set(NODES) - self.probe.ready_nodes) or ["tts_node pre-rendering"]
        raise ProbeError(
            f"the node set was not ready after {timeout_s:.0f} s (waiting for {', '.join(missing)}); "
            f"see the node log {self._log_path}"
        )

    def _log_text(self) -> str:
        try:
            return self._log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""

    def wait_quiet(self, timeout_s: float = 60.0) -> bool:
        assert self.probe is not None
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.probe.quiet():
                return True
            time.sleep(0.02)
        return False

    def ask(self, spoken: SpokenQuestion) -> TurnOutcome:
        """One question: wait for a quiet robot, speak, wait for the first reply audio and the reply's end."""
        assert self.probe is not None
        node = self.probe
        if not self.wait_quiet():
            return TurnOutcome(None, "the robot did not stop talking before the question")
        turn = node.start_turn(spoken)
        speech_s = spoken.speech_end / SAMPLE_RATE
        got_audio = turn.done.wait(speech_s + REPLY_TIMEOUT_S)
        time.sleep(0.05)  # let a second utterance of a split question arrive before reading the turn
        node.end_turn()
        label = f"{spoken.question.text} [{spoken.condition.label}]"
        reply = turn.reply
        if not got_audio or reply is None or turn.speech_end is None or turn.first_audio is None:
            if not turn.heard:
                why = f"nothing heard ({', '.join(turn.ignored) or 'no utterance'})"
            elif reply is None:
                why = f"heard {turn.heard[0].text!r} but no reply"
            else:
                why = "no reply audio"
            return TurnOutcome(None, f"{label}: {why}", tuple(turn.heard), reply)
        timings = reply.timings
        timing = TurnTiming(
            label=label,
            said=spoken.question.text,
            heard=" | ".join(u.text for u in turn.heard),
            reply_kind=reply.kind,
            speech_end=turn.speech_end,
            eos_detected=timings["eos_detected"],
            transcript_ready=timings.get("transcript_ready", timings["eos_detected"]),
            reply_chosen=timings.get("reply_chosen", timings["eos_detected"]),
            first_audio=turn.first_audio,
            utterances=len(turn.heard),
        )
        return TurnOutcome(timing, heard=tuple(turn.heard), reply=reply)

    def _before_close(self) -> None:
        if self.probe is not None:
            self.probe.close()
