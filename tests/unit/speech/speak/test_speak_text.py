"""clean_for_speech: markup, emoji and control characters go; symbols become words; long text is capped."""

from __future__ import annotations

import pytest

from robot_guide.speech.speak.text_for_speech import clean_for_speech


@pytest.mark.parametrize(
    ("raw", "spoken"),
    [
        ("R&D at 50% power", "R and D at 50 percent power"),
        ("**Hall B** is `open` now!!!", "Hall B is open now!"),
        ("Welcome 👋🏽 to the summit 🚗✨", "Welcome to the summit"),
        ("See <b>the map</b> at https://example.com/map today", "See the map at today"),
        ("Read [the schedule](https://x.y/z) please", "Read the schedule please"),
        ("Line one\nline two\ttab\x07bell", "Line one line two tab bell"),
        ("Chery Super Hybrid (CSH) is here.", "Chery Super Hybrid, CSH, is here."),
        ("Tiggo 9 — the flagship", "Tiggo 9, the flagship"),
        ("欢迎来到奇瑞国际用户峰会！", "欢迎来到奇瑞国际用户峰会!"),
        ('"; rm -rf / ; $(reboot)', "rm -rf /; reboot"),
        ("   ", ""),
        ("🎉🎉🎉", ""),
        ("Café zero\u200bwidth", "Café zerowidth"),
    ],
)
def test_cleans_text_for_speech(raw: str, spoken: str) -> None:
    assert clean_for_speech(raw) == spoken


@pytest.mark.parametrize(
    "raw",
    [
        "R&D at 50% power",
        "**Hall B** (left side) — open 9:00-18:00!!! 🚗",
        "a" * 1000,
        "One sentence. " * 100,
        '"; rm -rf / ; $(reboot)',
        "Tiggo 9 (CSH)",
    ],
)
def test_cleaning_is_idempotent(raw: str) -> None:
    once = clean_for_speech(raw)
    assert clean_for_speech(once) == once


def test_long_text_is_cut_at_a_sentence_end() -> None:
    text = "The summit runs from October 17 to 21. " * 40
    spoken = clean_for_speech(text, max_chars=200)
    assert len(spoken) <= 200
    assert spoken.endswith("21.")


def test_long_text_without_sentences_is_cut_at_a_word() -> None:
    spoken = clean_for_speech("word " * 100, max_chars=52)
    assert len(spoken) <= 52
    assert spoken.endswith("word.")
    assert "wor." not in spoken


def test_rejects_a_nonpositive_cap() -> None:
    with pytest.raises(ValueError, match="max_chars"):
        clean_for_speech("hello", max_chars=0)
