"""The session store forgets a guest exactly when they have been silent for the timeout, however many."""

from __future__ import annotations

from robot_guide.dialogue.session import SessionStore


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_silent_guest_is_forgotten_after_the_timeout_and_a_talking_one_is_kept() -> None:
    clock = Clock()
    store = SessionStore(timeout_s=10.0, monotonic=clock)
    store.get_or_create("quiet")
    clock.now = 4.0
    store.get_or_create("talking")
    for now in (6.0, 9.0, 10.0):  # the one talking is touched; nothing is stale yet
        clock.now = now
        store.get_or_create("talking").touch(now)
        assert store.get("quiet") is not None
    clock.now = 10.5
    assert store.get("quiet") is None and store.get("talking") is not None
    clock.now = 20.0  # 10 s after its last touch: still within the timeout
    assert store.get("talking") is not None
    clock.now = 20.01
    assert store.get("talking") is None and store.sessions == {}


def test_a_guest_created_after_the_store_emptied_still_expires() -> None:
    clock = Clock()
    store = SessionStore(timeout_s=1.0, monotonic=clock)
    store.get_or_create("first")
    clock.now = 5.0
    assert store.get("first") is None
    store.get_or_create("second")
    clock.now = 6.5
    assert store.get("second") is None


def test_thousands_of_one_line_guests_are_all_kept_within_the_timeout() -> None:
    clock = Clock()
    store = SessionStore(timeout_s=300.0, monotonic=clock)
    for number in range(5_000):
        clock.now = number * 0.01
        store.get_or_create(f"guest-{number}").touch(clock.now)
    assert len(store.sessions) == 5_000
    clock.now = (
        300.0 + 2_500 * 0.01 + 0.001
    )  # the first 2,501 guests (0 .. 25.00 s) have been silent too long
    store.expire()
    assert len(store.sessions) == 5_000 - 2_501 and "guest-2501" in store.sessions
