"""Numbers, clock times, durations and dates as words in each served language, the way it is said there.

Number words come from num2words (es, pt, ru, ar) and cn2an (zh); month and weekday names and plural
categories from babel's CLDR data; English keeps guide/spoken.py. What is left here is grammar: which noun
form follows a number, which article or period of the day goes with a time."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache

from robot_guide.guide import spoken

SPOKEN_LANGUAGES = ("en", "zh", "es", "pt", "ru", "ar")

# Noun forms per CLDR plural category (babel picks the category for a number).
# ru forms are accusative: durations follow "через" (in) or precede "назад" (ago).
_UNITS: dict[str, dict[str, dict[str, str]]] = {
    "es": {
        "minute": {"one": "minuto", "other": "minutos"},
        "hour": {"one": "hora", "other": "horas"},
        "day": {"one": "día", "other": "días"},
        "metre": {"one": "metro", "other": "metros"},
    },
    "pt": {
        "minute": {"one": "minuto", "other": "minutos"},
        "hour": {"one": "hora", "other": "horas"},
        "day": {"one": "dia", "other": "dias"},
        "metre": {"one": "metro", "other": "metros"},
    },
    "ru": {
        "minute": {"one": "минуту", "few": "минуты", "many": "минут", "other": "минуты"},
        "hour": {"one": "час", "few": "часа", "many": "часов", "other": "часа"},
        "day": {"one": "день", "few": "дня", "many": "дней", "other": "дня"},
        "metre": {"one": "метр", "few": "метра", "many": "метров", "other": "метра"},
    },
    "ar": {
        "minute": {"one": "دقيقة واحدة", "two": "دقيقتان", "few": "دقائق", "many": "دقيقة", "other": "دقيقة"},
        "hour": {"one": "ساعة واحدة", "two": "ساعتان", "few": "ساعات", "many": "ساعة", "other": "ساعة"},
        "day": {"one": "يوم واحد", "two": "يومان", "few": "أيام", "many": "يومًا", "other": "يوم"},
        "metre": {"one": "متر واحد", "two": "متران", "few": "أمتار", "many": "مترًا", "other": "متر"},
    },
    "zh": {
        "minute": {"other": "分钟"},
        "hour": {"other": "小时"},
        "day": {"other": "天"},
        "metre": {"other": "米"},
    },
}
_FEMININE_UNITS = {"es": {"hour"}, "pt": {"hour"}, "ru": {"minute"}}


class UnsupportedLanguage(ValueError):
    """A language with no number speller here; the caller says the English form instead."""


def _check(language: str) -> None:
    if language not in SPOKEN_LANGUAGES:
        raise UnsupportedLanguage(
            f"no spoken numbers for '{language}' (supported: {', '.join(SPOKEN_LANGUAGES)})"
        )


@cache
def _plural_category(language: str, n: int) -> str:
    from babel import Locale

    return str(Locale.parse(language).plural_form(n))


def number_words(n: int, language: str, *, feminine: bool = False) -> str:
    """A cardinal number in words ("veinticinco", "двадцать пять", "二十五")."""
    _check(language)
    if language == "en":
        return spoken.number_words(n)
    if language == "zh":
        from cn2an import an2cn

        return str(an2cn(n))
    from num2words import num2words

    if language == "ru":
        return str(num2words(n, lang="ru", gender="f" if feminine else "m", case="a", animate=False))
    words = _plain_number(n, language)
    if language == "es" and words.endswith("uno"):
        # Before a noun "uno" shortens: "un minuto", "veintiún minutos", "una hora".
        stem = words.removesuffix("uno")
        return stem + "una" if feminine else ("veintiún" if words == "veintiuno" else stem + "un")
    if language == "pt" and feminine:
        for masculine, female in (("um", "uma"), ("dois", "duas")):
            if words == masculine or words.endswith(" " + masculine):
                return words.removesuffix(masculine) + female
    return words


def _plain_number(n: int, language: str) -> str:
    """num2words' cardinal; Arabic "و" (and) joined to the next word, as it is written."""
    from num2words import num2words

    words = str(num2words(n, lang=language))
    return words.replace("و ", "و") if language == "ar" else words


