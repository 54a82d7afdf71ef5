"""bench fleet's report: the measured section is rewritten between its markers; the prose around it stays."""

from __future__ import annotations

from pathlib import Path

from robot_guide.bench.fleet.report import END, START, write_markdown

SUMMARY = {"p50": 1.5, "p95": 2.0, "max": 2.5, "n": 3}
REPORT = {
    "command": "robot-guide bench fleet --robots 3",
    "date": "2026-12-01 13:00 UTC",
    "machine": {"cpu": "AMD EPYC", "cores": 2, "python": "3.11.7", "load_avg": [1.0, 1.0, 1.0]},
    "fleets": [
        {
            "robots": 3,
            "fleet_up_s": 3.8,
            "robot_start_s": SUMMARY,
            "discovery_s": SUMMARY,
            "publish_to_serving_s": SUMMARY,
            "publish_to_last_robot_s": SUMMARY,
            "rss_mb_idle": {"p50": 110.0, "p95": 111.0, "max": 112.0, "n": 3},
            "rss_mb_after": SUMMARY,
            "bundle_sizes": [{"mb": 8.08, "last_robot_s": 2.3}],
        }
    ],
}


def test_the_measured_section_is_replaced_and_the_prose_kept(tmp_path: Path) -> None:
    path = tmp_path / "fleet.md"
    write_markdown(path, REPORT)
    first = path.read_text(encoding="utf-8")
    assert first.startswith("# Fleet benchmark") and START in first and END in first
    assert "| 3 | 3.8 | 1.5 / 2.5 |" in first and "| 110 / 112 |" in first and "| 3 | 8.08 | 2.3 |" in first
    path.write_text("# Fleet\n\nIntro.\n\n" + first[first.index(START) :] + "\n## 50 robots\n\nProse.\n")
    write_markdown(path, {**REPORT, "date": "2026-12-02 09:00 UTC"})
    second = path.read_text(encoding="utf-8")
    assert second.startswith("# Fleet\n\nIntro.") and second.rstrip().endswith("Prose.")
    assert "2026-12-02 09:00 UTC" in second and "2026-12-01 13:00 UTC" not in second
    assert second.count(START) == 1


def test_a_fleet_too_large_for_the_machine_is_a_row_of_its_own(tmp_path: Path) -> None:
    failed = {"robots": 40, "failed": "bench fleet: discovery did not happen within 150 s"}
    path = tmp_path / "fleet.md"
    write_markdown(path, {**REPORT, "fleets": [*REPORT["fleets"], failed]})
    assert "| 40 | bench fleet: discovery did not happen within 150 s |" in path.read_text(encoding="utf-8")
