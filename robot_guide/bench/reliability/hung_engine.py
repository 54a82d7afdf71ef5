"""A speech engine that wedges: the real espeak worker, whose first request never returns."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from robot_guide.speech.interfaces import Voice
from robot_guide.speech.speak.engines.espeak import EspeakSynthesizer, load_engine, prepare_worker_process
from robot_guide.speech.speak.engines.worker import serve

HANG_TIMEOUT_S = 1.0  # the synthesis timeout under test (tts_node's synth_timeout_s, shortened)


@dataclass(frozen=True)
class HangOnce:
    """EspeakSynthesizer(worker_main=...): the first request (across worker processes) sleeps forever."""

    marker: str  # a path that does not exist yet; created atomically by the one request that hangs

    def __call__(self, conn: Connection, backend: str) -> None:
        prepare_worker_process()
        voices, render = load_engine(backend)

        def handle(request: dict[str, Any]) -> tuple[bytes, int]:
            try:
                Path(self.marker).touch(exist_ok=False)
            except FileExistsError:
                return render(request["text"], request["voice_id"], request["rate"])
            while True:  # what a wedged native engine looks like from outside
                time.sleep(3600)

        serve(conn, voices, handle)


def engine_hang(folder: Path) -> dict[str, Any]:
    """Time from a request meeting a hung engine to its audio (kill, restart, render), then a normal one."""
    with EspeakSynthesizer(timeout_s=HANG_TIMEOUT_S, worker_main=HangOnce(str(folder / "hung"))) as engine:
        hung_pid = engine.worker_pid
        started = time.monotonic()
        audio = engine.synthesize("Still speaking after a hang.", Voice())
        recovered = time.monotonic() - started
        gone = hung_pid is None or not Path(f"/proc/{hung_pid}").exists()
        started = time.monotonic()
        again = engine.synthesize("And again.", Voice())
        next_s = time.monotonic() - started
        restarts = engine.restarts
    return {
        "timeout_s": HANG_TIMEOUT_S,
        "recovered_s": round(recovered, 2),
        "audio_s": round(audio.seconds, 2),
        "restarts": restarts,
        "hung_worker_killed": gone and hung_pid != os.getpid(),
        "next_request_s": round(next_s, 2),
        "ok": audio.seconds > 0.5 and again.seconds > 0.2 and restarts == 1 and gone,
    }
