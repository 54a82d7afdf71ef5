"""The scripted guest visits in sim/scripts, played against the real node set, plus the sim's error paths."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sim_runs import AUDIO, SCRIPTS, run_cli, run_sim

from robot_guide.knowledge.model import KnowledgeBase

pytest.importorskip("rclpy", reason="the simulator needs ROS 2 (pip install ros-rclpy ros-rmw-fastrtps-cpp)")

# Each script starts the whole node set (10-30 s), so behaviours are grouped into few scripts.
CI_SCRIPTS = (
    "guests_arrive_leave.yaml",  # greeting, no re-greeting, goodbye, two guests, separate sessions
    "conversation_main_entrance.yaml",  # directions, schedule and clock, follow-ups, repair, staff
    "live_reload_hall_a.yaml",  # a knowledge edit while running, and directions from the other post
    "voice_barge_in.yaml",  # heard WAV, echo 0.1, barge-in stops the robot and hears the question
    "camera_greets_and_says_goodbye.yaml",  # the camera greets, says goodbye, ignores a passer-by
    "escort_offer_accept_decline.yaml",  # walk offered after directions: declined, accepted; no pose, no walk
    "escort_while_walking.yaml",  # questions on the way, stop mid-way, a blocked path (navigation failure)
    "language_switch.yaml",  # typed: English, "¿Habla español?", Spanish answers and repair, English again
    "spoken_languages.yaml",  # spoken: English on tiny.en, Spanish heard by base and answered, English again
)


def test_every_script_is_run() -> None:
    on_disk = {path.name for path in SCRIPTS.glob("*.yaml")}
    assert on_disk == set(CI_SCRIPTS)


@pytest.mark.parametrize("name", CI_SCRIPTS)
def test_script_is_valid_and_checks_every_action(name: str) -> None:
    from robot_guide.sim.script import load_script

    script = load_script(SCRIPTS / name)
    unchecked = [step.describe() for step in script.steps if not step.expect and step.action != "time"]
    assert not unchecked, f"steps without an expectation: {unchecked}"


@pytest.mark.slow
@pytest.mark.ros
@pytest.mark.parametrize("name", CI_SCRIPTS)
def test_scripted_visit(name: str, tmp_path: Path) -> None:
    run = run_sim(["--script", str(SCRIPTS / name)], tmp_path)
    assert run.returncode == 0, run.explain()
    assert re.search(r"sim: .*: (\d+) of \1 steps as expected", run.stdout), run.explain()
    assert "sim: FAIL" not in run.stdout, run.explain()


@pytest.mark.slow
@pytest.mark.ros
def test_a_failed_expectation_fails_the_run_naming_the_step(tmp_path: Path) -> None:
    script = tmp_path / "wrong.yaml"
    script.write_text(
        "settings: {speed: 8}\n"
        "steps:\n"
        "  - arrive: zoe\n"
        "    expect: {kind: greeting}\n"
        "  - say: when is the summit\n"
        "    expect: {says: December}\n",
        encoding="utf-8",
    )
    run = run_sim(["--script", str(script)], tmp_path)
    assert run.returncode == 1, run.explain()
    failures = [line for line in run.lines() if line.startswith("sim: FAIL")]
    assert len(failures) == 1, run.explain()
    assert failures[0].startswith("sim: FAIL step 2 (say: when is the summit)"), run.explain()
    assert "December" in failures[0] and "October" in failures[0], run.explain()  # wanted, and what was said
    assert "1 of 2 steps as expected" in run.stdout, run.explain()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "cannot read the script"),
        ("steps: [say: hello\n", "not valid YAML"),
        ("steps:\n  - say: hello\n    expect: {colour: red}\n", "'expect' allows only"),
        ("steps:\n  - say: hello\n    volume: 11\n", "unknown key(s) ['volume']"),
        ("settings: {weather: rain}\nsteps:\n  - say: hello\n", "'settings' allows only"),
        ("steps: []\n", "non-empty 'steps:' list"),
        ("steps:\n  - say: hi\n    expect: {replies: one}\n", "'replies' is a whole number"),
        ("steps:\n  - say: hi\n    expect: {knowledge: maybe}\n", "'knowledge' is ok or refused"),
        ("steps:\n  - say: hi\n    after_s: soon\n", "'after_s' is a number"),
    ],
    ids=[
        "missing",
        "bad-yaml",
        "unknown-expectation",
        "unknown-step-key",
        "unknown-setting",
        "no-steps",
        "replies-not-a-number",
        "knowledge-not-ok-or-refused",
        "after-s-not-a-number",
    ],
)
def test_a_bad_script_is_one_error_line_and_exit_2(content: str | None, problem: str, tmp_path: Path) -> None:
    script = tmp_path / "visit.yaml"
    if content is not None:
        script.write_text(content, encoding="utf-8")
    run = run_cli(["sim", "--script", str(script)], timeout_s=60.0)
    assert run.returncode == 2, run.explain()
    assert run.stdout == "", run.explain()
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in run.stderr, run.explain()
    assert str(script) in lines[0] and problem in lines[0], run.explain()


@pytest.mark.slow
@pytest.mark.ros
def test_piped_demo_greets_answers_text_and_voice_and_says_goodbye(tmp_path: Path, kb: KnowledgeBase) -> None:
    """The README's piped demo: printf '/arrive\\nwhen is the summit\\n/wav Q.wav\\n/leave\\n' | sim"""
    persona = kb.persona
    question = AUDIO / "what_does_the_aimoga_robot_do.wav"
    # Real-time speech as in the README's command: a sped-up robot voice would skew the echo timing.
    run = run_sim([], tmp_path, stdin=f"/arrive\nwhen is the summit\n/wav {question}\n/leave\n")
    assert run.returncode == 0, run.explain()
    robot = [line.removeprefix("robot: ") for line in run.lines() if line.startswith("robot: ")]
    assert len(robot) == 4, run.explain()
    greeting, dates, voice_answer, goodbye = robot
    # The bundled knowledge greets in English first (greeting_languages), then in Chinese.
    assert greeting.startswith(tuple(persona.options("greeting", "en"))), run.explain()
    assert "October seventeenth to twenty first" in dates, run.explain()
    assert any(
        line.startswith("guest: [heard]") and "aimoga" in line.lower() and "do" in line.lower()
        for line in run.lines()
    ), run.explain()
    assert "humanoid robot" in voice_answer and "greets and guides guests" in voice_answer, run.explain()
    assert goodbye in persona.options("goodbye", "en"), run.explain()
    # The transcript keeps the conversation's order: guest line, then the robot's reply to it.
    order = [line for line in run.lines() if line.startswith(("guest:", "robot:"))]
    assert order[0] == "guest: [arrives as guest]" and order[-2] == "guest: [leaves as guest]", run.explain()
    heard = next(i for i, line in enumerate(order) if line.startswith("guest: [heard]"))
    assert order[heard + 1] == f"robot: {voice_answer}", run.explain()  # what was heard, then the answer
