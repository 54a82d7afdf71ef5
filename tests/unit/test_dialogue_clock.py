"""Clock: real local time by default; set() runs on from a moment; monotonic ages are unaffected."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from robot_guide.dialogue.clock import Clock


def test_default_is_local_time() -> None:
    before = datetime.now()
    now = Clock().now()
    assert before <= now <= datetime.now() and now.tzinfo is None


def test_set_keeps_running_from_that_moment() -> None:
    clock = Clock(datetime(2025, 10, 18, 9, 0))
    first = clock.now()
    second = clock.now()
    assert datetime(2025, 10, 18, 9, 0) <= first <= second < datetime(2025, 10, 18, 9, 1)
    clock.set(datetime(2025, 10, 21, 17, 0))
    assert clock.now().date().day == 21
    clock.reset()
    assert abs(clock.now() - datetime.now()) < timedelta(minutes=1)


def test_aware_moments_become_local_naive() -> None:
    clock = Clock()
    clock.set(datetime(2025, 10, 18, 9, 0, tzinfo=UTC))
    expected = datetime(2025, 10, 18, 9, 0, tzinfo=UTC).astimezone().replace(tzinfo=None)
    assert clock.now().tzinfo is None and abs(clock.now() - expected) < timedelta(minutes=1)


def test_monotonic_ignores_set() -> None:
    clock = Clock()
    before = clock.monotonic()
    clock.set(datetime(1999, 1, 1))
    assert clock.monotonic() >= before
