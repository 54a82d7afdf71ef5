"""Programme answers relative to now: running, upcoming, ended, tomorrow, outside the summit days."""

from __future__ import annotations

from datetime import datetime

from test_dialogue_fixtures import make_kb

from robot_guide.guide.schedule import (
    Programme,
    event_days_words,
    is_outside,
    most_relevant,
)
from robot_guide.guide.schedule_i18n import SchedulePhrasing
from robot_guide.knowledge.model import KnowledgeBase, Persona, ScheduleItem

PROGRAMME = Programme(make_kb())
CRASH_DAY1 = next(i for i in PROGRAMME.items if i.id == "crash_day1")
# English with the built-in templates (a persona that has none of its own).
ENGLISH = SchedulePhrasing(Persona(), "en")


def title(item: ScheduleItem) -> str:
    return item.title_in("en")


def place(item: ScheduleItem) -> str:
    return {"hall_a": "Hall A", "hall_b": "Hall B"}[item.venue]


def test_when_phrase_before_during_after() -> None:
    cases = {
        datetime(2025, 10, 18, 9, 35): "it starts in twenty five minutes in Hall B",
        datetime(2025, 10, 18, 7, 0): "it is on today at ten a.m. in Hall B",
        datetime(2025, 10, 17, 15, 0): "it is on tomorrow at ten a.m. in Hall B",
        datetime(2025, 10, 16, 15, 0): "it is on Saturday, October eighteenth at ten a.m. in Hall B",
        datetime(
            2025, 10, 18, 10, 10
        ): "it started ten minutes ago in Hall B and runs until eleven thirty a.m.",
        datetime(2025, 10, 18, 12, 0): "it ended at eleven thirty a.m. in Hall B",
        datetime(2025, 10, 19, 8, 0): "it ended yesterday at eleven thirty a.m.",
    }
    for now, phrase in cases.items():
        assert ENGLISH.when_phrase(CRASH_DAY1, now, "Hall B", "it") == phrase


def test_most_relevant_of_a_repeated_session() -> None:
    both = PROGRAMME.by_title("crash challenge")
    assert [i.id for i in both] == ["crash_day1", "crash_day2"]
    assert most_relevant(both, datetime(2025, 10, 18, 10, 30)).id == "crash_day1"  # type: ignore[union-attr]
    assert most_relevant(both, datetime(2025, 10, 18, 12, 0)).id == "crash_day2"  # type: ignore[union-attr]
    assert most_relevant(both, datetime(2025, 10, 25, 12, 0)).id == "crash_day2"  # type: ignore[union-attr]
    assert PROGRAMME.by_title("moon landing") == []


def test_whats_on_now_and_next() -> None:
    during = datetime(2025, 10, 18, 10, 20)
    assert ENGLISH.describe_now(PROGRAMME, during, title, place) == (
        "Right now, the safety crash challenge started twenty minutes ago in Hall B"
        " and runs until eleven thirty a.m."
    )
    assert ENGLISH.describe_next(PROGRAMME, during, title, place) == (
        "Next, the KOC co-creation forum is on today at two p.m. in Hall A."
    )
    evening = datetime(2025, 10, 18, 20, 0)
    assert ENGLISH.describe_now(PROGRAMME, evening, title, place).startswith(
        "Nothing more is on today. Next, the safety"
    )
    assert ENGLISH.describe_next(PROGRAMME, datetime(2025, 10, 21, 21, 0), title, place).startswith(
        "That was the last"
    )


def test_outside_the_event_days() -> None:
    items = PROGRAMME.items
    assert is_outside(items, datetime(2025, 10, 16, 12, 0))
    assert not is_outside(items, datetime(2025, 10, 17, 8, 0))
    assert not is_outside(items, datetime(2025, 10, 21, 23, 0))
    assert is_outside(items, datetime(2025, 10, 22, 0, 1))
    assert is_outside((), datetime(2025, 10, 18, 12, 0))
    assert event_days_words(items) == {
        "first_day": "October seventeenth",
        "last_day": "twenty first",
        "days": "October seventeenth to twenty first",
    }


def test_title_lookup_needs_every_content_word_of_the_question(kb: KnowledgeBase) -> None:
    """A session is named only when the question's words are in its title: no guessing from "the"."""
    from robot_guide.guide.schedule import Programme

    programme = Programme(kb)

    def ids(name: str) -> set[str]:
        return {item.id.rsplit("_day", 1)[0] for item in programme.by_title(name)}

    assert ids("the bar") == set()
    assert ids("the bar open tonight") == set()
    assert ids("lunch") == set()  # not "launch"
    assert ids("the koc forum") == {"koc_forum"}
    assert ids("crash challenges") == {"crash_challenge"}
    assert ids("the opening ceremony") == {"opening_ecosystem_launch"}
