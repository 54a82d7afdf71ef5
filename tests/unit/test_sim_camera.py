"""The simulator camera: /see parsing, which file a name means, the frames it sends, the shipped frames."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from robot_guide.perception.frames import FrameError, load_rgb, to_gray
from robot_guide.sim.camera import MIN_FPS, frames_dir, image_message, resolve_frame
from robot_guide.sim.commands import Action, CommandError, parse_line
from robot_guide.sim.make_frames import FRAMES, compose
from robot_guide.sim.script import load_script


def test_see_lines() -> None:
    assert parse_line("/see near.png") == Action("see", "near.png")
    assert parse_line("/see nobody") == Action("see", "nobody")
    with pytest.raises(CommandError, match="/see needs an argument"):
        parse_line("/see")


def test_a_name_means_a_path_then_a_shipped_frame_and_nobody_is_an_empty_view(tmp_path: Path) -> None:
    assert resolve_frame("nobody", tmp_path) is None
    assert resolve_frame("Nobody ", tmp_path) is None
    assert resolve_frame("near.png", tmp_path) == frames_dir() / "near.png"
    mine = tmp_path / "near.png"  # a file of that name beside the script wins over the shipped one
    mine.write_bytes((frames_dir() / "far.png").read_bytes())
    assert resolve_frame("near.png", tmp_path) == mine
    with pytest.raises(
        FrameError, match=r"no image file 'nosuch.png' .*empty.png, far.png, near.png, two.png"
    ):
        resolve_frame("nosuch.png", tmp_path)


def test_frames_go_out_grey_at_full_size_and_nobody_is_black() -> None:
    msg = image_message(frames_dir() / "two.png")
    assert (msg.width, msg.height, msg.step, msg.encoding) == (640, 480, 640, "mono8")
    rgb = load_rgb(frames_dir() / "two.png")
    assert bytes(msg.data) == to_gray(rgb.tobytes(), 640, 480, 1920, "rgb8").tobytes()
    empty = image_message(None)
    assert (empty.width, empty.height, empty.encoding) == (640, 480, "mono8") and not any(bytes(empty.data))
    assert MIN_FPS >= 5  # perception's half-second blink grace needs frames closer than that


def test_a_jpeg_frame_works_too(tmp_path: Path) -> None:
    from PIL import Image

    path = tmp_path / "guest.jpg"
    Image.open(frames_dir() / "near.png").convert("RGB").save(path, quality=85)
    assert image_message(path).width == 640


def test_the_shipped_frames_are_what_make_frames_composes() -> None:
    for name, guests in FRAMES.items():
        shipped = load_rgb(frames_dir() / name).astype(np.int16)
        fresh = compose(guests).astype(np.int16)
        # The shipped files are 96-colour palettes of the composition: close everywhere, never far off.
        assert np.abs(shipped - fresh).mean() < 4.0, name


def test_scripts_accept_see_steps(tmp_path: Path) -> None:
    script = tmp_path / "visit.yaml"
    script.write_text("steps:\n  - see: near.png\n    expect: {kind: greeting}\n", encoding="utf-8")
    assert load_script(script).steps[0].action == "see"
