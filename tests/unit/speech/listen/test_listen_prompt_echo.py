"""Prompt echoes and repeated-term loops are hallucinations; a guest naming the prompt's names is not."""

from __future__ import annotations

import pytest

from robot_guide.speech.interfaces import Transcript
from robot_guide.speech.listen.guards import GuardConfig, apply_guards, check_transcript

PROMPT = "AiMOGA robot, Chery, Tiggo 9, Chery Super Hybrid, KOC."
OLD_PROMPT = "A guest asks the robot about KOC, Tiggo 9, Chery Super Hybrid, Chery, AiMOGA robot."


def heard(text: str, seconds: float = 3.0) -> Transcript:
    return Transcript(text=text, avg_logprob=-0.3, compression_ratio=1.3, seconds=seconds)


@pytest.mark.parametrize(
    "text",
    [
        "A guest asks the robot, KOC, KOC, KOC, KOC, KOC, KOC, KOC",
        "KOC KOC KOC KOC",
        "the robot the robot the robot the robot",
        "Chery Super Hybrid, Chery Super Hybrid, Chery Super Hybrid, Chery Super Hybrid.",
        # A longer phrase loops in fewer repeats (a mumbled question, decoded in the simulator).
        "Please, I have been a great leader, and I have been a great leader, and I have been a great "
        "leader, and",
    ],
)
def test_a_loop_on_one_term_is_dropped(text: str) -> None:
    reason = check_transcript(heard(text), -20.0, GuardConfig(), PROMPT)
    assert reason.startswith("repeated-term loop"), reason


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ("AiMOGA robot, Chery, Tiggo 9, Chery Super Hybrid, KOC.", PROMPT),
        ("Chery, Tiggo 9, Chery Super Hybrid, KOC", PROMPT),
        ("A guest asks the robot about the weather.", OLD_PROMPT),
    ],
)
def test_the_prompt_written_back_is_dropped(text: str, prompt: str) -> None:
    assert check_transcript(heard(text), -20.0, GuardConfig(), prompt) == "echo of the recogniser's prompt"


@pytest.mark.parametrize(
    "text",
    [
        "What is the AiMOGA robot?",
        "Tell me about the Chery Super Hybrid.",
        "Is the Tiggo 9 a Chery?",
        "Where is the KOC forum? The KOC forum, the KOC one.",
        "No, no, thank you, I am fine.",
        "Chery Super Hybrid",
    ],
)
def test_a_guest_naming_the_names_is_kept(text: str) -> None:
    assert check_transcript(heard(text), -20.0, GuardConfig(), PROMPT) == ""


def test_without_a_prompt_only_loops_count() -> None:
    assert check_transcript(heard(PROMPT), -20.0, GuardConfig()) == ""
    assert apply_guards(heard("KOC KOC KOC KOC KOC"), -20.0).text == ""


def test_the_loop_limits_are_settings() -> None:
    lenient = GuardConfig(max_repeats=8)
    assert check_transcript(heard("KOC KOC KOC KOC KOC"), -20.0, lenient, PROMPT) == ""
    with pytest.raises(ValueError, match="max_repeats"):
        GuardConfig(max_repeats=1)
