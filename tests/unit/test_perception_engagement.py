"""Tracking ids and the engagement state machine: dwell, leave timeout, hysteresis, passers-by, two guests."""

from __future__ import annotations

import numpy as np
import pytest

from robot_guide.paths import share_dir
from robot_guide.perception.config import PerceptionConfig
from robot_guide.perception.detector import Box
from robot_guide.perception.engagement import EngagementEvent
from robot_guide.perception.frames import load_rgb, to_gray
from robot_guide.perception.geometry import Camera
from robot_guide.perception.pipeline import Perception

CAMERA = Camera(width_px=640, hfov_deg=60.0)
FPS = 10
STEP = 1.0 / FPS


def face_at(distance_m: float, centre_x: float = 320.0, centre_y: float = 200.0) -> Box:
    """The box of an average face `distance_m` away, centred at (centre_x, centre_y)."""
    width = CAMERA.face_px_at(distance_m, 0.15)
    return Box(centre_x - width / 2, centre_y - width / 2, width, width)


class Scene:
    """Feeds the perception core what a detector would find, frame by frame at 10 fps."""

    def __init__(self, **settings: object) -> None:
        self.perception = Perception(PerceptionConfig(**settings))  # type: ignore[arg-type]
        self.now = 100.0
        self.events: list[tuple[float, EngagementEvent]] = []
        self.ids_seen: list[list[str]] = []

    def show(self, seconds: float, *faces: Box | None) -> None:
        for _ in range(round(seconds * FPS)):
            result = self.perception.observe([f for f in faces if f is not None], CAMERA, self.now)
            self.ids_seen.append(sorted(track.guest_id for track in result.tracks))
            self.events += [(self.now, event) for event in result.events]
            self.now = round(self.now + STEP, 6)

    def walk(self, seconds: float, distance_m: float, from_x: float, speed_px_s: float) -> None:
        for frame in range(round(seconds * FPS)):
            self.show(STEP, face_at(distance_m, from_x + speed_px_s * frame * STEP))

    def kinds(self) -> list[tuple[str, str]]:
        return [(event.kind, event.guest_id) for _, event in self.events]


def test_a_guest_who_stops_close_is_greeted_after_the_dwell_time_once() -> None:
    scene = Scene()
    scene.show(0.95, face_at(1.0))
    assert scene.events == []  # not yet: 0.9 s of dwell
    scene.show(5.0, face_at(1.0))
    assert scene.kinds() == [("arrive", "face-1")]
    arrived_at, event = scene.events[0]
    assert arrived_at - 100.0 == pytest.approx(1.0, abs=STEP / 2)
    assert event.distance_m == pytest.approx(1.0, abs=0.05)


def test_a_longer_dwell_setting_waits_longer() -> None:
    scene = Scene(dwell_s=2.5)
    scene.show(2.4, face_at(1.0))
    assert scene.events == []
    scene.show(0.2, face_at(1.0))
    assert scene.kinds() == [("arrive", "face-1")]


def test_the_guest_leaves_after_being_gone_for_leave_after_s() -> None:
    scene = Scene()
    scene.show(2.0, face_at(1.0))
    gone_from = scene.now
    scene.show(3.9, None)
    assert scene.kinds() == [("arrive", "face-1")]  # 3.9 s gone: still here as far as the robot knows
    scene.show(0.3, None)
    assert scene.kinds() == [("arrive", "face-1"), ("leave", "face-1")]
    left_at = scene.events[-1][0]
    assert left_at - gone_from == pytest.approx(4.0 - STEP, abs=STEP)  # last seen one frame before


def test_a_detector_blink_keeps_the_guest_and_their_id() -> None:
    scene = Scene()
    scene.show(2.0, face_at(1.0))
    for _ in range(5):  # the detector misses every other frame for a second
        scene.show(STEP, None)
        scene.show(STEP, face_at(1.0))
    scene.show(5.0, face_at(1.0))
    assert scene.kinds() == [("arrive", "face-1")]
    assert {ids[0] for ids in scene.ids_seen if ids} == {"face-1"}


