"""The launch file is checked statically, and the package metadata agrees across pyproject and package.xml."""

from __future__ import annotations

import tomllib
import xml.etree.ElementTree as ET
from importlib.metadata import entry_points
from pathlib import Path

import pytest
import yaml

from robot_guide.launcher.launch_file import (
    KNOWN_ARG_KEYS,
    KNOWN_NODE_KEYS,
    KNOWN_TAGS,
    LaunchFileError,
    parse_launch_file,
    parse_overrides,
)
from robot_guide.launcher.supervisor import node_command
from robot_guide.paths import launch_file


def test_launch_file_uses_only_known_tags_and_keys() -> None:
    document = yaml.safe_load(launch_file().read_text())
    for item in document["launch"]:
        ((tag, body),) = item.items()
        assert tag in KNOWN_TAGS
        assert set(body) <= (KNOWN_NODE_KEYS if tag == "node" else KNOWN_ARG_KEYS)
        if tag == "node":
            # launch_yaml typing traps: respawn is a string, respawn_delay a float.
            assert body["respawn"] in ("true", "false")
            assert isinstance(body["respawn_delay"], float)
            # launch_yaml conditions are substitutions that evaluate to "true" or "false".
            assert str(body.get("if", "$(var x)")).startswith("$(var ")
        else:
            assert isinstance(body.get("default", ""), str)


def test_every_exec_is_a_console_script_and_every_path_exists() -> None:
    description = parse_launch_file(launch_file())
    scripts = {ep.name for ep in entry_points(group="console_scripts")}
    assert {spec.executable for spec in description.nodes} == {
        "asr_node",
        "dialogue_node",
        "tts_node",
        "perception_node",
        "escort_node",
    }
    for spec in description.nodes:
        assert spec.executable in scripts
        assert spec.respawn
        for params_file in spec.params_files:
            assert Path(params_file).is_file()
            params = yaml.safe_load(Path(params_file).read_text())
            assert any(key.endswith(spec.name) for key in params)
        assert node_command(spec)[0]


def test_launch_arguments_reach_the_nodes() -> None:
    description = parse_launch_file(launch_file(), {"namespace": "robot1", "audio_source": "topic"})
    asr = next(spec for spec in description.nodes if spec.name == "asr_node")
    args = asr.ros_args()
    assert args[args.index("__ns:=/robot1") - 1 : args.index("__ns:=/robot1") + 1] == ["-r", "__ns:=/robot1"]
    assert "audio_source:=topic" in args


def test_with_camera_false_starts_the_node_set_without_perception() -> None:
    with_camera = parse_launch_file(launch_file())
    assert with_camera.args["with_camera"] == "true"
    assert "perception_node" in {spec.name for spec in with_camera.nodes}
    perception = next(spec for spec in with_camera.nodes if spec.name == "perception_node")
    assert perception.remaps == (("camera/image", "camera/image"),)
    head = parse_launch_file(launch_file(), {"camera_topic": "/head/color/image_raw"})
    remapped = next(spec for spec in head.nodes if spec.name == "perception_node").ros_args()
    assert "camera/image:=/head/color/image_raw" in remapped
    without = parse_launch_file(launch_file(), {"with_camera": "false"})
    assert {spec.name for spec in without.nodes} == {spec.name for spec in with_camera.nodes} - {
        "perception_node"
    }


def test_with_escort_false_starts_the_node_set_without_escort() -> None:
    with_escort = parse_launch_file(launch_file())
    assert with_escort.args["with_escort"] == "true"
    assert "escort_node" in {spec.name for spec in with_escort.nodes}
    without = parse_launch_file(launch_file(), {"with_escort": "false"})
    assert {spec.name for spec in without.nodes} == {spec.name for spec in with_escort.nodes} - {
        "escort_node"
    }


def test_with_speech_false_starts_a_dialogue_only_robot() -> None:
    full = parse_launch_file(launch_file())
    assert full.args["with_speech"] == "true"
    assert {"asr_node", "tts_node"} <= {spec.name for spec in full.nodes}
    text_only = parse_launch_file(
        launch_file(),
        {"namespace": "r1", "with_speech": "false", "with_camera": "false", "with_escort": "false"},
    )
    assert [(spec.name, spec.namespace) for spec in text_only.nodes] == [("dialogue_node", "r1")]


def test_if_and_unless_conditions_and_a_bad_condition_value(tmp_path: Path) -> None:
    path = tmp_path / "conditions.launch.yaml"
    path.write_text(
        "launch:\n"
        "  - arg: {name: flag, default: 'true'}\n"
        "  - node: {pkg: robot_guide, exec: tts_node, name: when_true, if: $(var flag)}\n"
        "  - node: {pkg: robot_guide, exec: tts_node, name: when_false, unless: $(var flag)}\n"
    )
    assert [spec.name for spec in parse_launch_file(path).nodes] == ["when_true"]
    assert [spec.name for spec in parse_launch_file(path, {"flag": "0"}).nodes] == ["when_false"]
    with pytest.raises(
        LaunchFileError, match=r"if: \$\(var flag\)\).*expected \"true\" or \"false\", got 'maybe'"
    ):
        parse_launch_file(path, {"flag": "maybe"})


@pytest.mark.parametrize(
    ("overrides", "message"),
    [({"no_such_arg": "1"}, "unknown launch argument"), ({}, "")],
)
def test_unknown_launch_arguments_are_named(overrides: dict[str, str], message: str) -> None:
    if not message:
        parse_launch_file(launch_file(), overrides)
        return
    with pytest.raises(LaunchFileError, match=message):
        parse_launch_file(launch_file(), overrides)


def test_bad_override_words_and_bad_files(tmp_path: Path) -> None:
    with pytest.raises(LaunchFileError, match="name:=value"):
        parse_overrides(["namespace=robot1"])
    bad = tmp_path / "bad.launch.yaml"
    bad.write_text("launch:\n  - group: {}\n")
    with pytest.raises(LaunchFileError, match="unknown tag 'group'"):
        parse_launch_file(bad)
    with pytest.raises(LaunchFileError, match="cannot read"):
        parse_launch_file(tmp_path / "missing.yaml")


def test_package_xml_matches_pyproject_and_ament_files_exist(repo_root: Path) -> None:
    project = tomllib.loads((repo_root / "pyproject.toml").read_text())["project"]
    package = ET.parse(repo_root / "package.xml").getroot()
    assert package.get("format") == "3"
    assert package.findtext("name") == project["name"]
    assert package.findtext("version") == project["version"]
    assert package.find("export/build_type").text == "ament_python"  # type: ignore[union-attr]
    assert (repo_root / "resource" / project["name"]).is_file()
    assert "script_dir=$base/lib/robot_guide" in (repo_root / "setup.cfg").read_text()
