"""Question -> knowledge entry matching: `build_matcher(kb)` returns the matcher the dialogue uses."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from robot_guide.matching.embedder import DEFAULT_ENGINE
from robot_guide.matching.result import Candidate, Decision, Matcher, MatchResult

if TYPE_CHECKING:
    from robot_guide.knowledge.model import KnowledgeBase

__all__ = ["Candidate", "Decision", "MatchResult", "Matcher", "build_matcher"]

log = logging.getLogger(__name__)
_said_lexical_only = False


def build_matcher(
    kb: KnowledgeBase, *, semantic: bool | None = True, engine: str = DEFAULT_ENGINE
) -> Matcher:
    """A matcher over `kb`: semantic re-ranking with `engine` by default, `semantic=False` for lexical only,
    `semantic=None` for semantic when the engine is installed and lexical otherwise.

    `semantic=True` with the engine missing raises ModuleNotFoundError naming the install step.
    """
    global _said_lexical_only
    from robot_guide.matching.embedder import engine_available, missing_engine_message
    from robot_guide.matching.matcher import LexicalMatcher

    lexical = LexicalMatcher(kb)
    if semantic is False:
        return lexical
    if not engine_available(engine):
        if semantic:
            raise ModuleNotFoundError(missing_engine_message(engine))
        if not _said_lexical_only:
            log.info("%s: lexical matching", missing_engine_message(engine))
            _said_lexical_only = True
        return lexical
    from robot_guide.matching.embedder import shared_embedder
    from robot_guide.matching.semantic import SemanticMatcher

    matcher = SemanticMatcher(kb, embedder=shared_embedder(engine), lexical=lexical)
    matcher.multilingual.start()  # other languages' head learns in the background while English is served
    return matcher
