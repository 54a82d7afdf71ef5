"""Timed guest turns through the real node set: each question asked `runs` times, memory read at the end."""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from robot_guide.bench.errors import BenchError
from robot_guide.bench.speech.asr_scoring import Progress
from robot_guide.bench.speech.speech_set import Question, SetPlan, SpokenQuestion
from robot_guide.bench.speech.turn_timing import TurnTiming

READY_TIMEOUT_S = 180.0  # Whisper, the semantic matcher and the pre-rendered answers load on a busy machine


def turn_schedule(
    spoken: list[SpokenQuestion], questions: list[Question], plan: SetPlan, runs: int
) -> list[SpokenQuestion]:
    """Every question `runs` times, in a clean voice and speed that rotates from run to run."""
    clean = [c for c in plan.conditions() if c.noise.snr_db is None and any(s.condition == c for s in spoken)]
    by_key = {(s.question.text, s.condition): s for s in spoken}
    return [
        by_key[(q.text, clean[(index + run) % len(clean)])]
        for run in range(runs)
        for index, q in enumerate(questions)
    ]


def nodeset_turns(
    schedule: list[SpokenQuestion],
    log_path: Path,
    node_params: dict[str, dict[str, str]],
    progress: Callable[[str], Progress],
    say: Callable[[str], None],
) -> dict[str, Any]:
    """The timed turns (and the problems of the missed ones), node memory and the parameters in force."""
    from robot_guide.bench.nodeset_probe import NodeSetProbe, ProbeError

    timings: list[TurnTiming] = []
    missed: list[str] = []
    probe = NodeSetProbe(log_path, node_params)
    # A `kill` must stop the node processes too (they run in their own sessions): SIGTERM becomes Ctrl-C.
    previous = signal.signal(signal.SIGTERM, _interrupt) if _main_thread() else None
    try:
        probe.start()
        say(f"starting the node set (log: {log_path})")
        probe.wait_ready(READY_TIMEOUT_S)
        # Warm-up turn (first decode and first reply allocate), not counted; a different question from the
        # first one, whose words would otherwise be in the robot's just-spoken answer (echo guard).
        probe.ask(schedule[-1])
        for item in progress("node set turns")(schedule):
            outcome = probe.ask(item)
            if outcome.timing is not None:
                timings.append(outcome.timing)
            else:
                missed.append(outcome.problem)
        probe.wait_quiet()  # the last reply finishes before the nodes stop (no publishing into a closed node)
        memory = probe.memory()
        params = {name: dict(values) for name, values in probe.params.items()}
    except ProbeError as exc:
        raise BenchError(str(exc), exit_code=1) from None
    finally:
        probe.close()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return {"timings": timings, "missed": missed, "asked": len(schedule), "memory": memory, "params": params}


def _interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()
