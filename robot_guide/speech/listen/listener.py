"""The listening pipeline the ASR node wraps: VAD, endpointing, self-hearing, barge-in, decoding, guards."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from robot_guide.speech.audio import rms_dbfs, to_mono_float32
from robot_guide.speech.interfaces import SAMPLE_RATE, AudioArray, Transcriber, Transcript
from robot_guide.speech.listen.barge_in import BargeInDetector
from robot_guide.speech.listen.config import ListenerConfig
from robot_guide.speech.listen.echo_reference import EchoReference
from robot_guide.speech.listen.endpointing import (
    Discarded,
    EndOfUtterance,
    Endpointer,
    EndpointEvent,
    Pause,
    Resumed,
    SpeechStarted,
)
from robot_guide.speech.listen.guards import apply_guards
from robot_guide.speech.listen.self_hearing import SelfHearingFilter
from robot_guide.speech.listen.vad import FRAME_SAMPLES, StreamingVad

LOG = logging.getLogger(__name__)
# Mic frames that hold only the robot's echo are scaled by this (-20 dB) before the recogniser gets them
# ("AEC-lite" suppression): not zero, so a guest's faint syllable under the threshold is not cut out entirely.
ECHO_SUPPRESSION_GAIN = 0.1


@dataclass(frozen=True)
class BargeIn:
    """The guest started talking over the robot: stop speaking."""

    t: float


@dataclass(frozen=True)
class Heard:
    """A kept utterance. timings: speech_start, speech_end, eos_detected, transcript_ready (wall clock)."""

    transcript: Transcript
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Ignored:
    """Something heard and dropped (guard, echo, backlog), for the logs."""

    reason: str
    text: str


ListenerEvent = BargeIn | Heard | Ignored


@dataclass(frozen=True)
class _Job:
    utterance_id: int
    audio: AudioArray
    final: bool
    timings: dict[str, float]


class _DecodeWorker:
    """One background thread: finals in order, at most one speculative job waiting (latest wins)."""

    def __init__(self, decode: Callable[[_Job], None], max_pending: int, on_dropped: Callable[[_Job], None]):
        self._decode = decode
        self._on_dropped = on_dropped
        self._finals: deque[_Job] = deque()
        self._max_pending = max(1, max_pending)
        self._speculative: _Job | None = None
        self._cond = threading.Condition()
        self._closed = False
        self._busy = False
        self._thread = threading.Thread(target=self._run, name="listener-decode", daemon=True)
        self._thread.start()

    def submit(self, job: _Job) -> None:
        with self._cond:
            if job.final:
                if self._speculative is not None and self._speculative.utterance_id == job.utterance_id:
                    self._speculative = None  # the final decode supersedes a speculation not yet started
                self._finals.append(job)
                while len(self._finals) > self._max_pending:
                    self._on_dropped(self._finals.popleft())
            else:
                self._speculative = job
            self._cond.notify()

    def cancel_speculative(self, utterance_id: int) -> None:
        with self._cond:
            if self._speculative is not None and self._speculative.utterance_id == utterance_id:
                self._speculative = None

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._closed and not self._finals and self._speculative is None:
                    self._cond.wait()
                if self._closed:
                    return
                if self._finals:
                    job = self._finals.popleft()
                else:
                    assert self._speculative is not None
                    job, self._speculative = self._speculative, None
                self._busy = True
            try:
                self._decode(job)
            except Exception:  # a failing callback must not stop all later recognition
                LOG.exception("listener: decoding or delivering an utterance failed")
            finally:
                with self._cond:
                    self._busy = False
                    self._cond.notify_all()

    def wait_idle(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self._cond:
            while self._busy or self._finals or self._speculative is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(left)
            return True

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        self._thread.join(timeout=5.0)


class Listener:
    """feed() audio from the mic thread; events come back through on_event.

    on_event is called from the feed() thread (BargeIn) and from the decode worker thread (Heard,
    Ignored): keep it quick and thread-safe (publishing a ROS message is). feed() never waits for a decode.
    """

    def __init__(
        self,
        transcriber: Transcriber,
        config: ListenerConfig,
        on_event: Callable[[ListenerEvent], None],
        vad: StreamingVad | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.config = config
        self._transcriber = transcriber
        self._on_event = on_event
        self._clock = clock
        self._vad = vad or StreamingVad()
        self._endpointer = Endpointer(config.endpointing)
        self._self_hearing = SelfHearingFilter(config.self_hearing)
        self._barge_in = BargeInDetector(config.barge_in)
        self._echo = EchoReference(config.echo) if config.echo_reference else None
        self._guards = config.guards
        self._prompt = ""
        self._state_lock = threading.Lock()  # robot state and prompt change from other threads than feed()
        self._barged_in = False
        self._pending = np.zeros(0, dtype=np.float32)  # samples not yet making a whole VAD frame
        # Speculative results: (utterance id, sample count) -> transcript; only the current one is kept.
        self._speculation: tuple[int, int, Transcript] | None = None
        self._speculation_lock = threading.Lock()
        self._worker = _DecodeWorker(self._decode_job, config.max_pending_utterances, self._dropped)

    # -- inputs ---------------------------------------------------------------------------------------------

    def feed(self, samples: AudioArray, t_end: float) -> None:
        """Any chunk length of 16 kHz mono float32 (int16 or multi-channel is converted); t_end = wall time
        of the chunk's last sample."""
        chunk = to_mono_float32(samples)
        if chunk.size == 0:
            return
        data = np.concatenate([self._pending, chunk]) if self._pending.size else chunk
        whole = (data.size // FRAME_SAMPLES) * FRAME_SAMPLES
        self._pending = data[whole:].copy()
        # Time of each frame's end, counted back from the chunk's last sample.
        t_first_end = t_end - (data.size - FRAME_SAMPLES) / SAMPLE_RATE
        for index in range(0, whole, FRAME_SAMPLES):
            frame = data[index : index + FRAME_SAMPLES]
            self._feed_frame(frame, t_first_end + index / SAMPLE_RATE)

    def feed_reference(self, samples: AudioArray, t_start: float) -> None:
        """What the robot plays (16 kHz mono, int16 or float32), t_start = wall time its first sample plays.

        Thread-safe; call it from the playback (or its topic) side. Without it the listener has no echo
        reference and relies on the robot_tail_s gate and the text echo check alone."""
        if self._echo is not None:
            self._echo.feed_reference(samples, t_start)

    def set_robot_speaking(self, speaking: bool, t: float) -> None:
        with self._state_lock:
            self._self_hearing.set_robot_speaking(speaking, t)
            # The robot stopping because the guest barged in must not close the gate on the guest's words:
            # the barge-in's utterance stays open until the endpointer ends it (see _feed_frame).
            if speaking or not self._barged_in:
                self._barged_in = False
            self._barge_in.reset()

    def note_robot_words(self, text: str, t: float) -> None:
        with self._state_lock:
            self._self_hearing.note_robot_words(text, t)

    def set_prompt(self, prompt: str) -> None:
        with self._state_lock:
            self._prompt = prompt.strip()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until queued decodes are done (for tests and the CLI; the node never calls it)."""
        return self._worker.wait_idle(timeout)

    def close(self) -> None:
        self._worker.close()

    # -- frame path (feed thread) ---------------------------------------------------------------------------

    def _echo_probabilities(self, frame: AudioArray, prob: float, t_end: float) -> tuple[float, float, bool]:
        """(prob to start speech, prob to go on with it, echo only): probabilities are 0 where the frame is
        only the robot's echo; echo only = below even the hold margin, nothing of a guest in it."""
        if self._echo is None:
            return prob, prob, False
        level = rms_dbfs(frame)
        self._echo.observe_mic(level, t_end)
        config = self._echo.config
        echo_only = self._echo.is_echo(level, t_end, config.hold_margin_db)
        if prob <= 0.0:
            return prob, prob, echo_only
        start = 0.0 if self._echo.is_echo(level, t_end, config.margin_db) else prob
        hold = 0.0 if echo_only else prob
        return start, hold, echo_only

    def _feed_frame(self, frame: AudioArray, t_end: float) -> None:
        prob = self._vad.probability(frame)
        start_prob, hold_prob, echo_only = self._echo_probabilities(frame, prob, t_end)
        # The robot's echo between a guest's words is damped before it reaches the recogniser, which would
        # otherwise write it down as words ("wait ... where": "way human where").
        heard = frame * ECHO_SUPPRESSION_GAIN if echo_only else frame
        with self._state_lock:
            gate_open = self._barged_in or self._self_hearing.gate_open(t_end)
            robot_speaking = self._self_hearing.robot_speaking and not self._barged_in
            echo = start_prob < prob  # not clearly above the robot's expected echo
            decision = (
                self._barge_in.feed(frame, prob, t_end, echo=echo, replay=heard) if robot_speaking else None
            )
            if decision is not None:
                self._barged_in = True
        if decision is not None:
            self._on_event(BargeIn(decision.t))
            # Replay the buffered phrase so the guest's first words reach the recogniser. Its frames keep
            # their plain speech probability: the decision says a guest is talking, and the robot's echo
            # between the guest's words must not end the utterance after its first word.
            self._endpointer.reset()
            for buffered in decision.frames:
                self._handle(self._endpointer.feed(buffered.samples, buffered.speech_prob, buffered.t_end))
            return
        if not gate_open:
            # The robot's own voice (or speech cut by it) is never decoded, nor kept as pre-roll.
            self._endpointer.reset()
            return
        prob = hold_prob if self._endpointer.in_speech else start_prob
        self._handle(self._endpointer.feed(heard, prob, t_end))
        if not self._endpointer.in_speech:
            with self._state_lock:
                if self._barged_in and not self._self_hearing.robot_speaking:
                    self._barged_in = False  # the guest's barge-in utterance is over: the usual gate again

    def _handle(self, events: list[EndpointEvent]) -> None:
        for event in events:
            if isinstance(event, SpeechStarted | Discarded):
                continue  # a start needs no action yet; a discarded blip was nothing said
            if isinstance(event, Pause) and self.config.speculative:
                self._worker.submit(_Job(event.utterance_id, event.audio, final=False, timings={}))
            elif isinstance(event, Resumed):
                self._worker.cancel_speculative(event.utterance_id)
            elif isinstance(event, EndOfUtterance):
                timings = {
                    "speech_start": event.t_speech_start,
                    "speech_end": event.t_speech_end,
                    "eos_detected": event.t_confirmed,
                }
                self._worker.submit(_Job(event.utterance_id, event.audio, final=True, timings=timings))

    # -- decode path (worker thread) ------------------------------------------------------------------------

    def _decode_job(self, job: _Job) -> None:
        with self._state_lock:
            prompt = self._prompt or None
        if not job.final:
            transcript = self._safe_transcribe(job.audio, prompt)
            with self._speculation_lock:
                self._speculation = (job.utterance_id, job.audio.size, transcript)
            return
        with self._speculation_lock:
            cached = self._speculation
            self._speculation = None
        if cached is not None and cached[0] == job.utterance_id and cached[1] == job.audio.size:
            transcript = cached[2]  # the pause was the end: the reply starts without a second decode
        else:
            transcript = self._safe_transcribe(job.audio, prompt)
        self._finish(job, transcript)

    def _safe_transcribe(self, audio: AudioArray, prompt: str | None) -> Transcript:
        try:
            return self._transcriber.transcribe(audio, prompt)
        except Exception as exc:  # a failing engine must not kill the listening thread
            return Transcript(text="", seconds=audio.size / SAMPLE_RATE, rejected=f"recogniser failed: {exc}")

    def _finish(self, job: _Job, transcript: Transcript) -> None:
        guarded = apply_guards(transcript, rms_dbfs(job.audio), self._guards)
        if guarded.rejected:
            self._on_event(Ignored(guarded.rejected, transcript.text))
            return
        with self._state_lock:
            echo = self._self_hearing.is_echo(guarded.text, job.timings.get("speech_end", self._clock()))
        if echo:
            self._on_event(Ignored("echo of the robot's own words", guarded.text))
            return
        timings = dict(job.timings, transcript_ready=self._clock())
        self._on_event(Heard(guarded, timings))

    def _dropped(self, job: _Job) -> None:
        self._on_event(Ignored("decoder backlog: utterance dropped", ""))
