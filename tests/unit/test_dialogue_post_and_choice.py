"""Directions entries follow the robot's post; a guest answers "A or B?" by naming one or asking where."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from robot_guide.contracts.messages import Utterance
from robot_guide.dialogue.config import DialogueConfig
from robot_guide.dialogue.engine import DialogueEngine
from robot_guide.knowledge.loader import load_knowledge
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.matching import build_matcher
from robot_guide.matching.result import Candidate, Decision, MatchResult

NOW = datetime(2025, 10, 18, 10, 0)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(Path(__file__).resolve().parents[2] / "knowledge")


def ask(engine: DialogueEngine, text: str) -> str:
    return engine.on_utterance(Utterance(text=text, guest_id="ana"), NOW)[-1].text


def test_a_directions_entry_is_answered_from_the_robots_post(kb: KnowledgeBase) -> None:
    venue = kb.venues[kb.entry("directions_main_stage").venue]  # type: ignore[union-attr,index]
    for post in ("main_entrance", "hall_a_lobby"):
        config = DialogueConfig(post=post, greet_first_words=False)  # the route alone, no hello in front
        engine = DialogueEngine(kb, build_matcher(kb, semantic=False), config)
        assert ask(engine, "which hall is the suv debut in") == venue.route_from(post, "en")


class ClarifyFirst:
    """Offers the launch or the stage's directions on the first question, then matches for real."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._real = build_matcher(kb, semantic=False)
        self._asked = False

    def match(self, text: str, language: str = "en", asr_confidence: float | None = None) -> MatchResult:
        if not self._asked:
            self._asked = True
            options = (Candidate("brand_ecosystem_launch", 0.5), Candidate("directions_main_stage", 0.49))
            return MatchResult(Decision.CLARIFY, "brand_ecosystem_launch", 0.5, options)
        return self._real.match(text, language, asr_confidence)


@pytest.mark.parametrize(
    ("reply", "expected_entry"),
    [("the opening ceremony", "brand_ecosystem_launch"), ("where is it?", "directions_main_stage")],
)
def test_the_guest_picks_an_option_by_name_or_by_asking_where(
    kb: KnowledgeBase, reply: str, expected_entry: str
) -> None:
    engine = DialogueEngine(kb, ClarifyFirst(kb), DialogueConfig(post="hall_a_lobby"))
    first = engine.on_utterance(Utterance(text="the launch", guest_id="ana"), NOW)[-1]
    assert first.kind == "clarify"
    second = engine.on_utterance(Utterance(text=reply, guest_id="ana"), NOW)[-1]
    assert second.entry == expected_entry
    assert second.kind in ("answer", "directions")
