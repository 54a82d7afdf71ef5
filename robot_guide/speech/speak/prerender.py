"""Fixed answers rendered ahead of time, so a known answer starts playing with no synthesis delay."""

from __future__ import annotations

import hashlib
import logging
import sys
import threading
import time
import wave
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from robot_guide.atomic_file import replaced_atomically
from robot_guide.speech.audio import resample
from robot_guide.speech.interfaces import SpeechAudio, Synthesizer, Voice
from robot_guide.speech.speak.text_for_speech import clean_for_speech
from robot_guide.speech.speak.voices import BASE_LANGUAGE, synthesize_in_language, voice_for

log = logging.getLogger(__name__)

_INT16_SCALE = 32767.0  # the same scale both ways, so a stored clip comes back within half a step
_WAV_HEADER_BYTES = 44  # RIFF, fmt and data headers of a plain PCM file: less left means samples are missing
CacheKey = tuple[str, str, int]  # (cleaned text, voice id, rate in words per minute)
# A text to hold, in English (the configured voice), or (text, language) for that language's voice.
Line = str | tuple[str, str]


@dataclass(frozen=True)
class WarmReport:
    """What one warm() or rebuild() did."""

    rendered: int  # synthesized now
    reused: int  # already in memory
    loaded: int  # read from the disk cache
    dropped: int  # stale entries removed (rebuild only)
    failed: tuple[tuple[str, str], ...]  # (text, error) for texts that could not be rendered
    seconds: float
    audio_seconds: float  # total audio now held
    entries: int  # entries now held
    bytes: int  # memory the held audio takes (clips mapped from the disk cache are not counted)


@dataclass(frozen=True)
class _Clip:
    pcm: npt.NDArray[np.int16]  # int16 halves the memory of float32; a memory map when on disk
    sample_rate: int