def test_a_guest_stepping_back_stays_until_beyond_the_leave_distance() -> None:
    scene = Scene()
    scene.show(2.0, face_at(1.0))
    scene.show(6.0, face_at(2.2))  # farther than the engagement distance, nearer than the leave distance
    assert scene.kinds() == [("arrive", "face-1")]
    scene.show(4.1, face_at(2.7))  # beyond leave_distance_m (2.5 m) for leave_after_s
    assert scene.kinds() == [("arrive", "face-1"), ("leave", "face-1")]


def test_a_far_passer_by_is_never_greeted() -> None:
    scene = Scene()
    scene.show(10.0, face_at(2.3))
    assert scene.events == []
    assert scene.ids_seen[-1] == ["face-1"]  # seen and tracked, just not greeted


def test_someone_walking_past_close_without_stopping_is_not_greeted() -> None:
    scene = Scene()
    # 1.2 m away, 240 px/s across the view: 0.52 m/s sideways, a stroll (walking pace is 1.2-1.4 m/s)
    scene.walk(2.5, distance_m=1.2, from_x=20.0, speed_px_s=240.0)
    assert scene.events == []
    assert {ids[0] for ids in scene.ids_seen} == {"face-1"}  # one person, one id across the walk


def test_someone_who_walks_up_and_stops_is_greeted() -> None:
    scene = Scene()
    scene.walk(1.5, distance_m=1.2, from_x=100.0, speed_px_s=150.0)
    scene.show(1.2, face_at(1.2, centre_x=325.0))
    assert scene.kinds() == [("arrive", "face-1")]


def test_two_guests_get_their_own_ids_greetings_and_goodbyes() -> None:
    scene = Scene()
    scene.show(1.5, face_at(1.0, centre_x=180.0), face_at(1.2, centre_x=470.0))
    assert sorted(scene.kinds()) == [("arrive", "face-1"), ("arrive", "face-2")]
    assert scene.ids_seen[-1] == ["face-1", "face-2"]  # ids in the order they were first seen: left, right
    scene.show(5.0, face_at(1.2, centre_x=470.0))  # the left one walks off; the right one stays
    assert scene.kinds()[2:] == [("leave", "face-1")]
    assert scene.ids_seen[-1] == ["face-2"]


def test_a_guest_who_comes_back_after_leaving_gets_a_new_id() -> None:
    scene = Scene()
    scene.show(1.5, face_at(1.0))
    scene.show(4.5, None)
    scene.show(1.5, face_at(1.0))
    assert scene.kinds() == [("arrive", "face-1"), ("leave", "face-1"), ("arrive", "face-2")]


def test_departures_are_due_even_when_no_frame_comes() -> None:
    scene = Scene()
    scene.show(1.5, face_at(1.0))
    assert scene.perception.tick(scene.now + 3.0) == []
    assert scene.perception.tick(scene.now + 4.0) == [EngagementEvent("leave", "face-1")]


def _frame(name: str) -> np.ndarray:
    rgb = load_rgb(share_dir() / "sim" / "frames" / name)
    return to_gray(rgb.tobytes(), rgb.shape[1], rgb.shape[0], rgb.shape[1] * 3, "rgb8")


def test_the_shipped_frames_played_as_a_visit() -> None:
    """near (greeted), nobody (goodbye), far (not greeted), two (two new ids), through the real detector."""
    perception = Perception(PerceptionConfig())
    now = 0.0
    events: list[EngagementEvent] = []
    for name, seconds in (("near.png", 2.0), (None, 5.0), ("far.png", 3.0), ("two.png", 2.0)):
        image = _frame(name) if name else np.zeros((480, 640), np.uint8)
        for _ in range(round(seconds * FPS)):
            events += perception.process(image, now).events
            now += STEP
    assert [(e.kind, e.guest_id) for e in events][:2] == [("arrive", "face-1"), ("leave", "face-1")]
    later = events[2:]
    assert sorted(e.kind for e in later) == ["arrive", "arrive"]
    assert len({e.guest_id for e in later}) == 2 and "face-1" not in {e.guest_id for e in later}
