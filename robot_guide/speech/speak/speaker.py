"""The speaking orchestrator: a bounded queue of replies spoken one by one, interruptible (barge-in)."""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from robot_guide.speech.interfaces import AudioSink, SpeechAudio, Synthesizer, Voice
from robot_guide.speech.speak.text_for_speech import clean_for_speech
from robot_guide.speech.speak.voices import BASE_LANGUAGE, synthesize_in_language, voice_for

if TYPE_CHECKING:
    from robot_guide.speech.speak.prerender import PrerenderCache

log = logging.getLogger(__name__)

StartedCallback = Callable[[str, str, dict[str, Any] | None], None]  # (text, turn_id, meta) as audio starts

_RECANCEL_EVERY_S = 0.01
_RECANCEL_FOR_S = 1.0
# A reply waits behind the one playing; more than a few waiting means the robot cannot keep up, and a reply
# that waited long answers a moment that has passed.
MAX_QUEUED = 10
MAX_AGE_S = 20.0
_DROP_LOG_EVERY_S = 5.0


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


@dataclass
class _Request:
    text: str
    rate_scale: float
    turn_id: str
    meta: dict[str, Any]
    generation: int
    queued: float
    dropped: str = ""  # why it will not be spoken, set when the queue overflows
    language: str = BASE_LANGUAGE  # picks the voice


class _DropLog:
    """One log line for the first dropped reply, then at most one summary line every few seconds."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = -_DROP_LOG_EVERY_S
        self._unlogged = 0

    def dropped(self, why: str, text: str) -> None:
        with self._lock:
            now = time.monotonic()
            if now - self._last < _DROP_LOG_EVERY_S:
                self._unlogged += 1
                return
            more, self._unlogged, self._last = self._unlogged, 0, now
        extra = f" (and {more} more since the last report)" if more else ""
        log.warning("dropped a reply %s: %r%s", why, text[:60], extra)


class Speaker:
    """Speaks queued texts through a synthesizer (or the prerender cache) and a sink, on one worker thread.

    Callbacks run on the worker thread: on_speaking(True) just before the first audio, on_speaking(False)
    once the audio really ended and nothing else is queued; on_started(text, turn_id, meta) as each
    sentence starts playing; on_spoken(record) once per say().
    At most `max_queued` replies wait behind the one playing (the oldest waiting is dropped for a new one),
    and a reply that waited longer than `max_age_s` is dropped instead of spoken; each drop is reported
    through on_spoken (cancelled, with the reason in `error`) and logged without flooding the log.
    After close(), nothing more is spoken and no callback runs.
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
        max_queued: int = MAX_QUEUED,
        max_age_s: float = MAX_AGE_S,
    ) -> None:
        if max_queued < 1 or not max_age_s > 0:
            raise ValueError(f"max_queued must be >= 1 and max_age_s > 0, got {max_queued} and {max_age_s}")
        self._synthesizer = synthesizer
        self._sink = sink
        self.voice = voice
        self._on_speaking = on_speaking
        self._on_spoken = on_spoken
        self._cache = cache
        self._on_started = on_started
        self._queue: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._max_queued = max_queued
        self._max_age_s = max_age_s
        self._waiting: deque[_Request] = deque()  # queued and not yet taken by the worker, oldest first
        self._drop_log = _DropLog()
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
        self,
        text: str,
        *,
        rate_scale: float = 1.0,
        turn_id: str = "",
        meta: dict[str, Any] | None = None,
        language: str = BASE_LANGUAGE,
    ) -> None:
        """Queue `text` to be spoken, in `language`'s voice, after what is already queued; returns at once."""
        if not 0.25 <= rate_scale <= 4.0:
            raise ValueError(
                f"rate_scale must be between 0.25 and 4.0, got {rate_scale}; 1.0 is normal speed"
            )
        with self._lock:
            if self._closed:
                raise RuntimeError("the speaker is closed; create a new Speaker")
            self._pending += 1
            request = _Request(
                text, rate_scale, turn_id, dict(meta or {}), self._generation, time.time(), language=language
            )
            self._waiting.append(request)
            if len(self._waiting) > self._max_queued:
                self._waiting.popleft().dropped = f"(more than {self._max_queued} replies waiting)"
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
            with self._lock:
                if self._waiting and self._waiting[0] is request:
                    self._waiting.popleft()
                closed = self._closed
            try:
                if not closed:  # after close() the queue is drained quietly: the node is going away
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
        age = time.time() - request.queued
        if not request.dropped and age > self._max_age_s:
            request.dropped = f"(waited {age:.0f} s, more than {self._max_age_s:g} s)"
        if request.dropped:
            self._drop_log.dropped(request.dropped, request.text)
            self._report(request, cancelled=True, error=f"dropped {request.dropped}")
            return
        spoken_text = clean_for_speech(request.text)
        if not spoken_text:
            self._report(request, error="nothing speakable in the text")
            return
        base = self._voice_at(request.rate_scale)
        voice = voice_for(request.language, base)
        audio: SpeechAudio | None = self._cache.get(spoken_text, voice) if self._cache is not None else None
        cache_hit = audio is not None
        synth_seconds = 0.0
        if audio is None:
            begun = time.monotonic()
            try:
                audio = synthesize_in_language(self._synthesizer, spoken_text, request.language, base)
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
        if self._on_started is None or self._closed:
            return
        try:
            self._on_started(request.text, request.turn_id, request.meta)
        except Exception:
            log.exception("on_started callback failed")

    def _set_speaking(self, speaking: bool) -> None:
        if speaking == self._speaking or self._closed:
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
        if self._closed:  # the node's publishers are gone: a report now could only fail
            return
        try:
            self._on_spoken(record)
        except Exception:
            log.exception("on_spoken callback failed")
