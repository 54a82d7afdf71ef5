"""Runs the content team's regression questions against a matcher and reports pass/fail with scores."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from robot_guide.knowledge.model import FALLBACK_EXPECTATION, KbTest, KnowledgeBase
from robot_guide.matching.result import Decision, Matcher, MatchResult


@dataclass(frozen=True)
class KbTestResult:
    """One test question: what was expected and what the matcher decided."""

    test: KbTest
    decision: Decision
    entry_id: str | None
    score: float
    passed: bool
    offered: tuple[str, ...] = ()  # the entries a clarify question would offer
    error: str = ""

    @property
    def got(self) -> str:
        if self.error:
            return f"error: {self.error}"
        if self.decision == Decision.ANSWER:
            return self.entry_id or "?"
        if self.decision == Decision.CLARIFY:
            return f"clarify({' | '.join(self.offered)})"
        return FALLBACK_EXPECTATION

    def as_dict(self) -> dict[str, Any]:
        return {
            "ask": self.test.ask,
            "language": self.test.language,
            "expect": self.test.expect,
            "decision": str(self.decision),
            "entry": self.entry_id,
            "offered": list(self.offered),
            "score": round(self.score, 4),
            "passed": self.passed,
            "source": str(self.test.source) if self.test.source else None,
            "error": self.error or None,
        }


@dataclass(frozen=True)
class KbTestReport:
    results: tuple[KbTestResult, ...]

    @property
    def passed(self) -> int:
        return sum(1 for result in self.results if result.passed)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "failed": self.failed,
            "results": [result.as_dict() for result in self.results],
        }


def expectation_met(test: KbTest, result: MatchResult) -> bool:
    """Strict: an entry expectation needs a direct answer with that entry. A clarify question fails even
    when it offers the expected entry, because a regression question should be answered at once."""
    if test.expect == FALLBACK_EXPECTATION:
        return result.decision == Decision.FALLBACK
    return result.decision == Decision.ANSWER and result.entry_id == test.expect


def run_kb_test(test: KbTest, matcher: Matcher) -> KbTestResult:
    try:
        result = matcher.match(test.ask, test.language)
    except Exception as exc:  # one broken question must not stop the rest of the report
        return KbTestResult(
            test, Decision.FALLBACK, None, 0.0, passed=False, error=str(exc) or type(exc).__name__
        )
    offered = tuple(candidate.entry_id for candidate in result.candidates[:2])
    return KbTestResult(
        test=test,
        decision=result.decision,
        entry_id=result.entry_id,
        score=result.score,
        passed=expectation_met(test, result),
        offered=offered if result.decision == Decision.CLARIFY else (),
    )


def run_kb_tests(kb: KnowledgeBase, matcher: Matcher) -> KbTestReport:
    """Every entry-level and folder-level test question of `kb`, in file order."""
    return KbTestReport(tuple(run_kb_test(test, matcher) for test in kb.all_tests()))
