"""espeak-ng (via pyttsx3's binding) in a supervised worker process: a hung engine never mutes the robot."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import tempfile
import threading
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

from robot_guide.speech.errors import SynthesisError
from robot_guide.speech.interfaces import SpeechAudio, Synthesizer, Voice
from robot_guide.speech.speak.engines.worker import (
    SupervisedWorker,
    WorkerCrashed,
    WorkerError,
    WorkerFailed,
    WorkerHung,
    WorkerMain,
    WorkerStartError,
    serve,
)
from robot_guide.speech.speak.pronunciation import for_espeak
from robot_guide.speech.speak.voices import BASE_LANGUAGE, LANGUAGE_KEY

__all__ = ["EspeakSynthesizer", "EspeakVoice", "SynthesisError"]

log = logging.getLogger(__name__)

MIN_RATE_WPM, MAX_RATE_WPM = 80, 450  # espeak's usable range; outside it speech is a blur or a drawl
# Language names people write that espeak spells differently. Mandarin is "cmn" in espeak-ng.
_VOICE_ALIASES = {"zh": "cmn", "zh-cn": "cmn", "zh_cn": "cmn", "mandarin": "cmn", "chinese": "cmn"}
BACKENDS = ("espeak", "pyttsx3")  # libespeak-ng direct (synchronous, default) or pyttsx3's run loop


@dataclass(frozen=True)
class EspeakVoice:
    """One voice the espeak engine offers."""

    voice_id: str  # e.g. "gmw/en-us"
    name: str  # e.g. "English (America)"
    languages: tuple[str, ...]


class EspeakSynthesizer(Synthesizer):
    """Renders text with espeak-ng in a worker process; a hang, crash or silence is retried on a new one.

    backend "espeak" (default) drives libespeak-ng synchronously through pyttsx3's ctypes binding;
    "pyttsx3" uses pyttsx3's save_to_file + runAndWait, which here ignored rate changes about half the time.
    `worker_main` is what runs in the worker process, called as worker_main(conn, backend): the real
    espeak worker unless a test passes a double that hangs, crashes or goes silent.
    """

    def __init__(
        self,
        timeout_s: float = 5.0,
        *,
        backend: str = "espeak",
        start_timeout_s: float = 20.0,
        worker_main: WorkerMain | None = None,
    ) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"unknown espeak backend {backend!r}; allowed: {', '.join(BACKENDS)}")
        if timeout_s <= 0:
            raise ValueError(f"timeout_s must be positive, got {timeout_s}; pass e.g. 5.0")
        self.timeout_s = timeout_s
        self._lock = threading.Lock()  # one request at a time through the pipe
        self.backend = backend
        self._worker = SupervisedWorker(
            worker_main or espeak_worker_main, name="espeak", start_timeout_s=start_timeout_s, args=(backend,)
        )
        self.restarts = 0
        self.last_restart_seconds = 0.0
        try:
            hello = self._worker.start()
        except WorkerStartError as exc:
            raise SynthesisError(f"espeak could not start: {exc}") from exc
        self._voices = tuple(EspeakVoice(v, n, tuple(langs)) for v, n, langs in hello)

    def voices(self) -> tuple[EspeakVoice, ...]:
        return self._voices

    @property
    def worker_pid(self) -> int | None:
        return self._worker.pid

    def resolve_voice(self, voice_id: str) -> str:
        """Map "", a language ("en", "zh"), an espeak id ("gmw/en-us") or a name to an espeak voice id."""
        if not voice_id.strip():
            return ""
        wanted = voice_id.strip().lower()
        wanted = _VOICE_ALIASES.get(wanted, wanted)
        checks = (
            lambda v: v.voice_id.lower() == wanted,
            lambda v: v.voice_id.lower().rsplit("/", 1)[-1] == wanted,
            lambda v: wanted in (lang.lower() for lang in v.languages),
            lambda v: v.name.lower() == wanted,
        )
        for check in checks:
            for voice in self._voices:
                if check(voice):
                    return voice.voice_id
        raise SynthesisError(
            f"unknown espeak voice {voice_id!r}; use a language code such as 'en', 'en-us' or 'zh' "
            "(Mandarin), or an espeak voice id such as 'gmw/en-us' (EspeakSynthesizer.voices() lists them)"
        )

    def synthesize(self, text: str, voice: Voice) -> SpeechAudio:
        if not text.strip():
            return SpeechAudio(np.zeros(0, dtype=np.float32), 22_050)
        request: dict[str, Any] = {
            # Passed as data through the pipe, never part of a command line; names respelled as they sound
            # in the voice's language, Chinese as the pinyin the Mandarin voice reads.
            "text": for_espeak(text, voice.extra.get(LANGUAGE_KEY, BASE_LANGUAGE)),
            "voice_id": self.resolve_voice(voice.voice_id),
            "rate": int(min(MAX_RATE_WPM, max(MIN_RATE_WPM, voice.rate_wpm))),
        }
        with self._lock:
            errors: list[str] = []
            for attempt in range(2):  # first try, then one retry on a fresh worker
                try:
                    pcm, sample_rate = self._worker.call(request, self.timeout_s)
                    samples = np.frombuffer(pcm, dtype=np.int16).astype(np.float32) / 32768.0
                    if samples.size == 0:
                        raise WorkerFailed("engine produced no audio")  # the "speaks only once" failure
                    return SpeechAudio(samples, int(sample_rate))
                except (WorkerHung, WorkerCrashed, WorkerFailed) as exc:
                    errors.append(str(exc))
                    log.warning("espeak attempt %d failed (%s); restarting the worker", attempt + 1, exc)
                    self._restart()
                except WorkerError as exc:  # could not even start: retrying would only wait again
                    errors.append(str(exc))
                    break
            raise SynthesisError(
                f"espeak failed to speak {text[:40]!r} after a restart: {'; '.join(errors)}. "
                "Check that espeak-ng works: `espeak-ng --version` (apt-get install espeak-ng libespeak-ng1)"
            )

    def _restart(self) -> None:
        try:
            self.last_restart_seconds = self._worker.restart()
            self.restarts += 1
            log.info(
                "espeak worker restarted in %.2f s (pid %s)", self.last_restart_seconds, self._worker.pid
            )
        except WorkerError as exc:
            log.error("espeak worker failed to restart: %s", exc)

    def close(self) -> None:
        with self._lock:
            self._worker.close()

    def __enter__(self) -> EspeakSynthesizer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


Renderer = Callable[[str, str, int], tuple[bytes, int]]  # (text, voice id or "", rate) -> (int16 PCM, rate)


Voices = list[tuple[str, str, list[str]]]  # (voice id, name, languages): the worker's hello


def espeak_worker_main(conn: Connection, backend: str) -> None:
    """Worker process entry: load the engine once, then render each request and return its samples."""
    prepare_worker_process()
    try:
        voices, render = load_engine(backend)
    except Exception as exc:
        conn.send(("fatal", f"espeak-ng did not load through pyttsx3 ({type(exc).__name__}: {exc})"))
        return
    serve(conn, voices, lambda request: render(request["text"], request["voice_id"], request["rate"]))


def prepare_worker_process() -> None:
    """Settings of the worker process itself: quiet stdout, and Ctrl-C left to the parent."""
    sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - pyttsx3 prints "Audio saved to ..." for every file
    # A terminal Ctrl-C reaches the whole process group; the parent decides when this worker stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def load_engine(backend: str) -> tuple[Voices, Renderer]:
    """The engine's voices (the worker's hello) and its renderer, loaded in the worker process."""
    return _load_direct() if backend == "espeak" else _load_pyttsx3()


def _load_direct() -> tuple[Voices, Renderer]:
    """libespeak-ng in synchronous mode through pyttsx3's ctypes binding: Synth returns when audio is done."""
    import ctypes

    from pyttsx3.drivers import _espeak

    sample_rate = int(_espeak.Initialize(_espeak.AUDIO_OUTPUT_SYNCHRONOUS, 0))
    if sample_rate <= 0:
        raise RuntimeError("espeak_Initialize failed")
    pieces: list[bytes] = []

    def collect(wav: Any, count: int, events: Any) -> int:
        if count > 0:
            pieces.append(ctypes.string_at(wav, count * 2))
        return 0  # 0 = keep synthesizing

    _espeak.SetSynthCallback(collect)  # the binding keeps a reference, so the callback is not collected
    voices = [
        (v.identifier.decode("utf-8").lower(), v.name.decode("utf-8"), [_first_language(v.languages)])
        for v in _espeak.ListVoices(None)
    ]
    default_voice = _current_voice_id(_espeak) or "gmw/en"
    state = {"voice": ""}

    def render(text: str, voice_id: str, rate: int) -> tuple[bytes, int]:
        wanted = voice_id or default_voice
        if wanted != state["voice"]:
            if _espeak.SetVoiceByName(wanted.encode("utf-8")) != _espeak.EE_OK:
                raise RuntimeError(f"espeak could not select voice {wanted!r}")
            state["voice"] = wanted
        _espeak.SetParameter(_espeak.RATE, rate, 0)
        pieces.clear()
        result = _espeak.Synth(text, flags=_espeak.ENDPAUSE | _espeak.CHARS_UTF8)
        if result != _espeak.EE_OK:
            raise RuntimeError(f"espeak_Synth failed with code {result}")
        return b"".join(pieces), sample_rate

    return voices, render


