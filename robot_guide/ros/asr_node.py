"""asr_node: audio in (microphone or topic), guest utterances out; ignores the robot's own voice."""

from __future__ import annotations

import time
import uuid
from typing import Any

import numpy as np
from rclpy.node import Node
from std_msgs.msg import Bool, Empty, Int16MultiArray, String

from robot_guide.contracts.messages import MessageError, Utterance
from robot_guide.contracts.speech_events import IgnoredAudio, SpokenEvent, SpokenPhase
from robot_guide.contracts.status import SpeechCatalogue
from robot_guide.ros import interface as rg
from robot_guide.ros.malformed_log import MalformedLog
from robot_guide.ros.params import declare
from robot_guide.ros.runner import NodeConfigError, NodeRecipe, run_node
from robot_guide.speech.errors import SpeechEngineError
from robot_guide.speech.listen.config import ListenerConfig, listener_parameters
from robot_guide.speech.listen.engines.factory import make_transcriber
from robot_guide.speech.listen.engines.multilingual import LanguageRule, MultilingualTranscriber
from robot_guide.speech.listen.listener import BargeIn, Heard, Ignored, Listener, ListenerEvent, Unsure
from robot_guide.speech.listen.stream_clock import StreamClock
from robot_guide.speech.listen.transcript_terms import TermCorrector

AUDIO_SOURCES = ("microphone", "topic")


