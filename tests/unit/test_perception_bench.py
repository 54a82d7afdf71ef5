"""`robot-guide bench perception`: its input checks, the frames' ground truth, and the report."""

from __future__ import annotations

import pytest

from robot_guide.bench.perception.detectors import measure
from robot_guide.bench.perception.frame_set import frame_set, matches
from robot_guide.bench.perception.report import markdown
from robot_guide.cli.main import main
from robot_guide.perception.config import PerceptionConfig
from robot_guide.perception.detector import Box


def test_bad_seconds_is_one_error_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "perception", "--seconds", "0.5"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--seconds must be between 2 and 600" in err[0]


def test_the_frame_set_knows_where_every_face_is() -> None:
    frames = frame_set()
    assert len(frames) == 4 * 7  # four shipped frames, each also dim, bright, noisy, blurred, mirrored, moved
    by_name = {frame.name: frame for frame in frames}
    assert [len(by_name[name].faces) for name in ("near.png", "far.png", "two.png", "empty.png")] == [
        1,
        1,
        2,
        0,
    ]
    near, mirrored = by_name["near.png"].faces[0], by_name["near.png:mirrored"].faces[0]
    assert near.centre[0] + mirrored.centre[0] == pytest.approx(640)
    assert by_name["near.png:moved"].faces[0].centre[0] == pytest.approx(near.centre[0] + 40)


def test_a_match_is_a_box_on_the_face_of_about_its_size() -> None:
    truth = Box(100, 100, 80, 80)
    assert matches(Box(105, 95, 90, 90), truth)
    assert not matches(Box(200, 100, 80, 80), truth)  # beside the face
    assert not matches(Box(60, 60, 160, 160), truth)  # twice its size


def test_the_default_detector_finds_the_near_faces_and_no_false_ones() -> None:
    frames = [frame for frame in frame_set(variants=False) if not frame.name.startswith("far")]
    row = measure("opencv-lbp", frames, repeats=1, base=PerceptionConfig())
    assert (row["found"], row["faces"], row["false_faces"]) == (3, 3, 0)
    assert row["cpu_ms"]["n"] == len(frames)


def test_the_report_has_the_command_the_machine_and_every_detector() -> None:
    timing = {"p50": 10.0, "p95": 12.0, "max": 13.0, "n": 3}
    report = {
        "command": "robot-guide bench perception",
        "date": "2026-12-01 12:00 UTC",
        "machine": {"cpu": "Some CPU", "cores": 2, "load_avg": [0.5, 0.5, 0.5]},
        "frames": 28,
        "detectors": [
            {"detector": "opencv-lbp", "available": True, "found": 21, "faces": 28, "false_faces": 0,
             "missed_in": ["far.png"], "cpu_ms": timing, "wall_ms": timing},
            {"detector": "skimage-lbp", "available": False, "why": "scikit-image is not installed"},
        ],
        "pipeline": {"detector": "opencv-lbp", "frames": 140, "cpu_ms": timing, "wall_ms": timing,
                     "cpu_percent_at_10fps": 10.5},
        "node": {"frames_sent": 200, "fps": 10.0, "seconds": 20.0, "cpu_percent_of_one_core": 12.0,
                 "guest_events": 4},
    }  # fmt: skip
    text = markdown(report)
    assert "`robot-guide bench perception`, 2026-12-01 12:00 UTC, Some CPU, 2 cores" in text
    assert "| opencv-lbp | 21 / 28 | 0 | 10.0 / 12.0 | 10.0 / 12.0 | far.png |" in text
    assert "| skimage-lbp | not available: scikit-image is not installed |" in text
    assert "**10.5 %** of one core" in text and "**12.0 %** of one core" in text
