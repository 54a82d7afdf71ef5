"""Venue lookup by the name a guest used: names, aliases, synonyms, misspellings; None when unknown."""

from __future__ import annotations

import pytest
from test_dialogue_fixtures import make_kb

from robot_guide.guide.directions import VenueFinder
from robot_guide.guide.lines import Lines, fill
from robot_guide.knowledge.model import Persona

FINDER = VenueFinder(make_kb())


@pytest.mark.parametrize(
    ("place", "venue"),
    [
        ("hall b", "hall_b"),
        ("Hall B", "hall_b"),
        ("crash challenge arena", "hall_b"),
        ("loo", "restrooms"),
        ("toilets", "restrooms"),
        ("bathroom", "restrooms"),
        ("exibition hall", "expo_hall"),
        ("expo", "expo_hall"),
        ("hall_a", "hall_a"),
    ],
)
def test_finds_venues(place: str, venue: str) -> None:
    found = FINDER.find(place)
    assert found is not None and found.id == venue


@pytest.mark.parametrize("place", ["hall c", "swimming pool", "", "   ", "x" * 5000, "\x00"])
def test_unknown_places_are_none(place: str) -> None:
    assert FINDER.find(place) is None


def test_route_depends_on_the_robots_post() -> None:
    hall_b = FINDER.venue("hall_b")
    assert hall_b is not None
    assert hall_b.route_from("east_gate", "en") == "From the east gate, follow the blue carpet to Hall B."
    assert hall_b.route_from("nowhere", "en") == "Hall B is behind me, past the registration desk."


def test_lines_rotate_and_fall_back_to_built_in_english() -> None:
    lines = Lines(make_kb().persona)
    assert [lines.pick("greeting", "en") for _ in range(3)] == [
        "Hello and welcome!",
        "Hi there, welcome!",
        "Hello and welcome!",
    ]
    assert lines.pick("unknown_place", "zh", place="the pool").startswith(
        "Sorry, I don't know where the pool is"
    )
    assert lines.pick("clarify", "en", first="A") == "Did you mean A, or {second}?"
    assert fill("broken {", {"x": "y"}) == "broken {"
    assert Lines(Persona()).pick("no_such_kind", "en") == ""