class AsrNode(Node):
    def __init__(self, **node_options: Any) -> None:
        # node_options (e.g. parameter_overrides) let tests run the node in-process with their own settings.
        super().__init__("asr_node", **node_options)
        warn = self.get_logger().warning
        self._malformed_spoken = MalformedLog(warn, "robot/spoken message", rg.MALFORMED_LOG_EVERY_S)
        self._malformed_catalogues = MalformedLog(warn, "knowledge/speech message", rg.MALFORMED_LOG_EVERY_S)
        source = declare(
            self, "audio_source", "microphone", "microphone or topic (simulator)", read_only=True
        )
        device = declare(
            self, "device", "", "input device name or index; empty = system default", read_only=True
        )
        backend = declare(
            self, "backend", "faster-whisper", "faster-whisper or openai-whisper", read_only=True
        )
        model = declare(self, "model", "", "model path or size; empty = bundled tiny.en", read_only=True)
        compute_type = declare(self, "compute_type", "int8", "CTranslate2 compute type", read_only=True)
        threads = declare(self, "cpu_threads", 2, "decoder threads", low=1, high=64, read_only=True)
        beam_size = declare(
            self, "beam_size", 1, "beam size (1 = greedy, fastest)", low=1, high=10, read_only=True
        )
        self._guest_id = declare(self, "guest_id", "guest", "guest id put on utterances heard by this robot")
        multilingual = declare(
            self,
            "multilingual",
            True,
            "also hear the knowledge's other languages (multilingual Whisper base, when English fails)",
            read_only=True,
        )
        rule = LanguageRule(
            english_sure_logprob=declare(
                self,
                "english_sure_logprob",
                LanguageRule.english_sure_logprob,
                "English-pass avg_logprob at or above which the utterance is English and base never runs",
                read_only=True,
            ),
            english_min_logprob=declare(
                self,
                "english_min_logprob",
                LanguageRule.english_min_logprob,
                "English-pass avg_logprob under which English stands only when base finds no other language",
                read_only=True,
            ),
            english_look_share=declare(
                self,
                "english_look_share",
                LanguageRule.english_look_share,
                "English share (0-1) in base's short first look at which an unsure English pass stands",
                low=0.0,
                high=1.0,
                read_only=True,
            ),
            look_window_s=declare(
                self,
                "look_window_s",
                LanguageRule.look_window_s,
                "shortest window (s) of base's first look; the full 30 s window only to decode a language",
                low=0.0,
                high=30.0,
                read_only=True,
            ),
            min_language_confidence=declare(
                self,
                "min_language_confidence",
                LanguageRule.min_language_confidence,
                "share (0-1) the identified language needs among the other served languages, else English",
                low=0.0,
                high=1.0,
                read_only=True,
            ),
            switch_min_language_confidence=declare(
                self,
                "switch_min_language_confidence",
                LanguageRule.switch_min_language_confidence,
                "share (0-1) a language other than the one heard last needs, within language_memory_s",
                low=0.0,
                high=1.0,
                read_only=True,
            ),
            language_memory_s=declare(
                self,
                "language_memory_s",
                LanguageRule.language_memory_s,
                "seconds the language heard last counts as the guest's language",
                low=0.0,
                high=3600.0,
                read_only=True,
            ),
        )
        config = self._declare_listener_config()

        if source not in AUDIO_SOURCES:
            raise NodeConfigError(f"parameter 'audio_source' must be one of {', '.join(AUDIO_SOURCES)}")
        self._utterance_pub = rg.GUEST_UTTERANCE.publisher(self)
        self._barge_in_pub = rg.BARGE_IN.publisher(self)
        self._ignored_pub = rg.ASR_IGNORED.publisher(self)
        try:
            transcriber = make_transcriber(
                backend, model=model, compute_type=compute_type, cpu_threads=threads, beam_size=beam_size
            )
            # English only until the knowledge names its languages (knowledge/speech).
            self._multilingual = (
                MultilingualTranscriber(
                    transcriber, (), compute_type=compute_type, cpu_threads=threads, rule=rule
                )
                if multilingual
                else None
            )
        except (SpeechEngineError, ValueError, RuntimeError, OSError) as exc:
            raise NodeConfigError(f"speech recogniser: {exc}") from None
        if self._multilingual is not None:
            transcriber = self._multilingual
        self._correct_terms = TermCorrector(())  # changes nothing until the knowledge/speech message
        self._listener = Listener(transcriber, config, self._on_listener_event)

        rg.ROBOT_SPEAKING.subscribe(self, self._on_speaking)
        rg.ROBOT_SPOKEN.subscribe(self, self._on_spoken)
        rg.KNOWLEDGE_SPEECH.subscribe(self, self._on_knowledge_speech)
        self._microphone: Any = None
        # Topic audio can still arrive late and in bursts (a loaded machine): each chunk is stamped from the
        # stream's sample count, not its arrival, so it lines up with the echo reference's play times.
        self._audio_clock = StreamClock(hold_s=config.aec.clock_hold_s)
        # What the robot plays, as the echo reference (no publisher = no reference = listening as before).
        rg.ROBOT_AUDIO_OUT.subscribe(self, self._on_robot_audio)
        if source == "topic":
            rg.AUDIO_IN.subscribe(self, self._on_audio)
        else:
            from robot_guide.speech.listen.microphone import MicrophoneError, MicrophoneSource

            try:
                self._microphone = MicrophoneSource(device or None, self._on_microphone)
                self._microphone.start()
            except MicrophoneError as exc:
                raise NodeConfigError(str(exc)) from None
        self._status_publisher = rg.announce_ready(self)
        self.get_logger().info(f"ready: {backend} listening on {source}")

    def _declare_listener_config(self) -> ListenerConfig:
        """Every exposed listener setting is a parameter, described by its own config field."""
        values = {p.name: declare(self, p.name, p.default, p.doc) for p in listener_parameters()}
        try:
            return ListenerConfig.from_parameters(**values)
        except (TypeError, ValueError) as exc:
            raise NodeConfigError(f"listener parameters: {exc}") from None

    def _on_audio(self, msg: Int16MultiArray) -> None:
        samples = np.asarray(msg.data, dtype=np.int16)
        if samples.size == 0:
            return
        # The publisher's capture stamp when it gives one: exact even for a chunk delivered late. The stream
        # clock still counts the chunk, so a publisher that stops stamping continues where it left off.
        t_end = self._audio_clock.stamp(samples.size, time.time())
        captured = rg.audio_in_end(msg)
        self._listener.feed(samples.astype(np.float32) / 32768.0, t_end if captured is None else captured)

    def _on_microphone(self, samples: np.ndarray, arrival: float) -> None:
        # The sound card's blocks reach the callback with jitter: stamped by their sample count too.
        self._listener.feed(samples, self._audio_clock.stamp(samples.size, arrival))

    def _on_robot_audio(self, msg: Int16MultiArray) -> None:
        samples = np.asarray(msg.data, dtype=np.int16)
        if samples.size == 0:
            return
        t_start = rg.audio_out_start(msg)
        if t_start is None:  # a publisher that sends no start time: the chunk plays about now
            t_start = time.time()
        self._listener.feed_reference(samples.astype(np.float32) / 32768.0, t_start)

    def _on_speaking(self, msg: Bool) -> None:
        self._listener.set_robot_speaking(bool(msg.data), time.time())

    def _on_spoken(self, msg: String) -> None:
        try:
            event = SpokenEvent.from_json(msg.data)
        except MessageError as exc:
            self._malformed_spoken.refused(exc)
            return
        if event.event is SpokenPhase.STARTED:
            self._listener.note_robot_words(event.text, time.time())

    def _on_knowledge_speech(self, msg: String) -> None:
        try:
            catalogue = SpeechCatalogue.from_json(msg.data)
        except MessageError as exc:
            self._malformed_catalogues.refused(exc)
            return
        self._listener.set_prompt(catalogue.prompt)
        if self._multilingual is not None:
            self._multilingual.set_prompts(catalogue.prompts)
            self._multilingual.set_languages(catalogue.prompts)
        # One reference swap: the listener thread reads whichever corrector is current.
        self._correct_terms = TermCorrector(
            catalogue.vocabulary, catalogue.misheard, catalogue.name_before, catalogue.name_cues
        )

    def _on_listener_event(self, event: ListenerEvent) -> None:
        if isinstance(event, BargeIn):
            self._barge_in_pub.publish(Empty())
            self.get_logger().info("barge-in: the guest is talking over the robot")
        elif isinstance(event, Heard):
            transcript = event.transcript
            # The KB's spelling of its names ("Cherry" -> "Chery") in what the dialogue and turn log see.
            text = self._correct_terms(transcript.text)
            utterance = Utterance(
                text=text,
                guest_id=self._guest_id,
                language=transcript.language,
                language_confidence=max(0.0, min(1.0, transcript.language_confidence)),
                confidence=max(0.0, min(1.0, transcript.confidence)),
                source="speech",
                turn_id=uuid.uuid4().hex[:12],
                timings=dict(event.timings),
            )
            self._utterance_pub.publish(String(data=utterance.to_json()))
            self.get_logger().info(
                f"heard [{transcript.language} {transcript.language_confidence:.2f}]: {text!r} "
                f"({transcript.confidence:.2f})"
            )
        elif isinstance(event, Unsure):
            # No words: the dialogue answers an empty utterance with its not_heard line ("could you say
            # that again?") rather than leaving the guest waiting in silence.
            unsure = Utterance(
                text="",
                guest_id=self._guest_id,
                language=event.language,
                confidence=max(0.0, min(1.0, event.confidence)),
                source="speech",
                turn_id=uuid.uuid4().hex[:12],
                timings=dict(event.timings),
            )
            self._utterance_pub.publish(String(data=unsure.to_json()))
            self.get_logger().info(f"unsure ({event.reason}): asking the guest to repeat {event.text!r}")
        elif isinstance(event, Ignored):
            ignored = IgnoredAudio(event.reason, event.text, time.time())
            self._ignored_pub.publish(String(data=ignored.to_json()))
            # In the log too: what was dropped, and why, is how an echo or a guard problem is diagnosed.
            self.get_logger().info(f"ignored ({event.reason}): {event.text!r}")

    def close(self) -> None:
        if self._microphone is not None:
            self._microphone.stop()
        self._listener.close()


# How the launcher makes this node, in a process of its own or sharing one (robot_guide.ros.shared_process).
# Every callback is short (decoding runs on the listener's own thread), so one executor thread is enough,
# and it does not spin at the audio topics' rate as the multi-threaded executor does.
RECIPE = NodeRecipe(AsrNode, threads=1)


def main(args: list[str] | None = None) -> int:
    return run_node(RECIPE.make, args, RECIPE.threads)
