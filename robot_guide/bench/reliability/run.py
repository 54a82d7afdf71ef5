"""Runs the reliability benchmark's parts in order and gathers one report (full or quick)."""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from robot_guide.knowledge.model import FALLBACK_EXPECTATION, KnowledgeBase


@dataclass(frozen=True)
class Plan:
    ask_hostile: int
    ask_garbage: int
    decoder_per_type: int
    loader: int
    quick_attacks: bool
    soak_nodes: tuple[str, ...]
    soak_turns: int
    soak_warmup: int
    kill_nodes: tuple[str, ...]
    flood_nodes: tuple[str, ...]
    flood_per_topic: int
    quick_clinc: bool


SPEECH_NODES = ("dialogue_node", "tts_node", "asr_node")
DIALOGUE_ONLY = ("dialogue_node",)
FULL = Plan(
    10_000,
    10_000,
    10_000,
    1_000,
    False,
    SPEECH_NODES,
    10_000,
    2_000,
    SPEECH_NODES,
    SPEECH_NODES,
    1_000,
    False,
)
QUICK = Plan(300, 700, 300, 30, True, DIALOGUE_ONLY, 300, 50, DIALOGUE_ONLY, DIALOGUE_ONLY, 100, True)
SEED = 13


def soak_questions(kb: KnowledgeBase) -> list[str]:
    """What guests ask (every paraphrase and regression question), with some nonsense mixed in."""
    questions = [q for entry in kb.entries for q in entry.questions_in("en")]
    questions += [t.ask for t in kb.all_tests() if t.language == "en" and t.expect != FALLBACK_EXPECTATION]
    return [*questions, "uh where", "what what what", "5", "say that again", "slower please"]


def run_reliability(
    plan: Plan, knowledge: Path, clinc: Path | None, say: Callable[[str], None]
) -> dict[str, Any]:
    from robot_guide.bench.match.clinc import load_clinc
    from robot_guide.bench.reliability.attack_files import QUICK_ATTACKS
    from robot_guide.bench.reliability.attacks import run_attacks
    from robot_guide.bench.reliability.faults import kill_each, turnlog_faults
    from robot_guide.bench.reliability.flood import flood
    from robot_guide.bench.reliability.fuzz_ask import fuzz_ask
    from robot_guide.bench.reliability.fuzz_decoders import fuzz_decoders
    from robot_guide.bench.reliability.fuzz_loader import fuzz_loader, merged
    from robot_guide.bench.reliability.gate_cost import clinc_cost, summit_cost
    from robot_guide.bench.reliability.hung_engine import engine_hang
    from robot_guide.bench.reliability.soak import soak
    from robot_guide.knowledge.loader import load_knowledge

    kb = load_knowledge(knowledge)
    report: dict[str, Any] = {"seconds": {}}

    def timed(name: str, part: Callable[[], Any]) -> Any:
        say(f"bench reliability: {name} ...")
        started = time.monotonic()
        result = part()
        report["seconds"][name] = round(time.monotonic() - started, 1)
        return result

    # The loader fuzz (the costliest: every input checks a whole folder) runs in two more processes, half
    # the inputs each with its own seed, beside the others: fuzzing only counts exceptions, never time, so
    # sharing the cores changes no figure. Knowledge attacks (timed, 5 s each) start after all of them.
    halves = (plan.loader - plan.loader // 2, plan.loader // 2)
    with ProcessPoolExecutor(len(halves), mp_context=multiprocessing.get_context("spawn")) as pool:
        loading = [pool.submit(fuzz_loader, knowledge, n, SEED + i) for i, n in enumerate(halves)]
        asked = timed("fuzz ask", lambda: fuzz_ask(kb, plan.ask_hostile, plan.ask_garbage, SEED))
        decoders = timed("fuzz decoders", lambda: fuzz_decoders(plan.decoder_per_type, SEED))
        loader = timed("fuzz loader (rest, beside the above)", lambda: merged([f.result() for f in loading]))
    report["fuzz"] = [asked["fuzz"], loader, *decoders]
    report["garbage"] = asked["garbage"]
    names = QUICK_ATTACKS if plan.quick_attacks else None
    report["attacks"] = timed("knowledge attack files", lambda: run_attacks(knowledge, names))
    if clinc is not None and clinc.is_file():
        off_topic = [q for q, _ in load_clinc(clinc)["oos_test"]]
        report["gate_cost"] = {
            "summit": timed("gate cost (summit)", lambda: summit_cost(kb, off_topic)),
            "clinc150": timed("gate cost (CLINC150)", lambda: clinc_cost(clinc, plan.quick_clinc)),
        }
    else:
        report["gate_cost"] = {"skipped": f"CLINC150 not found at {clinc} (ROBOT_GUIDE_DATA)"}
    questions = soak_questions(kb)
    with tempfile.TemporaryDirectory(prefix="rg-reliability-") as tmp:
        folder = Path(tmp)
        log = folder / "nodes.log"
        try:
            report["soak"] = timed(
                "soak",
                lambda: soak(
                    plan.soak_nodes,
                    questions,
                    plan.soak_turns,
                    plan.soak_warmup,
                    log,
                    folder / "soak.sqlite3",
                    say,
                ),
            )
            report["kill"] = timed("kill -9", lambda: kill_each(plan.kill_nodes, questions, folder, log, say))
            report["engine_hang"] = timed("engine hang", lambda: engine_hang(folder))
            report["turnlog"] = timed(
                "turn log locked / full", lambda: turnlog_faults(questions, folder, log)
            )
            report["flood"] = timed(
                "malformed flood",
                lambda: flood(plan.flood_nodes, questions, plan.flood_per_topic, folder, log, SEED, say),
            )
        except BaseException:
            say(f"bench reliability: the node log ends with: {' | '.join(_tail(log))}")
            raise
    return report


def _tail(log: Path, lines: int = 8) -> list[str]:
    try:
        return log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
    except OSError:
        return []
