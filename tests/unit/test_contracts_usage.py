"""Payloads are decoded only by their contract types: no module parses a message's JSON by hand."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# json.loads of a message or of raw wire text: msg.data, message, raw, payload ...
HAND_DECODING = re.compile(r"json\.loads\(\s*(?:[\w.]*\.data\b|(?:msg|message|raw|payload)\b)")
# The layers that handle ROS messages have no reason to touch JSON at all.
MESSAGE_HANDLERS = ("robot_guide/ros", "robot_guide/sim", "robot_guide/bench/nodeset_probe.py")


def _python_files(*parts: str) -> list[Path]:
    files: list[Path] = []
    for part in parts:
        path = ROOT / part
        files += [path] if path.is_file() else sorted(path.rglob("*.py"))
    return files


def test_the_pattern_finds_hand_decoding() -> None:
    for line in (
        "json.loads(msg.data)",
        "json.loads( raw )",
        "event = json.loads(message)",
        "json.loads(m.data)",
    ):
        assert HAND_DECODING.search(line), line
    assert not HAND_DECODING.search("json.loads(capsys.readouterr().out)")


def test_no_module_outside_contracts_decodes_a_message_by_hand() -> None:
    contracts = ROOT / "robot_guide" / "contracts"
    offenders = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in _python_files("robot_guide", "tests")
        if contracts not in path.parents and path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if HAND_DECODING.search(line)
    ]
    assert offenders == [], "decode with the payload's from_json (robot_guide/contracts) instead"


def test_the_ros_shell_and_its_observers_do_not_import_json() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for path in _python_files(*MESSAGE_HANDLERS)
        if re.search(r"^\s*(import json|from json import)", path.read_text(encoding="utf-8"), re.MULTILINE)
    ]
    assert offenders == [], "these modules publish and read payloads through robot_guide/contracts"
