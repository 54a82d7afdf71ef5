"""`robot-guide bench reliability --quick --json`: every part runs, real nodes included, in about a minute."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from robot_guide.bench.reliability.attack_files import QUICK_ATTACKS
from robot_guide.bench.reliability.fuzz_decoders import SAMPLES
from robot_guide.bench.reliability.run import QUICK

pytestmark = [pytest.mark.slow, pytest.mark.ros]

SMOKE_TIMEOUT_S = 300  # ~60 s on a loaded 2-core machine; fail loudly, never hang


def processes_marked(mark: str) -> list[int]:
    """Processes started by this run: the nodes inherit the benchmark's environment (other runs may share
    the machine, so a node is recognised by its environment, not its name)."""
    found = []
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if mark.encode() in environ.read_bytes():
                found.append(int(environ.parent.name))
        except OSError:
            continue
    return found


def test_quick_reliability_bench_measures_every_part(tmp_path: Path) -> None:
    mark = f"RG_RELIABILITY_SMOKE={uuid.uuid4().hex}"
    markdown = tmp_path / "reliability.md"
    command = [sys.executable, "-m", "robot_guide.cli.main", "bench", "reliability", "--quick", "--json"]
    env = {**os.environ, mark.split("=")[0]: mark.split("=")[1]}
    done = subprocess.run(
        [*command, "--markdown", str(markdown)],
        capture_output=True,
        text=True,
        timeout=SMOKE_TIMEOUT_S,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)

    fuzz = {row["target"]: row for row in report["fuzz"]}
    assert fuzz["ask (dialogue core)"]["inputs"] == QUICK.ask_hostile + QUICK.ask_garbage
    assert fuzz["knowledge loader"]["inputs"] == QUICK.loader
    for name in SAMPLES:  # every payload type decoded strictly: refused, never raised
        row = fuzz[f"{name}.from_json"]
        assert row["inputs"] == QUICK.decoder_per_type and row["exceptions"] == 0, row
        assert 0 < row["refused"] <= row["inputs"]
    assert fuzz["ask (dialogue core)"]["exceptions"] == 0
    assert report["garbage"]["inputs"] == QUICK.ask_garbage and report["garbage"]["ok"]

    assert [row["attack"] for row in report["attacks"]] == list(QUICK_ATTACKS)
    for row in report["attacks"]:
        assert 0.0 < row["seconds"] < 30.0 and 0.0 < row["peak_mb"] < 4_000.0, row
    assert report["gate_cost"].get("summit", {"false_refusal_rate": 0.0})["false_refusal_rate"] == 0.0

    soak = report["soak"]
    assert soak["turns"] == QUICK.soak_turns and soak["lost"] == 0
    assert soak["latency"]["n"] == QUICK.soak_turns and 0 < soak["latency"]["p50_ms"] < 5_000
    assert set(soak["memory"]) == {"dialogue_node"} and soak["memory"]["dialogue_node"]["rss_end_mb"] > 20
    kill = report["kill"]
    assert [row["node"] for row in kill] == ["dialogue_node"] and 0.0 < kill[0]["back_s"] < 60.0
    assert report["engine_hang"]["ok"] and report["engine_hang"]["restarts"] == 1
    for fault in ("locked", "disk_full"):  # the turn log failing never costs a reply
        assert report["turnlog"][fault]["lost"] == 0 and report["turnlog"][fault]["asked"] > 10
        assert "keeps talking" in report["turnlog"][fault]["diagnostics"]
    assert report["flood"]["ok"] and report["flood"]["answered_after"] == report["flood"]["asked_after"]

    text = markdown.read_text(encoding="utf-8")
    assert "Command: `robot-guide bench reliability" in text and "| check | measured | target | met |" in text
    assert json.loads(markdown.with_suffix(".json").read_text(encoding="utf-8"))["soak"] == soak
    assert processes_marked(mark) == []  # no node left running
