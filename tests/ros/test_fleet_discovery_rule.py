"""How long `fleet status` listens: its --wait, longer while robots still show up, within a limit."""

from __future__ import annotations

from robot_guide.ros.fleet_client import QUIET_S, NewRobots, fleet_still_growing


def test_listens_at_least_the_wait() -> None:
    assert fleet_still_growing(waited_s=1.0, since_new_s=1.0, least_s=3.0, longest_s=15.0)


def test_an_empty_domain_ends_at_the_wait() -> None:
    # Nobody showed up: the last "new robot" moment is the start, more than QUIET_S ago at 3 s.
    assert not fleet_still_growing(waited_s=3.0, since_new_s=3.0, least_s=3.0, longest_s=15.0)


def test_a_robot_found_late_keeps_it_listening_for_the_rest() -> None:
    # On a loaded machine DDS finds the robots of a fleet seconds apart: one came 0.5 s ago.
    assert fleet_still_growing(waited_s=4.0, since_new_s=0.5, least_s=3.0, longest_s=15.0)
    assert not fleet_still_growing(waited_s=4.0 + QUIET_S, since_new_s=QUIET_S, least_s=3.0, longest_s=15.0)


def test_never_past_the_limit() -> None:
    assert not fleet_still_growing(waited_s=15.0, since_new_s=0.1, least_s=3.0, longest_s=15.0)


def test_new_robots_counts_from_the_last_first_sighting() -> None:
    new_robots = NewRobots(started=10.0)
    assert new_robots.since_new([], 12.0) == 2.0  # nobody yet: counted from the start
    assert new_robots.since_new(["r1"], 13.0) == 0.0
    assert new_robots.since_new(["r1"], 14.5) == 1.5  # r1 again is not new
    assert new_robots.since_new(["r1", "r2"], 15.0) == 0.0