def _count_of(n: int, unit: str, language: str) -> str:
    """ "veinticinco minutos", "одну минуту", "دقيقتان", "二十五分钟"."""
    if language == "zh":
        spoken_n = "两" if n == 2 else number_words(n, "zh")
        return f"{spoken_n}{'个' if unit == 'hour' else ''}{_UNITS['zh'][unit]['other']}"
    forms = _UNITS[language][unit]
    noun = forms.get(_plural_category(language, n), forms["other"])
    if language == "ar" and n in (1, 2):
        return noun  # "دقيقة واحدة", "دقيقتان": the noun carries the number
    feminine = unit in _FEMININE_UNITS.get(language, set())
    return f"{number_words(n, language, feminine=feminine)} {noun}"


_AND = {"es": " y ", "pt": " e ", "ru": " ", "ar": " و", "zh": ""}


def duration_words(seconds: float, language: str) -> str:
    """A rounded span: "veinticinco minutos", "una hora y diez minutos", "两天"."""
    _check(language)
    if language == "en":
        return spoken.duration_words(seconds)
    minutes = max(1, round(abs(seconds) / 60))
    if minutes < 60:
        return _count_of(minutes, "minute", language)
    hours, rest = divmod(minutes, 60)
    if hours >= 24:
        return _count_of(round(hours / 24), "day", language)
    text = _count_of(hours, "hour", language)
    return text + (_AND[language] + _count_of(rest, "minute", language) if rest else "")


_ABOUT = {"zh": "大约", "es": "unos", "pt": "cerca de", "ru": "примерно", "ar": "حوالي"}


def distance_words(metres: float, language: str) -> str:
    """A walking distance, rounded: "about thirty metres", "unos treinta metros", "大约三十米"."""
    _check(language)
    n = max(1, round(metres))
    if language == "en":
        return f"about {spoken.number_words(n)} metre" + ("s" if n != 1 else "")
    return f"{_ABOUT[language]} {_count_of(n, 'metre', language)}".replace("大约 ", "大约")


def _zh_clock(hour: int, minute: int) -> str:
    if (hour, minute) == (0, 0):
        return "午夜十二点"
    period = (
        "凌晨"
        if hour < 6
        else "上午"
        if hour < 12
        else "中午"
        if hour == 12
        else "下午"
        if hour < 18
        else "晚上"
    )
    twelve = hour % 12 or 12
    spoken_hour = "两" if twelve == 2 else number_words(twelve, "zh")
    if minute == 0:
        return f"{period}{spoken_hour}点"
    spoken_minute = ("零" if minute < 10 else "") + number_words(minute, "zh")
    return f"{period}{spoken_hour}点{spoken_minute}分"


def _es_clock(hour: int, minute: int) -> str:
    if (hour, minute) == (0, 0):
        return "la medianoche"
    twelve = hour % 12 or 12
    head = "la una" if twelve == 1 else f"las {number_words(twelve, 'es')}"
    tail = {0: "", 15: " y cuarto", 30: " y media"}.get(minute, f" y {number_words(minute, 'es')}")
    period = "de la mañana" if hour < 12 else "del mediodía" if hour < 13 else "de la tarde"
    period = "de la noche" if hour >= 21 else period
    return f"{head}{tail} {period}"


def _pt_clock(hour: int, minute: int) -> str:
    if (hour, minute) == (0, 0):
        return "a meia-noite"
    if (hour, minute) == (12, 0):
        return "o meio-dia"
    twelve = hour % 12 or 12
    head = ("a " if twelve == 1 else "as ") + number_words(twelve, "pt", feminine=True)
    tail = {0: "", 30: " e meia"}.get(minute, f" e {number_words(minute, 'pt')}")
    period = "da manhã" if hour < 12 else "da tarde" if hour < 19 else "da noite"
    return f"{head}{tail} {period}"


