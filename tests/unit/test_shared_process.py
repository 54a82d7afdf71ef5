"""The shared node process's command line: a `--node MODULE ROS-ARGS...` group per node; bad ones refused."""

from __future__ import annotations

import subprocess
import sys

import pytest

from robot_guide.ros.shared_process import member_args, split_members


def test_each_node_gets_its_own_ros_arguments() -> None:
    words = [
        *member_args(
            "robot_guide.ros.asr_node", ["--ros-args", "-r", "__node:=asr_node", "-p", "x:=--node-y"]
        ),
        *member_args("robot_guide.ros.tts_node", []),
    ]
    assert split_members(words) == [
        ("robot_guide.ros.asr_node", ["--ros-args", "-r", "__node:=asr_node", "-p", "x:=--node-y"]),
        ("robot_guide.ros.tts_node", []),
    ]


@pytest.mark.parametrize("words", [[], ["--ros-args"], ["--node"], ["--node", "m", "--node"]])
def test_a_malformed_command_line_is_refused(words: list[str]) -> None:
    with pytest.raises(ValueError):
        split_members(words)


def test_a_module_without_a_recipe_is_one_error_line_and_exit_2() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from robot_guide.ros.shared_process import main; sys.exit(main())",
            "--node",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "error: shared node process: json has no RECIPE (a NodeRecipe) and cannot share a process"
    ]
