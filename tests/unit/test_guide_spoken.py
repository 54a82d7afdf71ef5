"""Numbers, times, dates and durations in words, as espeak should read them."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from robot_guide.guide.spoken import (
    clock_words,
    date_range_words,
    date_words,
    duration_words,
    number_words,
    ordinal_words,
)


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "zero"),
        (7, "seven"),
        (15, "fifteen"),
        (25, "twenty five"),
        (40, "forty"),
        (105, "one hundred and five"),
        (2025, "two thousand and twenty five"),
        (1500, "one thousand five hundred"),
        (-3, "minus three"),
    ],
)
def test_number_words(n: int, words: str) -> None:
    assert number_words(n) == words


def test_ordinals_for_dates() -> None:
    assert [ordinal_words(n) for n in (1, 2, 3, 17, 20, 21, 30, 31)] == [
        "first",
        "second",
        "third",
        "seventeenth",
        "twentieth",
        "twenty first",
        "thirtieth",
        "thirty first",
    ]


@pytest.mark.parametrize(
    ("hour", "minute", "words"),
    [
        (10, 0, "ten a.m."),
        (14, 15, "two fifteen p.m."),
        (10, 5, "ten oh five a.m."),
        (12, 0, "twelve noon"),
        (0, 0, "midnight"),
        (12, 30, "twelve thirty p.m."),
        (0, 45, "twelve forty five a.m."),
        (23, 59, "eleven fifty nine p.m."),
    ],
)
def test_clock_words(hour: int, minute: int, words: str) -> None:
    assert clock_words(datetime(2025, 10, 18, hour, minute)) == words


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (20, "one minute"),
        (60, "one minute"),
        (25 * 60, "twenty five minutes"),
        (3600, "one hour"),
        (70 * 60, "one hour and ten minutes"),
        (2 * 3600 + 60, "two hours and one minute"),
        (3 * 86400, "three days"),
    ],
)
def test_duration_words(seconds: float, words: str) -> None:
    assert duration_words(seconds) == words


def test_dates() -> None:
    assert date_words(date(2025, 10, 18)) == "Saturday, October eighteenth"
    assert date_range_words(date(2025, 10, 17), date(2025, 10, 21)) == "October seventeenth to twenty first"
    assert date_range_words(date(2025, 10, 30), date(2025, 11, 2)) == "October thirtieth to November second"
