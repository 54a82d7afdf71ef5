"""tts_node: replies in, speech out; publishes whether the robot is speaking; stops on barge-in."""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
from rclpy.node import Node
from std_msgs.msg import Bool, Empty, String

from robot_guide import paths
from robot_guide.contracts.messages import MessageError, Reply
from robot_guide.contracts.speech_events import SpokenEvent, SpokenPhase
from robot_guide.contracts.status import SpeechCatalogue
from robot_guide.ros import interface as rg
from robot_guide.ros.malformed_log import MalformedLog
from robot_guide.ros.params import declare
from robot_guide.ros.runner import NodeConfigError, NodeRecipe, run_node
from robot_guide.speech.interfaces import AudioSink, Voice
from robot_guide.speech.speak.engines.factory import make_synthesizer
from robot_guide.speech.speak.prerender import PrerenderCache
from robot_guide.speech.speak.sinks import PacedSink, SoundDeviceSink
from robot_guide.speech.speak.speaker import Speaker, SpokenRecord
from robot_guide.speech.speak.voices import LanguageRouter

SINKS = ("speaker", "topic")


class TtsNode(Node):
    def __init__(self, **node_options: Any) -> None:
        # node_options (e.g. parameter_overrides) let tests run the node in-process with their own settings.
        super().__init__("tts_node", **node_options)
        warn = self.get_logger().warning
        self._malformed_replies = MalformedLog(warn, "reply", rg.MALFORMED_LOG_EVERY_S)
        self._malformed_catalogues = MalformedLog(warn, "knowledge/speech message", rg.MALFORMED_LOG_EVERY_S)
        engine = declare(self, "engine", "espeak", "speech engine: espeak (pyttsx3) or piper", read_only=True)
        voice_id = declare(self, "voice", "", "engine voice id; empty = the engine's default English voice")
        rate_wpm = declare(self, "rate_wpm", 170, "speaking rate in words per minute", low=80, high=400)
        sink_name = declare(
            self, "sink", "speaker", "where audio goes: speaker, or topic (simulator)", read_only=True
        )
        device = declare(self, "device", "", "output device for the speaker sink; empty = system default")
        timeout_s = declare(
            self, "synth_timeout_s", 5.0, "restart a hung speech engine after this", low=0.5, high=60
        )
        self._prerender = declare(self, "prerender", True, "render the knowledge's fixed lines ahead of time")
        cache_dir = declare(
            self,
            "cache_dir",
            "",
            "keep pre-rendered audio here (mapped, not loaded); empty = the user's cache; memory = no files",
            read_only=True,
        )
        max_queued = declare(
            self, "max_queued_replies", 10, "replies that may wait behind the one playing", low=1, high=1000
        )
        max_age_s = declare(
            self, "max_reply_age_s", 20.0, "drop, not speak, a reply that waited longer", low=1, high=3600
        )
        speed = declare(
            self,
            "playback_speed",
            1.0,
            "topic sink only: >1 plays faster than real time (CI)",
            low=0.5,
            high=10.0,
        )

        if sink_name not in SINKS:
            raise NodeConfigError(f"parameter 'sink' must be one of {', '.join(SINKS)}, got {sink_name!r}")
        self._speaking_pub = rg.ROBOT_SPEAKING.publisher(self)
        self._spoken_pub = rg.ROBOT_SPOKEN.publisher(self)
        self._speaking_pub.publish(Bool(data=False))

        try:
            synthesizer = make_synthesizer(engine, timeout_s=timeout_s)
        except (ValueError, RuntimeError) as exc:
            raise NodeConfigError(f"parameter 'engine': {exc}") from None
        if engine.strip().lower() != "espeak":  # piper speaks English here: espeak-ng the other languages
            espeak = partial(make_synthesizer, "espeak", timeout_s=timeout_s)
            synthesizer = LanguageRouter(synthesizer, espeak)
        sink: AudioSink
        # Both sinks publish what they play: the simulator's room mixes it in as echo, and asr_node uses it
        # as the echo reference so the robot does not hear (or interrupt) itself.
        self._audio_pub = rg.ROBOT_AUDIO_OUT.publisher(self)
        if sink_name == "topic":
            sink = PacedSink(on_chunk=self._publish_audio_chunk, speed=speed)
        else:
            try:
                sink = SoundDeviceSink(device or None, on_chunk=self._publish_audio_chunk)
            except RuntimeError as exc:
                raise NodeConfigError(str(exc)) from None
        self._voice = Voice(voice_id=voice_id, rate_wpm=rate_wpm)
        self._cache = PrerenderCache(
            synthesizer, self._voice, cache_dir=prerender_folder(cache_dir), sample_rate=sink.playback_rate
        )
        self._speaker = Speaker(
            synthesizer,
            sink,
            self._voice,
            on_speaking=self._on_speaking,
            on_spoken=self._on_spoken,
            cache=self._cache,
            on_started=self._on_started,
            max_queued=max_queued,
            max_age_s=max_age_s,
        )
        self._warm_lock = threading.Lock()
        rg.ROBOT_REPLY.subscribe(self, self._on_reply)
        rg.BARGE_IN.subscribe(self, self._on_barge_in)
        rg.KNOWLEDGE_SPEECH.subscribe(self, self._on_knowledge_speech)
        self._status_publisher = rg.announce_ready(self)
        self.get_logger().info(f"ready: engine {engine}, sink {sink_name}")

    def _on_reply(self, msg: String) -> None:
        try:
            reply = Reply.from_json(msg.data)
        except MessageError as exc:
            self._malformed_replies.refused(exc)
            return
        if not reply.text.strip() or self._shutting_down():
            return  # nothing to say, or the node is stopping: a reply queued now would never be spoken
        # The reply rides along as the speaker's opaque meta, so each robot/spoken event carries its fields.
        meta = {"reply": reply}
        self._speaker.say(
            reply.text, rate_scale=reply.rate_scale, turn_id=reply.turn_id, meta=meta, language=reply.language
        )

    def _on_barge_in(self, _msg: Empty) -> None:
        if not self._speaker.idle():
            self.get_logger().info("barge-in: stopping speech to listen")
        self._speaker.cancel()

    def _on_knowledge_speech(self, msg: String) -> None:
        if not self._prerender:
            return
        try:
            catalogue = SpeechCatalogue.from_json(msg.data)
        except MessageError as exc:
            self._malformed_catalogues.refused(exc)
            return
        texts = [(line.text, line.language) for line in catalogue.lines]
        # Rendering takes seconds; the old cache keeps serving until the new one is complete.
        threading.Thread(target=self._warm, args=(texts, catalogue.version), daemon=True).start()

    def _warm(self, texts: list[tuple[str, str]], version: str) -> None:
        with self._warm_lock:
            started = time.monotonic()
            report = self._cache.rebuild(texts)
            self.get_logger().info(f"pre-rendered {version}: {report} in {time.monotonic() - started:.1f} s")

    def _shutting_down(self) -> bool:
        # SIGTERM shuts the context down before close() stops the speaker: reports in between are skipped.
        return not self.context.ok()

    def _on_speaking(self, speaking: bool) -> None:
        if self._shutting_down():
            return
        self._speaking_pub.publish(Bool(data=speaking))

    def _on_started(self, text: str, turn_id: str, meta: dict[str, Any] | None) -> None:
        if self._shutting_down():
            return
        event = SpokenEvent.about(_reply_of(meta), SpokenPhase.STARTED, text, turn_id, time.time())
        self._spoken_pub.publish(String(data=event.to_json()))

    def _on_spoken(self, record: SpokenRecord) -> None:
        if self._shutting_down():
            return
        phase = SpokenPhase.FINISHED
        if record.cancelled:
            phase = SpokenPhase.CANCELLED
        elif record.error:
            phase = SpokenPhase.FAILED
        event = replace(
            SpokenEvent.about(_reply_of(record.meta), phase, record.text, record.turn_id, time.time()),
            started=record.started,
            ended=record.ended,
            cache_hit=record.cache_hit,
            synth_seconds=record.synth_seconds,
            error=record.error or "",
        )
        self._spoken_pub.publish(String(data=event.to_json()))

    def _publish_audio_chunk(self, chunk: np.ndarray, t_start: float) -> None:
        if self._shutting_down():
            return
        samples = chunk if chunk.dtype == np.int16 else (np.clip(chunk, -1.0, 1.0) * 32767).astype(np.int16)
        msg = rg.audio_out_message(samples, t_start)
        self._audio_pub.publish(msg)

    def close(self) -> None:
        self._speaker.close()


def _reply_of(meta: dict[str, Any] | None) -> Reply | None:
    reply = (meta or {}).get("reply")
    return reply if isinstance(reply, Reply) else None


def prerender_folder(setting: str) -> Path | None:
    """The cache_dir parameter as a folder: on disk by default, as the held answers are minutes of audio."""
    value = setting.strip()
    if value.lower() == "memory":
        return None
    return Path(value).expanduser() if value else paths.cache_dir() / "speech"


# How the launcher makes this node, in a process of its own or sharing one (robot_guide.ros.shared_process).
RECIPE = NodeRecipe(TtsNode, threads=4)


def main(args: list[str] | None = None) -> int:
    return run_node(RECIPE.make, args, RECIPE.threads)
