"""Normalisation of spoken and typed questions: confusions, numbers, contractions, fillers, synonyms."""

from __future__ import annotations

import pytest

from robot_guide.matching.normalize import MAX_INPUT_CHARS, Normalizer, clean_text, normalize


@pytest.mark.parametrize(
    ("heard", "canonical"),
    [
        ("Where is the Cherry booth?", "where is the chery booth"),
        ("a mogga", "aimoga"),
        ("Ai Moga", "aimoga"),
        ("AiMOGA", "aimoga"),
        ("a i mogul", "aimoga"),
        ("AI Mo-Goro Bot", "aimoga robot"),
        ("tell me about c s h", "tell me about csh"),
        ("C.S.H. hybrid", "csh hybrid"),
        ("the k o c forum", "the koc forum"),
        ("wifi", "wifi"),
        ("Wi-Fi password", "wifi password"),
        ("wi fi", "wifi"),
    ],
)
def test_domain_asr_confusions_map_to_one_spelling(heard: str, canonical: str) -> None:
    assert normalize(heard) == canonical


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("is there a seven seater", "is there a 7 seater"),
        ("is there a seven-seater", "is there a 7-seater"),
        ("the summit in twenty twenty five", "the summit in 2025"),
        ("two thousand and twenty five", "2025"),
        ("October seventeenth", "october 17th"),
        ("twenty first of october", "21st of october"),
        ("tiggo nine", "Tiggo 9"),
    ],
)
def test_numbers_in_words_and_digits_are_the_same(left: str, right: str) -> None:
    assert normalize(left) == normalize(right)


def test_second_alone_stays_a_word() -> None:
    assert normalize("the second day") == "the second day"
    assert normalize("twenty second") == "22"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Where's the exit?", "where is the exit"),
        ("what’s on today", "what is on today"),
        ("I can't find it", "i can not find it"),
        ("they don't know", "they do not know"),
        ("Chery's booth", "chery booth"),
        ("we're lost", "we are lost"),
    ],
)
def test_contractions_expand(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("um, uh, where is the toilet please", "where is the toilet"),
        ("so, you know, can you tell me when lunch is", "when lunch is"),
        ("excuse me, where is like the exit", "where is the exit"),
        ("hey, I was wondering where the stage is", "where the stage is"),
    ],
)
def test_fillers_are_stripped(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_content_words_survive_filler_stripping() -> None:
    assert normalize("what is it like") == "what is it like"  # "like" here is content
    assert normalize("I would like a coffee") == "i would like a coffee"
    assert normalize("so is the show good") == "is the show good"  # only a leading "so" is a filler
    assert normalize("please") == "please"  # all-filler input keeps its words instead of vanishing


def test_kb_synonyms_map_variants_including_multi_word() -> None:
    normalizer = Normalizer({"restroom": ["toilet", "wash room", "loo"], "csh": ["chery super hybrid"]})
    assert normalizer("where is the wash room") == "where is the restroom"
    assert normalizer("where is the LOO") == "where is the restroom"
    assert normalizer("tell me about Chery Super Hybrid") == "tell me about csh"
    assert normalizer("bathroom") == "bathroom"


def test_clean_text_caps_and_removes_control_characters() -> None:
    assert len(clean_text("a" * 100_000)) == MAX_INPUT_CHARS
    assert clean_text("where\x00is\x1bthe exit") == "where is the exit"
    assert clean_text(None) == ""
    assert clean_text("ＣＨＥＲＹ") == "chery"  # NFKC folds full-width letters


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("whats new", "what is new"),
        ("wheres the exit", "where is the exit"),
        ("i cant find it", "i can not find it"),
        ("it doesnt work", "it does not work"),
        ("im lost", "i am lost"),
        ("its battery", "its battery"),  # possessive "its" is a word of its own
    ],
)
def test_contractions_typed_without_apostrophe(typed: str, expected: str) -> None:
    assert normalize(typed) == expected


def test_apostrophe_or_not_gives_the_same_words() -> None:
    assert normalize("whats new") == normalize("what's new")
    assert normalize("wheres the exit") == normalize("where's the exit")


def test_spoken_emphasis_words_are_fillers() -> None:
    assert normalize("so who are chery exactly") == "who are chery"
    assert normalize("what actually happens there") == "what happens there"
    assert normalize("really") == "really"  # an all-filler question keeps its words
