"""Self-hearing filter: gate while speaking plus tail, and the echo text check."""

from __future__ import annotations

from robot_guide.speech.listen.self_hearing import SelfHearingConfig, SelfHearingFilter

SAID = "The AiMOGA robot shows the Chery Tiggo 9 in hall two at ten o'clock."


def test_gate_closed_while_speaking_and_for_the_tail() -> None:
    hearing = SelfHearingFilter(SelfHearingConfig(tail_s=0.3))
    assert hearing.gate_open(10.0)
    hearing.set_robot_speaking(True, 10.0)
    assert not hearing.gate_open(11.0)
    hearing.set_robot_speaking(False, 12.0)
    assert not hearing.gate_open(12.2)
    assert hearing.gate_open(12.31)


def test_delayed_echo_of_robot_words_is_caught() -> None:
    hearing = SelfHearingFilter()
    hearing.set_robot_speaking(True, 10.0)
    hearing.note_robot_words(SAID, 10.0)
    hearing.set_robot_speaking(False, 14.0)
    # Whisper hears a fragment of the robot's sentence, slightly wrong, from the hall's reverb.
    assert hearing.is_echo("the Chery Tigo 9 in hall two", 15.0)
    assert hearing.is_echo("AiMOGA robot shows the Chery", 20.0)


def test_guest_question_is_not_an_echo() -> None:
    hearing = SelfHearingFilter()
    hearing.note_robot_words(SAID, 10.0)
    assert not hearing.is_echo("Where can I buy a coffee?", 12.0)
    # Short answers appear inside robot sentences; they must not be taken for an echo.
    assert not hearing.is_echo("nine", 12.0)
    assert not hearing.is_echo("yes", 12.0)


def test_echo_window_expires_after_the_robot_stops() -> None:
    hearing = SelfHearingFilter(SelfHearingConfig(echo_window_s=10.0))
    hearing.set_robot_speaking(True, 0.0)
    hearing.note_robot_words(SAID, 0.0)
    hearing.set_robot_speaking(False, 5.0)
    assert hearing.is_echo("the Chery Tiggo 9 in hall two", 14.0)  # 9 s after the robot stopped
    assert not hearing.is_echo("the Chery Tiggo 9 in hall two", 16.0)


def test_short_whole_robot_sentence_echo_is_caught() -> None:
    hearing = SelfHearingFilter()
    hearing.note_robot_words("Hello!", 1.0)
    assert hearing.is_echo("hello", 2.0)
