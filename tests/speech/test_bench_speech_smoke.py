"""`robot-guide bench speech --quick --json`: real engines and the real node set, end to end, in ~1 minute."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from pathlib import Path

import pytest

from robot_guide.paths import speech_clips_dir

pytestmark = [pytest.mark.slow, pytest.mark.ros]

SPEECH_DIR = speech_clips_dir()

SMOKE_TIMEOUT_S = 240  # the run takes ~90 s on a loaded 2-core machine; fail loudly, never hang


def still_a_node(pid: int) -> bool:
    try:
        return "robot_guide.ros" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return False


def test_quick_bench_reports_every_metric_in_sane_ranges(tmp_path: Path) -> None:
    if not (SPEECH_DIR / "transcripts.tsv").exists():
        pytest.skip(f"the real clips are not in {SPEECH_DIR}")
    log = tmp_path / "nodes.log"
    markdown = tmp_path / "speech.md"
    command = [sys.executable, "-m", "robot_guide.cli.main", "bench", "speech", "--quick", "--json"]
    command += ["--speech-dir", str(SPEECH_DIR), "--markdown", str(markdown), "--log", str(log)]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, timeout=SMOKE_TIMEOUT_S)
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout)  # one JSON object, nothing else on stdout

    for key in ("eos_to_audio_p50_s", "eos_to_audio_p95_s"):
        assert isinstance(report[key], float) and 0.05 < report[key] < 5.0, key
    assert report["eos_to_audio_p50_s"] <= report["eos_to_audio_p95_s"]
    assert 0.0 <= report["wer_real"] <= 15.0  # tiny.en scored 1-4 % on these clips when measured
    assert 0.0 <= report["wer_synth"] <= 100.0
    # espeak's robotic voice garbles names (the piper voice mostly gets them): no floor, just a percentage.
    assert 0.0 <= report["domain_term_accuracy"] <= 100.0 and report["domain_terms"]["total"] >= 4
    # One entry per node process; nodes sharing one (launch argument shared_process) are named "a+b+...".
    measured = {name for process in report["rss_by_node"] for name in process.split("+")}
    assert 100.0 < report["rss_mb"] < 4_000.0 and measured == {
        "asr_node",
        "dialogue_node",
        "escort_node",
        "perception_node",
        "tts_node",
    }
    stages = report["stages"]
    assert set(stages) == {"eos_detect", "transcribe", "reply", "audio_start", "end_to_end"}
    for name, summary in stages.items():
        assert summary["n"] >= 1 and 0.0 <= summary["p50"] < 5.0, name
    assert report["turns"]["asked"] >= 3 and report["turns"]["answered"] >= 1
    assert 0.0 < report["decode_median_s"]["synth"] < 5.0 and report["real"]["clips"] == 11
    assert report["model"]["name"] == "tiny.en" and report["model"]["cpu_threads"] == 2
    assert [t["key"] for t in report["targets"]] == [
        "eos_to_audio_p50_s",
        "eos_to_audio_p95_s",
        "cut_off_rate",
        "answered_rate",
        "wer_real",
        "domain_term_accuracy",
        "barge_in_success_at_0_5",
        "false_barge_ins",
        "rss_mb",
    ]
    assert all(t["pass"] in (True, False) for t in report["targets"])
    assert 0.0 <= report["cut_off_rate"] <= 100.0 and 0.0 < report["answered_rate"] <= 100.0
    # Barge-in through the echo: every gain measured, the robot's echo alone never interrupts it.
    by_gain = report["echo"]["by_gain"]
    assert set(by_gain) == {"0.1", "0.3", "0.5"} and all(row["trials"] >= 4 for row in by_gain.values())
    assert report["false_barge_ins"] == 0 and 0.0 <= report["barge_in_success_at_0_5"] <= 100.0
    assert not any(math.isnan(v) for v in (report["wer_real"], report["wer_synth"]))
    assert "| eos_to_audio_p50_s |" in markdown.read_text(encoding="utf-8")
    assert markdown.with_suffix(".json").is_file()
    print(f"bench speech --quick took {elapsed:.0f} s")  # budget ~90 s on a loaded 2-core machine
    # The node set was stopped: none of the node processes the report measured is left.
    pids = [int(memory["pid"]) for memory in report["rss_by_node"].values()]
    assert pids and not [pid for pid in pids if still_a_node(pid)], "bench left node processes behind"
