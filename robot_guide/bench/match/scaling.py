"""Lexical matcher latency and build cost as the knowledge base grows (perturbed CLINC150 copies)."""

from __future__ import annotations

import random
import statistics
import time
import tracemalloc
from typing import Any

from robot_guide.bench.match.clinc import kb_from_pairs
from robot_guide.bench.match.evaluation import Progress, percentile_ms

SCALES = (1_000, 10_000, 100_000)
SCALING_QUERIES = 300
SCALING_ROUNDS = 3


def perturb(question: str, rng: random.Random) -> str:
    words = question.split()
    if len(words) > 3 and rng.random() < 0.5:
        del words[rng.randrange(len(words))]
    if len(words) > 2 and rng.random() < 0.5:
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(
        words + ([rng.choice(["please", "now", "today", "again", "here"])] if rng.random() < 0.5 else [])
    )


def bench_scaling(
    train: list[tuple[str, str]], sizes: tuple[int, ...], queries: int, progress: Progress
) -> dict[str, Any]:
    from robot_guide.matching.matcher import LexicalMatcher

    rng = random.Random(7)
    out: dict[str, Any] = {}
    for size in sizes:
        pairs = list(train[:size])
        while len(pairs) < size:  # synthetic growth: perturbed copies spread over more entries
            question, label = train[rng.randrange(len(train))]
            pairs.append((perturb(question, rng), f"{label}_{len(pairs) % 7}"))
        kb = kb_from_pairs(pairs)
        tracemalloc.start()
        started = time.perf_counter()
        matcher = LexicalMatcher(kb)
        build_s = time.perf_counter() - started
        memory_mb = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        asks = [perturb(train[rng.randrange(len(train))][0], rng) for _ in range(queries)]
        rounds = []  # the machine is shared: the median over rounds tames other jobs' noise
        for round_number in range(SCALING_ROUNDS):
            times = []
            for ask in progress(f"scaling {size} round {round_number + 1}")(asks):
                started = time.perf_counter()
                matcher.match(ask)
                times.append((time.perf_counter() - started) * 1000.0)
            rounds.append((percentile_ms(times, 50), percentile_ms(times, 99)))
        out[str(size)] = {
            "questions": size,
            "entries": len(kb.entries),
            "p50_ms": statistics.median(r[0] for r in rounds),
            "p99_ms": statistics.median(r[1] for r in rounds),
            "p99_ms_per_round": [r[1] for r in rounds],
            "build_s": round(build_s, 2),
            "build_peak_python_mb": round(memory_mb, 1),
        }
    return out
