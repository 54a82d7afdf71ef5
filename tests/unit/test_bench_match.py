"""`robot-guide bench match --quick --json` on a tiny CLINC150-shaped file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from robot_guide.cli.main import main

INTENTS = {
    "balance": [
        "what is my balance",
        "how much money do i have",
        "show my account balance",
        "balance please",
    ],
    "weather": [
        "what is the weather",
        "will it rain today",
        "is it sunny outside",
        "weather forecast please",
    ],
    "alarm": ["set an alarm", "wake me up at seven", "alarm for six am", "set my alarm clock"],
}


def tiny_clinc(path: Path) -> Path:
    rows = [[q, intent] for intent, questions in INTENTS.items() for q in questions]
    oos = [["who won the game", "oos"], ["book a flight", "oos"], ["cook pasta", "oos"]]
    data = {"train": rows, "val": rows, "test": rows, "oos_train": oos, "oos_val": oos, "oos_test": oos}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_quick_bench_writes_json_and_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")  # timing settings are part of the recorded command
    clinc = tiny_clinc(tmp_path / "data_full.json")
    table = tmp_path / "match.md"
    code = main(["bench", "match", "--quick", "--json", "--clinc", str(clinc), "--markdown", str(table)])
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) >= {"clinc150", "summit", "scaling", "machine", "date"}
    lexical = report["clinc150"]["full_100"]["lexical"]
    for key in ("in_scope_accuracy", "oos_recall", "p50_ms", "p99_ms", "threshold"):
        assert key in lexical
    assert 0.0 <= lexical["in_scope_accuracy"] <= 100.0
    assert lexical["in_scope_accuracy"] <= lexical["top1_accuracy"] <= 100.0  # a threshold only rejects
    assert lexical["in_scope_accuracy"] > 50.0  # training questions asked back are mostly recognised
    assert "skipped" in report["clinc150"]["few_10"]["semantic"]
    assert "skipped" in report["clinc150"]["few_10"]["default"]  # --quick: lexical only
    command = "OPENBLAS_NUM_THREADS=1 robot-guide bench match --json --quick --clinc CLINC150_JSON"
    assert report["command"] == command + " --markdown match.md"
    assert set(report["scaling"]) == {"200", "1000"}
    assert "| CLINC150 |" in table.read_text(encoding="utf-8")


def test_missing_clinc_file_is_one_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["bench", "match", "--quick", "--clinc", str(tmp_path / "nope.json")])
    assert code != 0
    err = capsys.readouterr().err.strip()
    assert "CLINC150 file not found" in err and "--clinc" in err
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["bench", "calibrate"], "say what to calibrate"),
        (["bench", "calibrate", "penalty", "--matchers", "bogus"], "--matchers takes"),
        (["bench", "match", "--quick", "--matchers", "lexical,nope"], "--matchers takes"),
        (["bench", "match", "--lexical-only", "--latency-rounds", "-1"], "--latency-rounds takes"),
    ],
)
def test_calibrate_and_match_arguments_are_checked(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) != 0
    err = capsys.readouterr().err.strip()
    assert message in err and len(err.splitlines()) == 1


def test_calibrate_thresholds_prints_the_summit_calibration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clinc = tiny_clinc(tmp_path / "data_full.json")
    assert main(["bench", "calibrate", "thresholds", "--matchers", "lexical", "--clinc", str(clinc)]) == 0
    report = json.loads(capsys.readouterr().out)
    calibrated = report["lexical"]["calibrated"]
    assert 0.0 <= calibrated["answer"] <= 1.0
    assert report["lexical"]["tests_total"] == report["tests"] > 0


def test_latency_rounds_time_only_and_report_medians(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clinc = tiny_clinc(tmp_path / "data_full.json")
    table = tmp_path / "latency.md"
    argv = ["bench", "match", "--lexical-only", "--latency-rounds", "3", "--json"]
    assert main([*argv, "--clinc", str(clinc), "--markdown", str(table)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report) == {"latency", "machine", "date", "command"}
    lexical = report["latency"]["lexical"]
    assert len(lexical["rounds"]) == 3
    assert all(run["questions"] == 15 for run in lexical["rounds"])  # every test + oos_test question
    p99s = sorted(run["p99_ms"] for run in lexical["rounds"])
    assert lexical["median_p99_ms"] == p99s[1]
    assert "--latency-rounds 3" in report["command"]
    assert "| **lexical** | median |" in table.read_text(encoding="utf-8")
