"""The knowledge checked against a matcher: the content team's regression questions, question collisions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from robot_guide.contracts.messages import Decision
from robot_guide.knowledge.lint import content_problems, problem_at
from robot_guide.knowledge.model import FALLBACK_EXPECTATION, KbTest, KnowledgeBase
from robot_guide.knowledge.problems import Problem
from robot_guide.matching.content_gate import ContentGate
from robot_guide.matching.result import Matcher, MatchResult


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
class LanguageCount:
    """Pass counts of one language's tests; `gated` ones fail `kb test` when any fails."""

    language: str
    passed: int
    total: int
    gated: bool

    @property
    def failed(self) -> int:
        return self.total - self.passed


@dataclass(frozen=True)
class KbTestReport:
    results: tuple[KbTestResult, ...]
    gated: tuple[str, ...] | None = None  # languages whose failures count; None: every language

    @property
    def passed(self) -> int:
        return sum(1 for result in self.results if result.passed)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed

    def is_gated(self, language: str) -> bool:
        return self.gated is None or language in self.gated

    @property
    def ok(self) -> bool:
        return all(r.passed for r in self.results if self.is_gated(r.test.language))

    def by_language(self) -> tuple[LanguageCount, ...]:
        """Per language, in order of first appearance."""
        counts: dict[str, list[int]] = {}
        for result in self.results:
            passed_total = counts.setdefault(result.test.language, [0, 0])
            passed_total[0] += int(result.passed)
            passed_total[1] += 1
        return tuple(
            LanguageCount(code, passed, total, self.is_gated(code))
            for code, (passed, total) in counts.items()
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "passed": self.passed,
            "failed": self.failed,
            "ok": self.ok,
            "languages": {
                count.language: {"passed": count.passed, "total": count.total, "gated": count.gated}
                for count in self.by_language()
            },
            "results": [result.as_dict() for result in self.results],
        }


def expectation_met(test: KbTest, result: MatchResult) -> bool:
    """Strict: an entry expectation needs a direct answer with that entry. A clarify question fails even
    when it offers the expected entry, because a regression question should be answered at once."""
    if test.expect == FALLBACK_EXPECTATION:
        return result.decision == Decision.FALLBACK
    return result.decision == Decision.ANSWER and result.entry_id == test.expect


def run_kb_test(test: KbTest, matcher: Matcher, gate: ContentGate | None = None) -> KbTestResult:
    try:
        result = matcher.match(test.ask, test.language)
        if gate is not None and result.decision is not Decision.FALLBACK:
            # The dialogue refuses what the gate refuses: a regression question must pass both, as a guest's.
            verdict = gate.check(test.ask, test.language, result.entry_id)
            if not verdict.allowed:
                result = MatchResult(
                    Decision.FALLBACK, None, result.score, result.candidates, reason=verdict.reason
                )
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
    """Every entry-level and folder-level test question of `kb`, in file order, through the content gate;
    failures count in the languages the knowledge gates (`tests_must_pass`; when it names none, every
    language)."""
    gate = ContentGate(kb)
    results = tuple(run_kb_test(test, matcher, gate) for test in kb.all_tests())
    return KbTestReport(results, gated=kb.language_settings.tests_must_pass or None)


def _collisions(kb: KnowledgeBase, matcher: Matcher) -> Iterable[Problem]:
    for entry in kb.entries:
        for language, questions in entry.questions.items():
            for question in questions:
                try:
                    result = matcher.match(question, language)
                except Exception as exc:  # a matcher bug must not hide the other findings
                    yield problem_at(kb, entry.source, f"matcher failed on '{question}': {exc}", "error")
                    continue
                if result.decision == Decision.ANSWER and result.entry_id not in (None, entry.id):
                    yield problem_at(
                        kb,
                        entry.source,
                        f"question '{question}' of '{entry.id}' is answered by '{result.entry_id}'"
                        f" (score {result.score:.2f}); reword it or move it",
                        "warning",
                    )


def lint(kb: KnowledgeBase, matcher: Matcher) -> list[Problem]:
    """Every content problem the loader cannot see, errors first, each placed on its entry."""
    problems = [*content_problems(kb), *_collisions(kb, matcher)]
    return sorted(problems, key=lambda p: (not p.is_error, p.file, p.line, p.message))
