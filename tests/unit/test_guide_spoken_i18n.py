"""Numbers, durations, clock times and dates spoken the local way in each served language."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from robot_guide.guide import spoken
from robot_guide.guide.spoken_i18n import (
    SPOKEN_LANGUAGES,
    UnsupportedLanguage,
    at_clock_words,
    clock_words,
    date_words,
    distance_words,
    duration_words,
    number_words,
)

MINUTE = 60


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh", "二十五分钟"),
        ("es", "veinticinco minutos"),
        ("pt", "vinte e cinco minutos"),
        ("ru", "двадцать пять минут"),
        ("ar", "خمسة وعشرون دقيقة"),
    ],
)
def test_twenty_five_minutes(language: str, expected: str) -> None:
    assert duration_words(25 * MINUTE, language) == expected


def test_nouns_agree_with_the_number() -> None:
    assert duration_words(MINUTE, "es") == "un minuto"
    assert duration_words(21 * MINUTE, "es") == "veintiún minutos"
    assert duration_words(70 * MINUTE, "es") == "una hora y diez minutos"
    assert duration_words(120 * MINUTE, "pt") == "duas horas"
    assert duration_words(MINUTE, "ru") == "одну минуту"
    assert duration_words(2 * MINUTE, "ru") == "две минуты"
    assert duration_words(3 * 60 * MINUTE, "ru") == "три часа"
    assert duration_words(2 * MINUTE, "ar") == "دقيقتان"
    assert duration_words(120 * MINUTE, "zh") == "两个小时"
    assert duration_words(3 * 24 * 60 * MINUTE, "es") == "tres días"


@pytest.mark.parametrize(
    ("language", "ten", "quarter_past_two"),
    [
        ("zh", "上午十点", "下午两点十五分"),
        ("es", "a las diez de la mañana", "a las dos y cuarto de la tarde"),
        ("pt", "às dez da manhã", "às duas e quinze da tarde"),
        ("ru", "в десять часов", "в четырнадцать пятнадцать"),
        ("ar", "في الساعة العاشرة صباحًا", "في الساعة الثانية والربع ظهرًا"),
    ],
)
def test_clock_times(language: str, ten: str, quarter_past_two: str) -> None:
    assert at_clock_words(datetime(2025, 10, 18, 10, 0), language) == ten
    assert at_clock_words(datetime(2025, 10, 18, 14, 15), language) == quarter_past_two


def test_one_o_clock_takes_the_singular_article() -> None:
    one_pm = datetime(2025, 10, 18, 13, 0)
    assert at_clock_words(one_pm, "es") == "a la una de la tarde"
    assert at_clock_words(one_pm, "pt") == "à uma da tarde"
    assert clock_words(one_pm, "pt") == "a uma da tarde"
    assert at_clock_words(one_pm, "ar") == "في الساعة الواحدة ظهرًا"


def test_minutes_under_ten_and_half_hours() -> None:
    assert clock_words(datetime(2025, 10, 18, 9, 5), "zh") == "上午九点零五分"
    assert clock_words(datetime(2025, 10, 18, 9, 5), "ru") == "девять ноль пять"
    assert clock_words(datetime(2025, 10, 18, 11, 30), "es") == "las once y media de la mañana"
    assert clock_words(datetime(2025, 10, 18, 11, 30), "pt") == "as onze e meia da manhã"
    assert clock_words(datetime(2025, 10, 18, 0, 0), "es") == "la medianoche"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("zh", "十月十八日星期六"),
        ("es", "sábado, dieciocho de octubre"),
        ("pt", "sábado, dezoito de outubro"),
        ("ru", "суббота, восемнадцатое октября"),
        ("ar", "السبت، ثمانية عشر أكتوبر"),
    ],
)
def test_dates(language: str, expected: str) -> None:
    assert date_words(date(2025, 10, 18), language) == expected


def test_the_twenty_first_is_a_bare_number() -> None:
    assert date_words(date(2025, 10, 21), "es", with_weekday=False) == "veintiuno de octubre"
    assert date_words(date(2025, 10, 21), "ar", with_weekday=False) == "واحد وعشرون أكتوبر"


def test_first_of_the_month() -> None:
    assert date_words(date(2025, 10, 1), "es", with_weekday=False) == "primero de octubre"
    assert date_words(date(2025, 10, 1), "pt", with_weekday=False) == "primeiro de outubro"


def test_english_is_the_english_module() -> None:
    moment = datetime(2025, 10, 18, 14, 15)
    assert clock_words(moment, "en") == spoken.clock_words(moment)
    assert at_clock_words(moment, "en") == "at " + spoken.clock_words(moment)
    assert duration_words(1500, "en") == spoken.duration_words(1500)
    assert date_words(moment.date(), "en") == spoken.date_words(moment.date())
    assert number_words(2025, "en") == spoken.number_words(2025)


def test_feminine_numbers() -> None:
    assert number_words(22, "pt", feminine=True) == "vinte e duas"
    assert number_words(21, "es", feminine=True) == "veintiuna"
    assert number_words(21, "ru", feminine=True) == "двадцать одну"


def test_every_spoken_language_says_every_minute_of_a_day() -> None:
    for language in SPOKEN_LANGUAGES:
        for minute_of_day in range(0, 24 * 60, 7):
            moment = datetime(2025, 10, 18, minute_of_day // 60, minute_of_day % 60)
            text = at_clock_words(moment, language)
            assert text and not any(char.isdigit() for char in text), (language, text)
            assert not any(char.isdigit() for char in duration_words(minute_of_day * MINUTE, language))


def test_an_unsupported_language_is_a_clear_error() -> None:
    with pytest.raises(UnsupportedLanguage, match="no spoken numbers for 'xx'"):
        duration_words(60, "xx")


@pytest.mark.parametrize(
    ("language", "thirty", "two"),
    [
        ("en", "about thirty metres", "about two metres"),
        ("zh", "大约三十米", "大约两米"),
        ("es", "unos treinta metros", "unos dos metros"),
        ("pt", "cerca de trinta metros", "cerca de dois metros"),
        ("ru", "примерно тридцать метров", "примерно два метра"),
        ("ar", "حوالي ثلاثون مترًا", "حوالي متران"),
    ],
)
def test_walking_distances(language: str, thirty: str, two: str) -> None:
    assert distance_words(29.6, language) == thirty
    assert distance_words(2.2, language) == two
