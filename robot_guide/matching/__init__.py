"""Question -> knowledge entry matching: `build_matcher(kb)` returns the matcher the dialogue uses."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from robot_guide.matching.result import Candidate, Decision, Matcher, MatchResult

if TYPE_CHECKING:
    from robot_guide.knowledge.model import KnowledgeBase

__all__ = ["Candidate", "Decision", "MatchResult", "Matcher", "build_matcher"]

log = logging.getLogger(__name__)
_said_lexical_only = False


def build_matcher(kb: KnowledgeBase, *, semantic: bool | None = None) -> Matcher:
    """A matcher over `kb`; `semantic=None` uses the semantic re-ranker when its extra is installed.

    `semantic=True` without the extra raises ModuleNotFoundError naming `robot-guide[semantic]`.
    """
    global _said_lexical_only
    from robot_guide.matching.embedder import semantic_available
    from robot_guide.matching.matcher import LexicalMatcher

    lexical = LexicalMatcher(kb)
    if semantic is False:
        return lexical
    if not semantic_available():
        if semantic:
            raise ModuleNotFoundError("the semantic matcher needs: pip install 'robot-guide[semantic]'")
        if not _said_lexical_only:
            log.info(
                "semantic re-ranker not installed (pip install 'robot-guide[semantic]'): lexical matching"
            )
            _said_lexical_only = True
        return lexical
    from robot_guide.matching.semantic import SemanticMatcher

    return SemanticMatcher(kb, lexical=lexical)
