"""The speaking orchestrator: a queue of replies spoken one by one, interruptible at once (barge-in)."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from robot_guide.speech.interfaces import AudioSink, SpeechAudio, Synthesizer, Voice
from robot_guide.speech.speak.text_for_speech import clean_for_speech

if TYPE_CHECKING:
    from robot_guide.speech.speak.prerender import PrerenderCache

log = logging.getLogger(__name__)

StartedCallback = Callable[[str, str, dict[str, Any] | None], None]  # (text, turn_id, meta) as audio starts

_RECANCEL_EVERY_S = 0.01
_RECANCEL_FOR_S = 1.0


@dataclass(frozen=True)
class SpokenRecord:
    """What happened to one say() request: spoken, cut short, dropped, or failed."""

    text: str  # as given to say()
    turn_id: str
    started: float  # wall time of the first audio; 0.0 if nothing was played
    ended: float  # wall time the audio stopped; 0.0 if nothing was played
    cancelled: bool
    cache_hit: bool
    synth_seconds: float
    meta: dict[str, Any] = field(default_factory=dict)
    error: str = ""  # non-empty: why nothing (or not all) was spoken
    spoken_text: str = ""  # the cleaned text that went to the synthesizer
    audio_seconds: float = 0.0
    queued: float = 0.0  # wall time of the say() call: started - queued is the reply latency


@dataclass(frozen=True)
class _Request:
    text: str
    rate_scale: float
    turn_id: str
    meta: dict[str, Any]
    generation: int
    queued: float


class Speaker:
    """Speaks queued texts through a synthesizer (or the prerender cache) and a sink, on one worker thread.

    Callbacks run on the worker thread: on_speaking(True) just before the first audio, on_speaking(False)
    once the audio really ended and nothing else is queued; on_started(text, turn_id, meta) as each
    sentence starts playing; on_spoken(record) once per say().
    The speaker does not own the synthesizer or sink: close them yourself after close().
    """

    def __init__(
        self,
        synthesizer: Synthesizer,
        sink: AudioSink,
        voice: Voice,
        on_speaking: Callable[[bool], None],
        on_spoken: Callable[[SpokenRecord], None],
        cache: PrerenderCache | None = None,
        on_started: StartedCallback | None = None,
    ) -> None:
        self._synthesizer = synthesizer
        self._sink = sink
        self.voice = voice
        self._on_speaking = on_speaking
        self._on_spoken = on_spoken
        self._cache = cache
        self._on_started = on_started
        self._queue: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._settled = threading.Condition(self._lock)
        self._generation = 0  # bumped by cancel(): requests from an older generation are dropped
        self._pending = 0
        self._playing_generation: int | None = None
        self._speaking = False
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="speaker", daemon=True)
        self._thread.start()

    def say(
        self, text: str, *, rate_scale: float = 1.0, turn_id: str = "", meta: dict[str, Any] | None = None
    ) -> None:
        """Queue `text` to be spoken after what is already queued; returns at once."""
        if not 0.25 <= rate_scale <= 4.0:
            raise ValueError(
                f"rate_scale must be between 0.25 and 4.0, got {rate_scale}; 1.0 is normal speed"
            )
        with self._lock:
            if self._closed:
                raise RuntimeError("the speaker is closed; create a new Speaker")
            self._pending += 1
            request = _Request(text, rate_scale, turn_id, dict(meta or {}), self._generation, time.time())
        self._queue.put(request)

    def cancel(self) -> None:
        """Barge-in: stop the current sentence now and drop everything queued."""
        with self._lock:
            self._generation += 1
            playing = self._playing_generation is not None
        self._sink.cancel()
        if playing:
            # The worker may be between deciding to play and the sink starting; a sink ignores a cancel
            # that arrives before play() begins, so keep cancelling briefly until the stale play has stopped.
            threading.Thread(target=self._recancel, name="speaker-recancel", daemon=True).start()

    def idle(self) -> bool:
        """True when nothing is queued, synthesizing or playing."""
        with self._lock:
            return self._pending == 0

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Block until idle (True) or until `timeout` seconds passed (False)."""
        with self._settled:
            return self._settled.wait_for(lambda: self._pending == 0, timeout)

    def close(self) -> None:
        """Stop speaking and end the worker thread."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
        self.cancel()
        self._queue.put(None)
        self._thread.join(timeout=5.0)

    def _recancel(self) -> None:
        deadline = time.monotonic() + _RECANCEL_FOR_S
        while time.monotonic() < deadline:
            time.sleep(_RECANCEL_EVERY_S)
            with self._lock:
                stale = self._playing_generation is not None and self._playing_generation != self._generation
            if not stale:
                return
            self._sink.cancel()

    def _run(self) -> None:
        while True:
            request = self._queue.get()
            if request is None:
                return
            try:
                self._speak(request)
            except Exception:  # a bug in one request must not silence the robot for the rest of the day
                log.exception("speaker failed on %r", request.text[:60])
            finally:
                with self._lock:
                    self._pending -= 1
                    settled = self._pending == 0
                    if settled:
                        self._settled.notify_all()
                if settled:
                    self._set_speaking(False)

    def _speak(self, request: _Request) -> None:
        if self._is_stale(request):
            self._report(request, cancelled=True)
            return
        spoken_text = clean_for_speech(request.text)
        if not spoken_text:
            self._report(request, error="nothing speakable in the text")
            return
        voice = self._voice_at(request.rate_scale)
        audio: SpeechAudio | None = self._cache.get(spoken_text, voice) if self._cache is not None else None
        cache_hit = audio is not None
        synth_seconds = 0.0
        if audio is None:
            begun = time.monotonic()
            try:
                audio = self._synthesizer.synthesize(spoken_text, voice)
            except Exception as exc:
                log.error("could not synthesize %r: %s", spoken_text[:60], exc)
                self._report(request, spoken_text=spoken_text, error=f"synthesis failed: {exc}")
                return
            synth_seconds = time.monotonic() - begun
        with self._lock:
            if request.generation != self._generation:
                stale = True
            else:
                stale = False
                self._playing_generation = request.generation
        if stale:  # cancelled while we were synthesizing
            self._report(request, cancelled=True, cache_hit=cache_hit, synth_seconds=synth_seconds)
            return
        error = ""
        started = 0.0
        try:
            self._set_speaking(True)
            self._notify_started(request)
            started = time.time()
            completed = self._sink.play(audio, spoken_text)
            ended = time.time()
        except Exception as exc:
            log.error("audio output failed: %s", exc)
            completed, ended, error = False, time.time(), f"playback failed: {exc}"
        finally:
            with self._lock:
                self._playing_generation = None
        self._report(
            request,
            started=started,
            ended=ended,
            cancelled=not completed and not error,
            cache_hit=cache_hit,
            synth_seconds=synth_seconds,
            spoken_text=spoken_text,
            audio_seconds=audio.seconds,
            error=error,
        )

    def _voice_at(self, rate_scale: float) -> Voice:
        if rate_scale == 1.0:
            return self.voice
        rate = max(1, round(self.voice.rate_wpm * rate_scale))
        return Voice(voice_id=self.voice.voice_id, rate_wpm=rate, extra=dict(self.voice.extra))

    def _is_stale(self, request: _Request) -> bool:
        with self._lock:
            return request.generation != self._generation

    def _notify_started(self, request: _Request) -> None:
        if self._on_started is None:
            return
        try:
            self._on_started(request.text, request.turn_id, request.meta)
        except Exception:
            log.exception("on_started callback failed")

    def _set_speaking(self, speaking: bool) -> None:
        if speaking == self._speaking:
            return
        self._speaking = speaking
        try:
            self._on_speaking(speaking)
        except Exception:
            log.exception("on_speaking callback failed")

    def _report(
        self,
        request: _Request,
        *,
        started: float = 0.0,
        ended: float = 0.0,
        cancelled: bool = False,
        cache_hit: bool = False,
        synth_seconds: float = 0.0,
        spoken_text: str = "",
        audio_seconds: float = 0.0,
        error: str = "",
    ) -> None:
        record = SpokenRecord(
            text=request.text,
            turn_id=request.turn_id,
            started=started,
            ended=ended,
            cancelled=cancelled,
            cache_hit=cache_hit,
            synth_seconds=synth_seconds,
            meta=request.meta,
            error=error,
            spoken_text=spoken_text,
            audio_seconds=audio_seconds,
            queued=request.queued,
        )
        try:
            self._on_spoken(record)
        except Exception:
            log.exception("on_spoken callback failed")
