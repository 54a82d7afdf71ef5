"""Escort core: the offer rule, progress and failure, and the walk back to the post."""

from __future__ import annotations

import pytest

from robot_guide.escort.geometry import Pose2D
from robot_guide.escort.mission import EscortMission, Phase
from robot_guide.escort.offer import can_escort
from robot_guide.escort.progress import ProgressConfig, ProgressMonitor, Verdict

POST = Pose2D(0.0, 0.0, 0.0)
HALL_B = Pose2D(12.0, -3.5, 1.57)


def test_offer_only_to_places_on_the_map_within_the_limit() -> None:
    assert can_escort(HALL_B, POST)
    assert not can_escort(None, POST)  # a place without a pose is never offered
    assert not can_escort(HALL_B, None)
    assert not can_escort(Pose2D(70.0, 0.0), POST)  # 70 m straight is about 91 m walked: over 80
    assert can_escort(Pose2D(70.0, 0.0), POST, max_escort_m=100.0)
    assert not can_escort(Pose2D(1.0, 1.0, frame_id="floor_2"), POST)  # another map frame


def test_progress_arrival_no_progress_and_timeout() -> None:
    config = ProgressConfig(arrival_tolerance_m=0.5, min_progress_m=0.3, no_progress_s=5.0, timeout_s=60.0)
    monitor = ProgressMonitor(HALL_B, started_at=0.0, config=config)
    assert monitor.update(Pose2D(1.0, 0.0), 1.0) is Verdict.MOVING
    assert monitor.update(Pose2D(1.1, 0.0), 4.0) is Verdict.MOVING  # small steps: not yet progress
    assert monitor.update(Pose2D(1.1, 0.0), 6.1) is Verdict.NO_PROGRESS  # 5 s since the last real gain
    walking = ProgressMonitor(HALL_B, 0.0, config)
    for second in range(1, 59):
        x = min(12.0, 0.4 * second)
        verdict = walking.update(Pose2D(x, -3.5 * x / 12.0), float(second))
        if verdict is not Verdict.MOVING:
            break
    assert verdict is Verdict.ARRIVED
    slow = ProgressMonitor(HALL_B, 0.0, ProgressConfig(timeout_s=10.0, no_progress_s=100.0))
    assert slow.update(Pose2D(0.5, 0.0), 5.0) is Verdict.MOVING
    assert slow.update(Pose2D(1.0, 0.0), 10.5) is Verdict.TIMED_OUT


def test_time_without_odometry_counts_as_no_progress() -> None:
    monitor = ProgressMonitor(HALL_B, 0.0, ProgressConfig(no_progress_s=3.0))
    assert monitor.update(None, 2.0) is Verdict.MOVING
    assert monitor.update(None, 3.5) is Verdict.NO_PROGRESS


def test_a_whole_escort_there_and_back() -> None:
    mission = EscortMission("main_entrance", POST, arrival_pause_s=3.0)
    events = mission.start("hall_b", HALL_B, 0.0)
    assert [(e.kind, e.goal) for e in events] == [("leading", HALL_B)]
    assert mission.start("hall_c", POST, 0.5) == []  # one escort at a time
    assert mission.on_pose(Pose2D(6.0, -1.7), 5.0) == []
    assert [e.kind for e in mission.on_pose(Pose2D(11.8, -3.4), 10.0)] == ["arrived"]
    assert mission.phase is Phase.AT_PLACE
    assert mission.tick(12.0) == []  # still pausing with the guest
    back = mission.tick(13.1)
    assert [(e.kind, e.goal) for e in back] == [("returning", POST)]
    assert [e.kind for e in mission.on_pose(Pose2D(0.2, 0.1), 25.0)] == ["back_at_post"]
    assert mission.phase is Phase.AT_POST and not mission.busy


def test_cancel_mid_way_returns_to_the_post() -> None:
    mission = EscortMission("main_entrance", POST)
    mission.start("hall_b", HALL_B, 0.0)
    mission.on_pose(Pose2D(3.0, -1.0), 4.0)
    events = mission.cancel(5.0)
    assert [e.kind for e in events] == ["cancelled", "returning"]
    assert events[1].goal == POST
    assert mission.cancel(6.0) == []  # already on the way back


@pytest.mark.parametrize("stuck_after", [2.0, 7.0])
def test_navigation_failure_reports_and_turns_back(stuck_after: float) -> None:
    mission = EscortMission("main_entrance", POST, ProgressConfig(no_progress_s=5.0))
    mission.start("hall_b", HALL_B, 0.0)
    mission.on_pose(Pose2D(2.0, -0.5), stuck_after)
    events = mission.tick(stuck_after + 5.1)
    assert [e.kind for e in events] == ["failed", "returning"]
    assert events[0].reason == "no_progress"


def test_failing_to_return_strands_the_robot_and_says_so() -> None:
    mission = EscortMission("main_entrance", POST, ProgressConfig(no_progress_s=5.0))
    mission.start("hall_b", HALL_B, 0.0)
    mission.cancel(1.0)
    events = mission.tick(7.0)
    assert [e.kind for e in events] == ["stranded"]
    assert mission.phase is Phase.STRANDED


def test_a_robot_blocked_at_the_post_is_back_at_once() -> None:
    # It never left (its first pose is the post, seen before the walk began): failing is not stranding.
    mission = EscortMission(
        "main_entrance", POST, ProgressConfig(no_progress_s=5.0), last_pose=Pose2D(0.1, 0.0)
    )
    mission.start("hall_b", HALL_B, 0.0)
    events = mission.tick(5.1)
    assert [e.kind for e in events] == ["failed", "returning", "back_at_post"]
    assert mission.phase is Phase.AT_POST and not mission.busy
