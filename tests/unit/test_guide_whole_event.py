"""Questions about the summit itself reach its dates; "when is X" about a session stays a schedule lookup."""

from __future__ import annotations

import json

import pytest

from robot_guide.cli.main import main
from robot_guide.dialogue.intents import Intent
from robot_guide.dialogue.parser import parse_turn
from robot_guide.guide.schedule import names_whole_event
from robot_guide.matching.coverage import FUNCTION_WORDS
from robot_guide.matching.question_kind import QuestionKind, question_kind


@pytest.mark.parametrize(
    ("name", "whole"),
    [
        ("summit", True),
        ("user summit", True),
        ("the chery international user summit", True),
        ("summit finish", True),
        ("the event over", True),
        ("summit opening", False),  # a session of the summit
        ("crash challenge", False),
        ("user", False),
        ("", False),
    ],
)
def test_names_whole_event(name: str, whole: bool) -> None:
    assert names_whole_event(name) is whole


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("When is the user summit?", Intent.QUESTION),
        ("hi, when does the summit finish", Intent.QUESTION),
        ("when does the summit end", Intent.QUESTION),
        ("When is the crash challenge?", Intent.WHEN),
        ("when is the summit opening", Intent.QUESTION),  # when the summit opens: its dates
        ("when is the summit opening ceremony", Intent.WHEN),
    ],
)
def test_the_summit_itself_is_a_question_not_a_session(text: str, intent: Intent) -> None:
    assert parse_turn(text).intent is intent


def test_a_month_is_the_frame_of_a_date_question() -> None:
    assert question_kind("is the summit in october") is QuestionKind.DATE
    assert "october" in FUNCTION_WORDS and "summit" not in FUNCTION_WORDS


@pytest.mark.parametrize(
    ("question", "entry"),
    [
        ("When is the user summit?", "summit_dates"),
        ("hi, when does the summit finish", "summit_dates"),
        ("is the summit in october", "summit_dates"),
        ("when is the some it happening", "summit_dates"),  # a recogniser slip for "summit"
        ("what cars are making their debut here", "suv_debut"),
        ("what's the robot going to demonstrate", "aimoga_robot"),
    ],
)
def test_ask_answers_with_the_right_entry(
    question: str, entry: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "--json", question]) == 0
    reply = json.loads(capsys.readouterr().out)
    assert (reply["decision"], reply["entry"]) == ("answer", entry)
