"""Numbers, clock times, dates and durations as words, so a speech synthesiser reads them naturally."""

from __future__ import annotations

from datetime import date, datetime

# Word lists as strings split once: shorter to read than one quoted word per line.
_ONES_TEXT = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen"
)
_ORDINAL_ONES_TEXT = (
    "zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth"
)
_TENS_TEXT = "_ _ twenty thirty forty fifty sixty seventy eighty ninety"
_ORDINAL_TENS_TEXT = "_ _ twentieth thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth"
_MONTHS_TEXT = "January February March April May June July August September October November December"
_WEEKDAYS_TEXT = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
_ONES = _ONES_TEXT.split()
_ORDINAL_ONES = _ORDINAL_ONES_TEXT.split()
_TENS = _TENS_TEXT.split()
_ORDINAL_TENS = _ORDINAL_TENS_TEXT.split()
_MONTHS = _MONTHS_TEXT.split()
_WEEKDAYS = _WEEKDAYS_TEXT.split()


def number_words(n: int) -> str:
    """0 to 999,999 in words ("twenty five", "one hundred and five"); larger numbers stay digits."""
    if n < 0:
        return "minus " + number_words(-n)
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f" {_ONES[ones]}" if ones else "")
    if n < 1000:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")
    if n < 1_000_000:
        thousands, rest = divmod(n, 1000)
        tail = "" if not rest else (f" and {number_words(rest)}" if rest < 100 else f" {number_words(rest)}")
        return f"{number_words(thousands)} thousand{tail}"
    return str(n)


def ordinal_words(n: int) -> str:
    """1 to 99 as ordinals ("twenty first"), the form dates are spoken in."""
    if 0 <= n < 20:
        return _ORDINAL_ONES[n]
    if 20 <= n < 100:
        tens, ones = divmod(n, 10)
        return _ORDINAL_TENS[tens] if not ones else f"{_TENS[tens]} {_ORDINAL_ONES[ones]}"
    return f"{number_words(n)}th"


def clock_words(moment: datetime) -> str:
    """ "ten a.m.", "two fifteen p.m.", "ten oh five a.m.", "twelve noon", "midnight"."""
    hour, minute = moment.hour, moment.minute
    if minute == 0 and hour == 12:
        return "twelve noon"
    if minute == 0 and hour == 0:
        return "midnight"
    suffix = "a.m." if hour < 12 else "p.m."
    spoken_hour = number_words(hour % 12 or 12)
    if minute == 0:
        return f"{spoken_hour} {suffix}"
    spoken_minute = f"oh {number_words(minute)}" if minute < 10 else number_words(minute)
    return f"{spoken_hour} {spoken_minute} {suffix}"


def duration_words(seconds: float) -> str:
    """A rounded span: "one minute", "twenty five minutes", "one hour and ten minutes", "two days"."""
    minutes = max(1, round(abs(seconds) / 60))
    if minutes < 60:
        return f"{number_words(minutes)} minute" + ("s" if minutes != 1 else "")
    hours, rest = divmod(minutes, 60)
    if hours >= 24:
        days = round(hours / 24)
        return f"{number_words(days)} day" + ("s" if days != 1 else "")
    text = f"{number_words(hours)} hour" + ("s" if hours != 1 else "")
    if rest:
        text += f" and {number_words(rest)} minute" + ("s" if rest != 1 else "")
    return text


def date_words(day: date, with_weekday: bool = True) -> str:
    """ "Saturday, October eighteenth"."""
    text = f"{_MONTHS[day.month - 1]} {ordinal_words(day.day)}"
    return f"{_WEEKDAYS[day.weekday()]}, {text}" if with_weekday else text


def date_range_words(first: date, last: date) -> str:
    """ "October seventeenth to twenty first" (month said once when both days share it)."""
    if first == last:
        return date_words(first, with_weekday=False)
    if (first.year, first.month) == (last.year, last.month):
        return f"{date_words(first, with_weekday=False)} to {ordinal_words(last.day)}"
    return f"{date_words(first, with_weekday=False)} to {date_words(last, with_weekday=False)}"
