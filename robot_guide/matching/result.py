"""What a match returns: a decision with its evidence, never just "the best of bad candidates"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from robot_guide.contracts.messages import Decision

__all__ = ["Candidate", "Decision", "MatchResult", "Matcher"]


@dataclass(frozen=True)
class Candidate:
    """One knowledge entry considered for a question; `score` is in [0, 1]."""

    entry_id: str
    score: float
    question: str = ""


@dataclass(frozen=True)
class MatchResult:
    decision: Decision
    entry_id: str | None
    score: float
    candidates: tuple[Candidate, ...] = ()
    normalized: str = ""
    reason: str = ""

    @property
    def runner_up(self) -> Candidate | None:
        return self.candidates[1] if len(self.candidates) > 1 else None


class Matcher(Protocol):
    """Maps a guest's question to a knowledge entry, or says it does not know."""

    def match(self, text: str, language: str = "en", asr_confidence: float | None = None) -> MatchResult: ...
