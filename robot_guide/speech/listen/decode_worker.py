"""The listener's decode thread: final utterances in order, the latest speculative one when idle."""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from robot_guide.speech.interfaces import AudioArray
from robot_guide.speech.listen.utterance_evidence import AcousticEvidence

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class DecodeJob:
    utterance_id: int
    audio: AudioArray
    final: bool
    timings: dict[str, float]
    evidence: AcousticEvidence = field(default_factory=AcousticEvidence)
    preroll_samples: int = 0  # leading samples from before the speech onset


class DecodeWorker:
    """One background thread: finals in order, at most one speculative job waiting (latest wins)."""

    def __init__(
        self, decode: Callable[[DecodeJob], None], max_pending: int, on_dropped: Callable[[DecodeJob], None]
    ):
        self._decode = decode
        self._on_dropped = on_dropped
        self._finals: deque[DecodeJob] = deque()
        self._max_pending = max(1, max_pending)
        self._speculative: DecodeJob | None = None
        self._cond = threading.Condition()
        self._closed = False
        self._busy = False
        self._thread = threading.Thread(target=self._run, name="listener-decode", daemon=True)
        self._thread.start()

    def submit(self, job: DecodeJob) -> None:
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