def _ru_clock(hour: int, minute: int) -> str:
    # Russian announcements use the 24-hour clock: "четырнадцать тридцать".
    if (hour, minute) == (0, 0):
        return "полночь"
    from num2words import num2words

    spoken_hour = str(num2words(hour, lang="ru"))
    if minute == 0:
        noun = _UNITS["ru"]["hour"].get(_plural_category("ru", hour), "часов")
        return f"{spoken_hour} {noun}"
    spoken_minute = str(num2words(minute, lang="ru", gender="f"))
    return f"{spoken_hour} {'ноль ' if minute < 10 else ''}{spoken_minute}"


def _ar_hour(twelve: int) -> str:
    """The hour as a definite feminine ordinal, as Arabic tells time: "العاشرة", "الحادية عشرة"."""
    if twelve == 1:
        return "الواحدة"  # hour one is "the one", not "the first"
    from num2words import num2words

    first, *rest = str(num2words(twelve, lang="ar", to="ordinal")).split()
    return " ".join(["ال" + first + "ة", *(word + "ة" for word in rest)])


def _ar_clock(hour: int, minute: int) -> str:
    if (hour, minute) == (0, 0):
        return "منتصف الليل"
    head = f"الساعة {_ar_hour(hour % 12 or 12)}"
    tail = {0: "", 15: " والربع", 30: " والنصف"}.get(minute, f" و{_count_of(minute, 'minute', 'ar')}")
    period = "صباحًا" if hour < 12 else "ظهرًا" if hour < 15 else "مساءً"
    return f"{head}{tail} {period}"


_CLOCKS = {"zh": _zh_clock, "es": _es_clock, "pt": _pt_clock, "ru": _ru_clock, "ar": _ar_clock}


def clock_words(moment: datetime, language: str) -> str:
    """The time of day as said after "until": "las once y media de la mañana", "上午十一点三十分"."""
    _check(language)
    if language == "en":
        return spoken.clock_words(moment)
    return _CLOCKS[language](moment.hour, moment.minute)


def at_clock_words(moment: datetime, language: str) -> str:
    """ "at" a time: "at ten a.m.", "a las diez de la mañana", "às dez da manhã", "в десять часов"."""
    bare = clock_words(moment, language)
    if language == "es":
        return "a " + bare
    if language == "pt":
        for article, contracted in (("as ", "às "), ("a ", "à "), ("o ", "ao ")):
            if bare.startswith(article):
                return contracted + bare.removeprefix(article)
    if language == "ru":
        return "в " + bare
    if language == "ar":
        return "في " + bare
    if language == "en":
        return "at " + bare
    return bare


def _names(kind: str, language: str) -> list[str]:
    from babel.dates import get_day_names, get_month_names

    if kind == "month":
        months = get_month_names("wide", "format", locale=language)
        return [str(months[m]) for m in range(1, 13)]
    days = get_day_names("wide", "format", locale=language)
    return [str(days[d]) for d in range(7)]


def date_words(day: date, language: str, with_weekday: bool = True) -> str:
    """ "sábado, dieciocho de octubre", "суббота, восемнадцатое октября", "十月十八日星期六"."""
    _check(language)
    if language == "en":
        return spoken.date_words(day, with_weekday)
    month = _names("month", language)[day.month - 1]
    weekday = _names("weekday", language)[day.weekday()]
    if language == "zh":
        text = f"{month}{number_words(day.day, 'zh')}日"
        return f"{text}{weekday}" if with_weekday else text
    if language == "ru":
        from num2words import num2words

        text = f"{num2words(day.day, lang='ru', to='ordinal', gender='n')} {month}"
    elif language in ("es", "pt"):
        # The day is a bare number, not counting a noun: "veintiuno de octubre", not "veintiún".
        first = "primero" if language == "es" else "primeiro"
        spoken_day = first if day.day == 1 else _plain_number(day.day, language)
        text = f"{spoken_day} de {month}"
    else:
        text = f"{_plain_number(day.day, language)} {month}"
    comma = "،" if language == "ar" else ","
    return f"{weekday}{comma} {text}" if with_weekday else text