class PrerenderCache:
    """Rendered speech for fixed texts in one voice, keyed by (text, voice id, rate).

    Reads never wait for a (re)build: a build fills a new table and swaps it in when complete.
    """

    def __init__(
        self,
        synthesizer: Synthesizer,
        voice: Voice,
        *,
        cache_dir: str | Path | None = None,
        engine_name: str = "",
        sample_rate: int | None = None,
    ) -> None:
        """sample_rate: the rate the sink plays at (its playback_rate). Clips are kept at that rate, so the
        sink converts nothing when an answer starts: converting a whole answer there took 2-5 ms, but up to
        0.58 s while other threads of the node process held the interpreter lock (bench speech's node set)."""
        self._synthesizer = synthesizer
        self.voice = voice
        self.sample_rate = sample_rate
        self._cache_dir = Path(cache_dir) if cache_dir is not None else None
        if self._cache_dir is not None:
            self._cache_dir.mkdir(parents=True, exist_ok=True)
        # Disk files must not be shared between engines or models that sound different.
        self._engine_name = engine_name or type(synthesizer).__name__
        self._clips: dict[CacheKey, _Clip] = {}
        self._build_lock = threading.Lock()  # one build at a time; readers never take it

    @staticmethod
    def key(text: str, voice: Voice) -> CacheKey:
        return (clean_for_speech(text), voice.voice_id, int(voice.rate_wpm))

    def __len__(self) -> int:
        return len(self._clips)

    def texts(self) -> set[str]:
        return {key[0] for key in self._clips}

    def get(self, text: str, voice: Voice) -> SpeechAudio | None:
        """The pre-rendered audio for `text` in `voice`, or None (then synthesize on demand)."""
        clip = self._clips.get(self.key(text, voice))  # one dict read of the current table: no lock needed
        if clip is None:
            return None
        return SpeechAudio(clip.pcm.astype(np.float32) / _INT16_SCALE, clip.sample_rate)

    def warm(self, texts: Iterable[Line], *, progress: bool = False) -> WarmReport:
        """Render the texts not yet held and add them; keeps everything already held."""
        return self._build(texts, replace=False, progress=progress)

    def rebuild(self, texts: Iterable[Line], *, progress: bool = False) -> WarmReport:
        """Hold exactly `texts`: render new or changed ones, drop the rest, then swap atomically."""
        return self._build(texts, replace=True, progress=progress)

    def rebuild_in_background(
        self, texts: Iterable[Line], on_done: Callable[[WarmReport], None] | None = None
    ) -> threading.Thread:
        """rebuild() on a daemon thread (e.g. on knowledge reload); the old table serves until the swap."""
        wanted = list(texts)  # take the texts now: the caller may change its collection afterwards

        def run() -> None:
            try:
                report = self.rebuild(wanted)
            except Exception:
                log.exception("prerender rebuild failed; the previous answers stay in use")
                return
            if on_done is not None:
                on_done(report)

        thread = threading.Thread(target=run, name="prerender-rebuild", daemon=True)
        thread.start()
        return thread

    def _build(self, texts: Iterable[Line], *, replace: bool, progress: bool) -> WarmReport:
        from tqdm import tqdm  # lazy: only builds need it

        with self._build_lock:
            started = time.monotonic()
            current = self._clips
            languages: dict[CacheKey, str] = {}
            for line in texts:
                text, language = (line, BASE_LANGUAGE) if isinstance(line, str) else line
                if clean_for_speech(text):
                    languages.setdefault(self.key(text, voice_for(language, self.voice)), language)
            keys = list(languages)
            fresh: dict[CacheKey, _Clip] = {}
            rendered = reused = loaded = 0
            failed: list[tuple[str, str]] = []
            for key in tqdm(keys, desc="prerender", unit="text", file=sys.stderr, disable=not progress):
                if key in current:
                    fresh[key] = current[key]
                    reused += 1
                    continue
                clip = self._load(key)
                if clip is not None:
                    fresh[key] = clip
                    loaded += 1
                    continue
                try:
                    audio = synthesize_in_language(self._synthesizer, key[0], languages[key], self.voice)
                except Exception as exc:  # one bad text must not stop the rest from being rendered
                    log.warning("could not prerender %r: %s", key[0][:60], exc)
                    failed.append((key[0], str(exc)))
                    continue
                audio = self._at_playback_rate(audio)
                pcm = np.round(np.clip(audio.samples, -1.0, 1.0) * _INT16_SCALE).astype(np.int16)
                clip = _Clip(pcm, audio.sample_rate)
                fresh[key] = (self._load(key) or clip) if self._store(key, clip) else clip
                rendered += 1
            table = fresh if replace else {**current, **fresh}
            self._clips = table  # the atomic swap: readers see the old table or the new one, never a mix
            return WarmReport(
                rendered=rendered,
                reused=reused,
                loaded=loaded,
                dropped=len(set(current) - set(table)),
                failed=tuple(failed),
                seconds=time.monotonic() - started,
                audio_seconds=sum(clip.pcm.size / clip.sample_rate for clip in table.values()),
                entries=len(table),
                bytes=sum(c.pcm.nbytes for c in table.values() if not isinstance(c.pcm, np.memmap)),
            )

    def _at_playback_rate(self, audio: SpeechAudio) -> SpeechAudio:
        if self.sample_rate is None:
            return audio
        return SpeechAudio(resample(audio.samples, audio.sample_rate, self.sample_rate), self.sample_rate)

    def _path(self, key: CacheKey) -> Path | None:
        if self._cache_dir is None:
            return None
        parts = [self._engine_name, key[1], str(key[2]), key[0]]
        if self.sample_rate is not None:  # a clip kept at another rate is another file
            parts.append(f"{self.sample_rate} Hz")
        identity = "\n".join(parts)
        return self._cache_dir / f"{hashlib.sha256(identity.encode('utf-8')).hexdigest()[:32]}.wav"

    def _load(self, key: CacheKey) -> _Clip | None:
        path = self._path(key)
        if path is None or not path.exists():
            return None
        try:
            with wave.open(str(path), "rb") as wav:
                frames, rate, width, channels = (
                    wav.getnframes(),
                    wav.getframerate(),
                    wav.getsampwidth(),
                    wav.getnchannels(),
                )
            # The samples are mapped, not read: the disk holds the audio, and only the clips being played
            # take memory (hundreds of answers in six languages are minutes of audio each). The files are
            # written by _store, so the samples are the file's last bytes.
            offset = path.stat().st_size - 2 * frames
            if width != 2 or channels != 1 or frames == 0 or offset < _WAV_HEADER_BYTES:
                raise wave.Error(
                    f"not 16-bit mono audio ({width} bytes, {channels} channels, {frames} frames)"
                )
            pcm = np.memmap(path, dtype="<i2", mode="r", offset=offset, shape=(frames,))
            return _Clip(pcm, rate)
        except (OSError, EOFError, ValueError, wave.Error) as exc:  # a damaged file is re-rendered, not fatal
            log.warning("ignoring damaged prerender file %s: %s", path, exc)
            return None

    def _store(self, key: CacheKey, clip: _Clip) -> bool:
        """Write the clip to the disk cache; False when there is none or the write failed."""
        path = self._path(key)
        if path is None:
            return False
        try:
            with replaced_atomically(path) as raw, wave.open(raw, "wb") as wav:
                wav.setnchannels(1)
                wav.setsampwidth(2)
                wav.setframerate(clip.sample_rate)
                wav.writeframes(clip.pcm.astype("<i2").tobytes())
            return True
        except OSError as exc:
            log.warning("could not write prerender file %s: %s", path, exc)
            return False
