"""The knowledge map (poses of posts and venues): loaded, checked at file:line, and linted by kb check."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot_guide.cli.main import main
from robot_guide.contracts.escort import Pose2D
from robot_guide.knowledge.loader import check_knowledge, load_knowledge

GOOD_MAP = """\
map:
  frame_id: map
  sample_data: true
  posts:
    main_entrance: {x: 0.0, y: 0.0, yaw: 0.0}
  venues:
    restroom_block: {x: 4.5, y: -2.0, yaw: 1.5708}
"""


def write_map(folder: Path, text: str) -> Path:
    path = folder / "map.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(folder: Path) -> list[str]:
    kb, found = check_knowledge(folder)
    assert kb is None
    return [f"{Path(p.file).name}:{p.line}:{p.column}: {p.message}" for p in found]


def test_poses_are_loaded_in_the_map_frame(kb_folder: Path) -> None:
    write_map(kb_folder, GOOD_MAP)
    kb = load_knowledge(kb_folder)
    assert kb.map.defined and kb.map.sample_data
    assert kb.map.post("main_entrance") == Pose2D(0.0, 0.0, 0.0, "map")
    assert kb.map.venue("restroom_block") == Pose2D(4.5, -2.0, 1.5708, "map")
    assert kb.map.venue("nowhere") is None


def test_a_folder_without_a_map_walks_nowhere(kb_folder: Path) -> None:
    kb = load_knowledge(kb_folder)
    assert not kb.map.defined and kb.map.venue("restroom_block") is None


def test_unknown_ids_are_reported_at_their_line(kb_folder: Path) -> None:
    write_map(
        kb_folder,
        GOOD_MAP.replace("restroom_block:", "restroom_blok:").replace("main_entrance:", "side_door:"),
    )
    found = problems(kb_folder)
    assert any(p.startswith("map.yaml:5:5: map posts: unknown post 'side_door'") for p in found), found
    assert any(
        p.startswith(
            "map.yaml:7:5: map venues: unknown venue 'restroom_blok' (did you mean 'restroom_block'?)"
        )
        for p in found
    ), found


@pytest.mark.parametrize(
    ("pose", "expected"),
    [
        ("{x: 4.5m, y: 0.0}", "map.yaml:7:25: map.venues.restroom_block.x should be a number"),
        ("{x: .nan, y: 0.0}", "map.yaml:7:25: map pose of 'restroom_block': x nan is not a usable number"),
        ("{x: 1.0, y: 0.0, yaw: 90}", "map.yaml:7:43: map.venues.restroom_block.yaw: 90 is greater than"),
        ("{x: 1.0}", "map.yaml:7:21: map.venues.restroom_block is missing 'y'"),
    ],
)
def test_bad_numbers_are_reported_at_their_line(kb_folder: Path, pose: str, expected: str) -> None:
    write_map(kb_folder, GOOD_MAP.replace("{x: 4.5, y: -2.0, yaw: 1.5708}", pose))
    found = problems(kb_folder)
    assert any(p.startswith(expected) for p in found), found


def test_a_second_map_is_refused(kb_folder: Path) -> None:
    write_map(kb_folder, GOOD_MAP)
    (kb_folder / "more_map.yaml").write_text("map:\n  frame_id: map\n", encoding="utf-8")
    found = problems(kb_folder)
    assert any(p.startswith("more_map.yaml:1:1: a second map (the first is at") for p in found), found


def test_kb_check_warns_about_a_venue_without_a_pose(
    kb_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_map(kb_folder, GOOD_MAP.replace("    restroom_block: {x: 4.5, y: -2.0, yaw: 1.5708}\n", "    {}\n"))
    assert main(["kb", "check", str(kb_folder)]) == 0  # a warning: some places are too far to walk to
    out = capsys.readouterr().out.splitlines()
    assert any(
        line.startswith(f"{kb_folder / 'entries.yaml'}:27:9: warning: venue 'restroom_block' has no pose")
        for line in out
    ), out
    assert out[-1] == "0 errors, 1 warning in 3 files"


def test_the_summit_map_places_every_post(repo_root: Path) -> None:
    kb = load_knowledge(repo_root / "knowledge")
    assert all(kb.map.post(post) is not None for post in kb.posts)
    assert kb.map.venue("crash_arena") is not None and kb.map.venue("parking") is None
