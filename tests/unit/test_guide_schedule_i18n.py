"""Programme answers through the per-language templates: English says what guide/schedule.py says."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial
from types import MappingProxyType

from test_dialogue_fixtures import make_kb

from robot_guide.guide.schedule import Programme
from robot_guide.guide.schedule_i18n import SchedulePhrasing
from robot_guide.knowledge.model import KnowledgeBase, Persona, ScheduleItem

KB = make_kb()
PROGRAMME = Programme(KB)
CRASH_DAY1 = next(i for i in PROGRAMME.items if i.id == "crash_day1")
SPANISH = Persona(
    lines=MappingProxyType(
        {
            "schedule_soon": {"es": ("{subject} empieza dentro de {duration}{where}",)},
            "schedule_where": {"es": (" en el {place}",)},
            "schedule_later": {"es": ("{subject} es {day} {at_time}{where}",)},
            "schedule_today": {"es": ("hoy",)},
        }
    )
)


def title(item: ScheduleItem) -> str:
    return item.title_in("en")


def place(item: ScheduleItem) -> str:
    return {"hall_a": "Hall A", "hall_b": "Hall B"}[item.venue]


def moments() -> list[datetime]:
    start = datetime(2025, 10, 15, 8, 0)
    return [start + timedelta(minutes=37 * step) for step in range(0, 400)]


def test_spanish_templates_with_spanish_numbers() -> None:
    spanish = SchedulePhrasing(SPANISH, "es")
    soon = spanish.when_phrase(CRASH_DAY1, datetime(2025, 10, 18, 9, 35), "Pabellón B", "el reto")
    assert soon == "el reto empieza dentro de veinticinco minutos en el Pabellón B"
    later = spanish.when_phrase(CRASH_DAY1, datetime(2025, 10, 18, 7, 0), "", "el reto")
    assert later == "el reto es hoy a las diez de la mañana"


def test_a_language_without_spoken_numbers_is_said_in_english() -> None:
    phrasing = SchedulePhrasing(SPANISH, "xx")
    assert phrasing.language == "en"
    assert phrasing.when_phrase(CRASH_DAY1, datetime(2025, 10, 18, 9, 35), "Hall B", "it") == (
        "it starts in twenty five minutes in Hall B"
    )


def test_the_bundled_english_templates_say_what_the_built_in_ones_say(kb: KnowledgeBase) -> None:
    bundled, built_in = SchedulePhrasing(kb.persona, "en"), SchedulePhrasing(Persona(), "en")
    programme = Programme(kb)
    start = datetime(2025, 10, 16, 8, 0)
    for now in (start + timedelta(minutes=53 * step) for step in range(0, 200)):
        for describe in ("describe_now", "describe_next"):
            said = getattr(bundled, describe)(programme, now, title, any_place)
            assert said == getattr(built_in, describe)(programme, now, title, any_place), (describe, now)


def test_the_bundled_templates_speak_every_language(kb: KnowledgeBase) -> None:
    programme = Programme(kb)
    now = datetime(2025, 10, 18, 9, 35)
    for language in kb.languages:
        phrasing = SchedulePhrasing(kb.persona, language)
        text = phrasing.describe_next(
            programme, now, partial(ScheduleItem.title_in, language=language), any_place
        )
        assert not any(char.isdigit() for char in text), (language, text)
        assert "{" not in text, (language, text)
    spanish = SchedulePhrasing(kb.persona, "es")
    assert spanish.describe_next(programme, now, lambda i: i.title_in("es"), any_place).startswith(
        "A continuación, "
    )


def any_place(item: ScheduleItem) -> str:
    return item.venue.replace("_", " ")
