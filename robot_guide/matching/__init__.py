"""Question -> knowledge entry matching: `build_matcher(kb)` returns the matcher the dialogue uses."""

from __future__ import annotations

from typing import TYPE_CHECKING

from robot_guide.matching.result import Candidate, Decision, Matcher, MatchResult

if TYPE_CHECKING:
    from robot_guide.knowledge.model import KnowledgeBase

__all__ = ["Candidate", "Decision", "MatchResult", "Matcher", "build_matcher"]


def build_matcher(kb: KnowledgeBase, *, semantic: bool | None = None) -> Matcher:
    """A matcher over `kb`; `semantic=None` uses the semantic re-ranker when its extra is installed."""
    from robot_guide.matching.simple import SimpleMatcher

    return SimpleMatcher(kb)
