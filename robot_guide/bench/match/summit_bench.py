"""The summit knowledge base: its tests with the shipped thresholds, and thresholds calibrated now."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from robot_guide.bench.match.calibration import Metrics
from robot_guide.bench.match.clinc_bench import pct
from robot_guide.bench.match.kb_calibration import calibrate_on_kb
from robot_guide.bench.match.matchers import Embedders, make_matcher, shipped_thresholds
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.matching.thresholds import Thresholds


def load_summit() -> KnowledgeBase:
    from robot_guide.knowledge.loader import load_knowledge
    from robot_guide.paths import default_knowledge_dir

    return load_knowledge(default_knowledge_dir())


def bench_summit(
    kb: KnowledgeBase, off_topic: list[str], kinds: list[str], embedders: Embedders, calibrate: bool
) -> dict[str, Any]:
    """Per kind: kb tests with the shipped thresholds, and (calibrate) thresholds picked on held-out
    paraphrases vs `off_topic`, with the kb tests they would pass."""
    from robot_guide.matching.kb_checks import expectation_met
    from robot_guide.matching.off_topic import OFF_TOPIC_QUESTIONS_ZH

    out: dict[str, Any] = {"entries": len(kb.entries), "tests": len(kb.tests)}
    for kind in kinds:
        matcher = make_matcher(kind, kb, embedders)
        shipped = shipped_thresholds(kind)
        matcher.thresholds = shipped
        failures = []
        passed = 0
        for test in kb.tests:
            result = matcher.match(test.ask, test.language)
            if expectation_met(test, result):
                passed += 1
            else:
                failure = {"ask": test.ask, "expect": test.expect, "got": result.entry_id}
                failure |= {"decision": str(result.decision), "score": round(result.score, 3)}
                failures.append(failure | {"source": str(test.source or "")})
        section: dict[str, Any] = {
            "shipped_thresholds": {"answer": shipped.answer, "clarify_margin": shipped.clarify_margin},
            "tests_passed": passed,
            "tests_total": len(kb.tests),
            "pass_rate": pct(passed / max(len(kb.tests), 1)),
            "failures": failures,
        }
        if off_topic and calibrate:
            thresholds, metrics = calibrate_on_kb(kb, off_topic, ranker_maker(kind, embedders))
            section["calibrated"] = describe_calibration(thresholds, metrics)
            matcher.thresholds = thresholds
            section["calibrated"]["tests_passed"] = sum(
                expectation_met(test, matcher.match(test.ask, test.language)) for test in kb.tests
            )
        out[kind] = section
    if calibrate:  # character-level (zh) thresholds: lexical for every matcher
        thresholds, metrics = calibrate_on_kb(
            kb, OFF_TOPIC_QUESTIONS_ZH, ranker_maker("lexical", embedders), language="zh"
        )
        out["zh_calibrated"] = describe_calibration(thresholds, metrics)
    return out


def ranker_maker(kind: str, embedders: Embedders) -> Callable[[KnowledgeBase, str], Callable[[str], Any]]:
    def make(some_kb: KnowledgeBase, language: str) -> Callable[[str], Any]:
        matcher = make_matcher(kind, some_kb, embedders)
        return lambda question: matcher.rank(question, language)

    return make


def describe_calibration(thresholds: Thresholds, metrics: Metrics) -> dict[str, Any]:
    return {
        "answer": round(thresholds.answer, 4),
        "clarify_margin": thresholds.clarify_margin,
        "held_out_in_scope_accuracy": pct(metrics.in_scope_accuracy),
        "oos_recall": pct(metrics.oos_recall),
        "wrong_answer_rate": pct(metrics.wrong_answer_rate),
    }