def _load_pyttsx3() -> tuple[Voices, Renderer]:
    """pyttsx3's own path: save_to_file + runAndWait. Measured here: it ignores rate changes about half the
    time and now and then writes an empty file, so it is kept as a fallback, not the default."""
    import pyttsx3

    engine = pyttsx3.init()
    voices = [
        (v.id, v.name, [str(lang) for lang in (v.languages or [])]) for v in engine.getProperty("voices")
    ]
    default_voice = str(engine.getProperty("voice") or "gmw/en")
    folder = tempfile.mkdtemp(prefix="robot_guide_espeak_")
    counter = iter(range(1 << 62))

    def render(text: str, voice_id: str, rate: int) -> tuple[bytes, int]:
        path = os.path.join(folder, f"utterance-{next(counter)}.wav")
        engine.setProperty("voice", voice_id or default_voice)
        engine.setProperty("rate", rate)
        engine.save_to_file(text, path)
        engine.runAndWait()
        try:
            return _read_finished_wav(path)
        finally:
            with contextlib.suppress(OSError):
                os.remove(path)

    return voices, render


def _read_finished_wav(path: str, wait_s: float = 0.5) -> tuple[bytes, int]:
    """Read pyttsx3's output file. Its espeak callback writes the file on espeak's own thread, and under load
    runAndWait() has returned before the file existed or was complete: wait until it reads back whole."""
    deadline = time.monotonic() + wait_s
    while True:
        try:
            with wave.open(path, "rb") as wav:
                if wav.getsampwidth() != 2 or wav.getnchannels() != 1:
                    raise RuntimeError(
                        f"unexpected WAV: {wav.getsampwidth() * 8}-bit, {wav.getnchannels()} ch"
                    )
                frames = wav.readframes(wav.getnframes())
                if frames:
                    return frames, wav.getframerate()
        except (FileNotFoundError, EOFError, wave.Error):
            pass  # not written yet, or header written but data not yet
        if time.monotonic() >= deadline:
            raise RuntimeError(f"pyttsx3 wrote no audio to {path} within {wait_s:.1f} s")
        time.sleep(0.01)


def _first_language(languages: bytes | None) -> str:
    # espeak packs languages as <priority byte><name>\0...; ctypes stops at the first NUL.
    return languages[1:].decode("utf-8", errors="ignore") if languages else ""


def _current_voice_id(espeak: Any) -> str:
    voice = espeak.GetCurrentVoice()
    if voice and voice.contents.identifier:
        return str(voice.contents.identifier.decode("utf-8").lower())
    return ""
