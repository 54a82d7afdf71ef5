"""The listening pipeline the ASR node wraps: VAD, endpointing, self-hearing, barge-in, decoding, guards."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from robot_guide.speech.audio import rms_dbfs, to_mono_float32
from robot_guide.speech.interfaces import SAMPLE_RATE, AudioArray, Transcriber, Transcript
from robot_guide.speech.listen.barge_in import BargeInDetector
from robot_guide.speech.listen.config import ListenerConfig
from robot_guide.speech.listen.decode_worker import DecodeJob, DecodeWorker
from robot_guide.speech.listen.echo_canceller import EchoCanceller, PassthroughCanceller, make_echo_canceller
from robot_guide.speech.listen.echo_judge import EchoJudge
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
from robot_guide.speech.listen.events import BargeIn, Heard, Ignored, ListenerEvent, Unsure
from robot_guide.speech.listen.far_end import FarEndBuffer
from robot_guide.speech.listen.guards import LOW_CONFIDENCE, apply_guards, unsure_reading
from robot_guide.speech.listen.reference_wait import HeldFrames
from robot_guide.speech.listen.self_hearing import SelfHearingFilter
from robot_guide.speech.listen.turn_end import looks_complete
from robot_guide.speech.listen.utterance_evidence import EvidenceTally, RepeatRequestPolicy
from robot_guide.speech.listen.vad import FRAME_SAMPLES, StreamingVad

FRAME_S = FRAME_SAMPLES / SAMPLE_RATE
# Mic frames that hold only the robot's echo are scaled by this (-20 dB) before the recogniser gets them
# ("AEC-lite" suppression): not zero, so a guest's faint syllable under the threshold is not cut out entirely.
ECHO_SUPPRESSION_GAIN = 0.1


@dataclass(frozen=True)
class _EarlyEnd:
    """A turn ended on its words before end_silence_s: speech right after it is decoded together with it."""

    audio: AudioArray
    t_speech_end: float
    timings: dict[str, float]


class Listener:
    """feed() audio from the mic thread; events come back through on_event.

    on_event is called from the feed() thread (BargeIn) and from the decode worker thread (Heard,
    Ignored, Unsure): keep it quick and thread-safe (publishing a ROS message is). feed() never waits for
    a decode.
    """

    def __init__(
        self,
        transcriber: Transcriber,
        config: ListenerConfig,
        on_event: Callable[[ListenerEvent], None],
        vad: StreamingVad | None = None,
        clock: Callable[[], float] = time.time,
        raw_vad: StreamingVad | None = None,
    ) -> None:
        """raw_vad: the VAD on the untouched microphone for barge-in (default: a second Silero VAD, unless a
        vad is given: then none, and only the canceller's output decides)."""
        self.config = config
        self._transcriber = transcriber
        self._on_event = on_event
        self._clock = clock
        self._vad = vad or StreamingVad()
        self._raw_vad = raw_vad if raw_vad is not None else (StreamingVad() if vad is None else None)
        self._endpointer = Endpointer(config.endpointing)
        self._self_hearing = SelfHearingFilter(config.self_hearing)
        self._barge_in = BargeInDetector(config.barge_in)
        self._echo = EchoReference(config.echo) if config.echo_reference else None
        self._judge = EchoJudge(self._echo, config.aec, FRAME_SAMPLES) if self._echo is not None else None
        self._far_end = FarEndBuffer(join_s=config.aec.join_s)
        self._canceller: EchoCanceller = (
            make_echo_canceller(config.aec, FRAME_SAMPLES)
            if config.echo_reference
            else PassthroughCanceller()
        )
        self._has_reference = False
        # Frames waiting for the far end that covers them; the frame path runs under _frame_lock, from feed()
        # or from whichever thread brings the far end (or the robot's silence) that frees them.
        self._held = HeldFrames(config.aec.reference_wait_s)
        self._frame_lock = threading.RLock()
        self._evidence = EvidenceTally()
        self._repeat = RepeatRequestPolicy(config.repeat_request)
        # The pause whose speculative transcript may end the turn early: (utterance id, audio samples).
        self._pause: tuple[int, int] | None = None
        self._early: _EarlyEnd | None = None  # last turn ended on its words (worker thread reads it)
        self._guards = config.guards
        self._prompt = ""
        self._state_lock = threading.Lock()  # robot state and prompt change from other threads than feed()
        self._barged_in = False
        self._pending = np.zeros(0, dtype=np.float32)  # samples not yet making a whole VAD frame
        # Speculative results: (utterance id, sample count) -> transcript; only the current one is kept.
        self._speculation: tuple[int, int, Transcript] | None = None
        self._verdict: tuple[int, int, bool | None] | None = None  # the speculation read as finished or not
        self._speculation_lock = threading.Lock()
        self._worker = DecodeWorker(self._decode_job, config.max_pending_utterances, self._dropped)

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
        with self._frame_lock:
            for index in range(0, whole, FRAME_SAMPLES):
                frame = data[index : index + FRAME_SAMPLES]
                if self._echo is None or self._held.wait_s <= 0.0:
                    self._feed_frame(frame, t_first_end + index / SAMPLE_RATE)
                else:
                    self._held.add(frame, t_first_end + index / SAMPLE_RATE)
            self._release_held()

    def feed_reference(self, samples: AudioArray, t_start: float) -> None:
        """What the robot plays (16 kHz mono, int16 or float32), t_start = wall time its first sample plays.

        Thread-safe; call it from the playback (or its topic) side. Without it the listener has no echo
        reference and relies on the robot_tail_s gate and the text echo check alone."""
        if self._echo is not None:
            self._echo.feed_reference(samples, t_start)
            if self._far_end.feed(samples, t_start) and self._judge is not None:
                self._judge.new_line(t_start)
            self._has_reference = True
            self._release_held()

    def set_robot_speaking(self, speaking: bool, t: float) -> None:
        with self._frame_lock:
            # Frames captured before the change are judged in the state they were captured in.
            self._release_held(until=t)
            with self._state_lock:
                self._self_hearing.set_robot_speaking(speaking, t)
                # The robot stopping because the guest barged in must not close the gate on the guest's
                # words: the barge-in's utterance stays open until the endpointer ends it (see _feed_frame).
                if speaking or not self._barged_in:
                    self._barged_in = False
                self._barge_in.reset()
            self._release_held()

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
        with self._frame_lock:
            self._held.clear()
        self._worker.close()

    # -- frame path (feed thread, or the thread that freed held frames) --------------------------------------

    def _release_held(self, until: float | None = None) -> None:
        """Run the held frames that need wait no longer (and those ending by `until`) through the frame
        path, in order."""
        with self._frame_lock:
            if not len(self._held):
                return
            with self._state_lock:
                playing = self._self_hearing.robot_speaking and not self._barged_in
            for frame, t_end in self._held.release(self._far_end.end(), playing, until):
                self._feed_frame(frame, t_end)

    def _cancel_echo(self, frame: AudioArray, t_end: float) -> AudioArray:
        """The frame without the robot's echo, while the robot plays or its echo may still arrive."""
        if not self._far_end.active(t_end, self.config.aec.filter_s):
            return frame
        return self._canceller.process(frame, self._far_end.frame(t_end, FRAME_SAMPLES))

    def _feed_frame(self, raw: AudioArray, t_end: float) -> None:
        frame = self._cancel_echo(raw, t_end)
        raw_db, cleaned_db = rms_dbfs(raw), rms_dbfs(frame)
        judge = self._judge
        level = judge.level(raw_db, cleaned_db, frame is not raw, t_end, self._barged_in) if judge else None
        echo_only = judge is not None and judge.echo_only(level, t_end)
        # The robot's echo between a guest's words is damped before it reaches the recogniser, which would
        # otherwise write it down as words ("wait ... where": "way human where"), and before the VAD: fed
        # seconds of the canceller's leftover echo, its memory takes that voice for the background and it
        # then hears a guest talking over the robot only faintly (measured: 0.1-0.3 instead of 0.6-0.9).
        heard = frame * ECHO_SUPPRESSION_GAIN if echo_only else frame
        prob = self._vad.probability(heard)
        raw_prob = self._raw_vad.probability(raw) if self._raw_vad is not None else 0.0
        if judge is not None and judge.above_echo(raw_db, t_end, self.config.barge_in.raw_margin_db):
            barge_prob = max(prob, raw_prob)
        else:
            barge_prob = prob
        start_prob = judge.start_probability(prob, level, t_end) if judge else prob
        hold_prob = 0.0 if echo_only else prob
        if self._endpointer.in_speech and prob >= self.config.endpointing.end_threshold:
            audible = self._echo is not None and self._echo.expected_echo_db(t_end) is not None
            self._evidence.add(FRAME_S, audible, echo_like=start_prob < prob)
        with self._state_lock:
            gate_open = self._barged_in or self._self_hearing.gate_open(t_end)
            robot_speaking = self._self_hearing.robot_speaking and not self._barged_in
            echo = start_prob < prob  # not clearly above the robot's expected echo
            # A barge-in phrase is replayed as the canceller left it: the raw microphone under a guest talking
            # over the robot still holds the robot's words, which the recogniser writes before the guest's
            # ("let's excuse me") and which push it off the guest's last word ("the exit" as "the egg, did").
            decision = (
                self._barge_in.feed(frame, barge_prob, t_end, echo=echo, replay=heard)
                if robot_speaking
                else None
            )
            if decision is not None:
                self._barged_in = True
        if decision is not None:
            self._on_event(BargeIn(decision.t))
            # Replay the buffered phrase so the guest's first words reach the recogniser. Its frames keep
            # their plain speech probability, and the pauses inside the phrase hold it together: the
            # decision says one guest phrase, and a pause the canceller left silent ("Wait ... where are
            # the toilets?") must not end the utterance after its first word.
            self._endpointer.reset()
            hold = self.config.endpointing.end_threshold
            for buffered in decision.frames:
                inside = buffered.t_end > decision.t_phrase
                prob = max(buffered.speech_prob, hold) if inside else buffered.speech_prob
                self._handle(self._endpointer.feed(buffered.samples, prob, buffered.t_end))
            return
        if not gate_open:
            # The robot's own voice (or speech cut by it) is never decoded, nor kept as pre-roll.
            self._endpointer.reset()
            return
        prob = hold_prob if self._endpointer.in_speech else start_prob
        self._apply_verdict()  # a transcript read since the last frame may end the turn with this one
        self._handle(self._endpointer.feed(heard, prob, t_end))
        if not self._endpointer.in_speech:
            with self._state_lock:
                if self._barged_in and not self._self_hearing.robot_speaking:
                    self._barged_in = False  # the guest's barge-in utterance is over: the usual gate again

    def _apply_verdict(self) -> None:
        """At a pause, once the speculative transcript is read: end the turn sooner or later than usual."""
        turn_end = self.config.turn_end
        if self._pause is None or not turn_end.enabled or not self._endpointer.paused:
            return
        with self._speculation_lock:
            verdict = self._verdict
        if verdict is None or verdict[:2] != self._pause:
            return
        self._pause = None  # decided once per pause
        if verdict[2] is True:
            self._endpointer.set_end_silence(turn_end.complete_end_silence_s)
        elif verdict[2] is False:
            self._endpointer.set_end_silence(turn_end.unfinished_end_silence_s)

    def _handle(self, events: list[EndpointEvent]) -> None:
        for event in events:
            if isinstance(event, SpeechStarted):
                self._evidence.start()
            elif isinstance(event, Discarded):
                continue  # a discarded blip was nothing said
            elif isinstance(event, Pause) and self.config.speculative:
                self._pause = (event.utterance_id, event.audio.size)
                self._worker.submit(DecodeJob(event.utterance_id, event.audio, final=False, timings={}))
            elif isinstance(event, Resumed):
                self._pause = None
                self._worker.cancel_speculative(event.utterance_id)
            elif isinstance(event, EndOfUtterance):
                self._pause = None
                timings = {
                    "speech_start": event.t_speech_start,
                    "speech_end": event.t_speech_end,
                    "eos_detected": event.t_confirmed,
                }
                evidence = self._evidence.snapshot(self._has_reference)
                job = DecodeJob(
                    event.utterance_id, event.audio, True, timings, evidence, event.preroll_samples
                )
                self._worker.submit(job)

    # -- decode path (worker thread) ------------------------------------------------------------------------

    def _decode_job(self, job: DecodeJob) -> None:
        with self._state_lock:
            prompt = self._prompt or None
        if not job.final:
            transcript = self._safe_transcribe(job.audio, prompt)
            complete = self._reads_complete(transcript, prompt or "", job.audio)
            with self._speculation_lock:
                self._speculation = (job.utterance_id, job.audio.size, transcript)
                self._verdict = (job.utterance_id, job.audio.size, complete)
            return
        with self._speculation_lock:
            cached = self._speculation
            verdict = self._verdict
            self._speculation = self._verdict = None
        ended_early = verdict is not None and verdict[:2] == (job.utterance_id, job.audio.size) and verdict[2]
        rejoined = self._rejoin(job)
        if rejoined is not job:
            transcript = self._safe_transcribe(rejoined.audio, prompt)
        elif cached is not None and cached[0] == job.utterance_id and cached[1] == job.audio.size:
            transcript = cached[2]  # the pause was the end: the reply starts without a second decode
        else:
            transcript = self._safe_transcribe(job.audio, prompt)
        early = (
            job.timings["eos_detected"] - job.timings["speech_end"] < self.config.endpointing.end_silence_s
        )
        self._early = (
            _EarlyEnd(rejoined.audio, job.timings["speech_end"], rejoined.timings)
            if (ended_early and early)
            else None
        )
        self._finish(rejoined, transcript, prompt or "")

    def _reads_complete(self, transcript: Transcript, prompt: str, audio: AudioArray) -> bool | None:
        """The speculative transcript as a finished question (True), an unfinished one (False), or no verdict
        when the guards would drop it anyway."""
        # Unsure words at a pause are most often a first word said alone ("Wait, ..." over the robot's voice):
        # wait for the rest (False), so the phrase is decoded whole.
        if rejected := apply_guards(transcript, rms_dbfs(audio), self._guards, prompt).rejected:
            return False if rejected.startswith(LOW_CONFIDENCE) else None
        return looks_complete(transcript.text, transcript.language, self.config.turn_end.min_words)

    def _rejoin(self, job: DecodeJob) -> DecodeJob:
        """Speech soon after a turn ended early on its words is the rest of that turn: decode them as one.
        The pre-roll is left out, as it repeats the end of the earlier audio."""
        early = self._early
        self._early = None
        if early is None or job.timings["speech_start"] - early.t_speech_end > self.config.turn_end.rejoin_s:
            return job
        audio = np.concatenate([early.audio, job.audio[job.preroll_samples :]])
        timings = dict(
            job.timings, speech_start=early.timings.get("speech_start", job.timings["speech_start"])
        )
        return DecodeJob(job.utterance_id, audio, True, timings, job.evidence)

    def _safe_transcribe(self, audio: AudioArray, prompt: str | None) -> Transcript:
        try:
            return self._transcriber.transcribe(audio, prompt)
        except Exception as exc:  # a failing engine must not kill the listening thread
            return Transcript(text="", seconds=audio.size / SAMPLE_RATE, rejected=f"recogniser failed: {exc}")

    def _finish(self, job: DecodeJob, transcript: Transcript, prompt: str) -> None:
        dbfs = rms_dbfs(job.audio)
        guarded = apply_guards(transcript, dbfs, self._guards, prompt)
        if guarded.rejected:
            # A mumbled question comes back as unsure words, a loop ("I'm, I'm, I'm") or "no speech" from one
            # decode to the next: the sound, not which doubt the recogniser voiced, says a guest spoke.
            unsure = unsure_reading(guarded.rejected)
            if self._repeat.should_ask(transcript, unsure, job.evidence, dbfs, self._clock()):
                timings = dict(job.timings, transcript_ready=self._clock())
                heard = (transcript.text, transcript.confidence, timings, transcript.language)
                self._on_event(Unsure(guarded.rejected, *heard))
            else:
                self._on_event(Ignored(guarded.rejected, transcript.text))
            return
        # The words alone do not make an echo: a guest may reuse the robot's words ("what is the AiMOGA
        # robot?"). They are compared only when the sound itself says the robot may be what was heard.
        if job.evidence.text_check_applies():
            with self._state_lock:
                echo = self._self_hearing.is_echo(guarded.text, job.timings.get("speech_end", self._clock()))
            if echo:
                self._on_event(Ignored("echo of the robot's own words", guarded.text))
                return
        self._repeat.heard()
        timings = dict(job.timings, transcript_ready=self._clock())
        self._on_event(Heard(guarded, timings))

    def _dropped(self, job: DecodeJob) -> None:
        self._on_event(Ignored("decoder backlog: utterance dropped", ""))
