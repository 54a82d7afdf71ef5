"""A test double of the espeak worker: the real engine, but requests meet a hang, a crash or silence."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from robot_guide.speech.speak.engines.espeak import load_engine, prepare_worker_process
from robot_guide.speech.speak.engines.worker import serve

FAULTS = ("hang", "crash", "silent")


@dataclass(frozen=True)
class FaultyEspeakWorker:
    """Pass as EspeakSynthesizer(worker_main=...). With `once_marker` (a path that does not exist yet) only
    the first request meets the fault, in whichever worker process serves it; without, every request does.
    Picklable, so the spawned worker process gets it (this module must be importable there: it is, on the
    test's sys.path, which spawn hands on)."""

    fault: str
    once_marker: str = ""

    def __post_init__(self) -> None:
        if self.fault not in FAULTS:
            raise ValueError(f"unknown fault {self.fault!r}; allowed: {', '.join(FAULTS)}")

    def __call__(self, conn: Connection, backend: str) -> None:
        prepare_worker_process()
        voices, render = load_engine(backend)

        def handle(request: dict[str, Any]) -> tuple[bytes, int]:
            if self._strikes():
                if self.fault == "hang":
                    while True:  # what a wedged native engine looks like from outside
                        time.sleep(3600)
                if self.fault == "crash":
                    os._exit(70)
                return b"", 22_050  # silent: the "speaks only once" failure
            return render(request["text"], request["voice_id"], request["rate"])

        serve(conn, voices, handle)

    def _strikes(self) -> bool:
        if not self.once_marker:
            return True
        try:
            Path(self.once_marker).touch(exist_ok=False)  # atomic: exactly one request gets here first
        except FileExistsError:
            return False
        return True
