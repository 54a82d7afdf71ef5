"""The face detectors on the shipped camera frames: who is found, how far, and nothing in an empty hall."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from robot_guide.paths import share_dir
from robot_guide.perception.config import PerceptionConfig
from robot_guide.perception.detector import Box, make_detector
from robot_guide.perception.frames import FrameError, load_rgb, to_gray
from robot_guide.perception.geometry import Camera
from robot_guide.perception.pipeline import Perception, PerceptionConfigError

CAMERA = Camera(width_px=640, hfov_deg=60.0)
FRAMES = share_dir() / "sim" / "frames"
ENGINES = ("opencv-lbp", "opencv-haar")  # skimage-lbp is slow (benchmark only), see benchmarks/perception.md


def gray(name: str) -> np.ndarray:
    rgb = load_rgb(FRAMES / name)
    assert rgb.shape == (480, 640, 3)
    return to_gray(rgb.tobytes(), 640, 480, 640 * 3, "rgb8")


def faces(engine: str, name: str) -> list[tuple[float, Box]]:
    perception = Perception(PerceptionConfig(detector=engine))
    found = perception.finder.find(gray(name), CAMERA)
    return sorted(((CAMERA.distance_m(box, 0.15), box) for box in found), key=lambda item: item[1].x)


def test_the_shipped_frames_are_small_640x480_images() -> None:
    for name in ("near.png", "far.png", "two.png", "empty.png"):
        path = FRAMES / name
        assert path.stat().st_size < 100_000, name
        assert load_rgb(path).shape == (480, 640, 3)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_near_guest_is_one_face_under_a_metre_away(engine: str) -> None:
    found = faces(engine, "near.png")
    assert len(found) == 1
    distance, box = found[0]
    assert 0.6 < distance < 1.0  # composed at 100 px wide: 0.83 m
    assert 260 < box.centre[0] < 400  # she stands in the middle


@pytest.mark.parametrize("engine", ENGINES)
def test_two_guests_are_two_faces_left_and_right(engine: str) -> None:
    (left_distance, left), (right_distance, right) = faces(engine, "two.png")
    assert left.centre[0] < 320 < right.centre[0]
    assert 0.8 < left_distance < 1.2 and 0.9 < right_distance < 1.4  # composed at 0.99 m and 1.15 m


@pytest.mark.parametrize("engine", ENGINES)
def test_the_empty_hall_has_no_face(engine: str) -> None:
    assert faces(engine, "empty.png") == []


@pytest.mark.parametrize("engine", ENGINES)
def test_the_far_passer_by_is_never_within_engagement_distance(engine: str) -> None:
    assert all(distance > 1.8 for distance, _ in faces(engine, "far.png"))


def test_haar_finds_the_far_passer_by_at_about_two_metres() -> None:
    found = faces("opencv-haar", "far.png")
    assert len(found) == 1
    assert 1.9 < found[0][0] < 2.8  # composed at 36 px wide: 2.3 m


def test_distance_follows_the_pinhole_model() -> None:
    assert CAMERA.focal_px == pytest.approx(554.26, abs=0.01)
    assert CAMERA.distance_m(Box(0, 0, 100, 100), 0.15) == pytest.approx(0.831, abs=0.001)
    assert CAMERA.distance_m(Box(0, 0, 50, 50), 0.15) == pytest.approx(2 * 0.831, abs=0.002)
    wide = Camera(width_px=640, hfov_deg=90.0)  # a wider lens makes the same face look nearer
    assert wide.distance_m(Box(0, 0, 100, 100), 0.15) < CAMERA.distance_m(Box(0, 0, 100, 100), 0.15)
    assert CAMERA.lateral_m(Box(320 - 50, 0, 100, 100), 1.0) == 0.0


def test_encodings_give_the_same_grey_image() -> None:
    rgb = load_rgb(FRAMES / "near.png")
    from_rgb = to_gray(rgb.tobytes(), 640, 480, 1920, "rgb8")
    from_bgr = to_gray(rgb[..., ::-1].copy().tobytes(), 640, 480, 1920, "bgr8")
    assert np.array_equal(from_rgb, from_bgr)
    assert np.array_equal(to_gray(from_rgb.tobytes(), 640, 480, 640, "mono8"), from_rgb)
    padded = np.zeros((480, 704), np.uint8)  # rows padded to a wider step, as some drivers send them
    padded[:, :640] = from_rgb
    assert np.array_equal(to_gray(padded.tobytes(), 640, 480, 704, "mono8"), from_rgb)


@pytest.mark.parametrize(
    ("data", "encoding", "problem"),
    [
        (bytes(640 * 480), "yuv422", "encoding 'yuv422' is not supported"),
        (bytes(100), "mono8", "holds 100 bytes"),
        (bytes(640 * 480), "rgb8", "holds 307200 bytes"),
    ],
)
def test_a_bad_frame_is_one_clear_error(data: bytes, encoding: str, problem: str) -> None:
    step = 640 * (3 if encoding == "rgb8" else 1)
    with pytest.raises(FrameError, match=problem):
        to_gray(data, 640, 480, step, encoding)


def test_a_missing_or_broken_image_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(FrameError, match="no such image file"):
        load_rgb(tmp_path / "missing.png")
    broken = tmp_path / "broken.png"
    broken.write_text("not an image")
    with pytest.raises(FrameError, match="not a PNG or JPEG"):
        load_rgb(broken)


def test_bad_settings_and_unknown_detectors_are_refused() -> None:
    with pytest.raises(PerceptionConfigError, match="leave_distance_m must be at least engage_distance_m"):
        Perception(PerceptionConfig(engage_distance_m=3.0))
    with pytest.raises(PerceptionConfigError, match="detector must be one of"):
        Perception(PerceptionConfig(detector="yunet"))
    with pytest.raises(ValueError, match="unknown face detector 'yunet'"):
        make_detector("yunet")
