"""Sound-alike names put back only where the sentence asks for the name (pure logic, hand-made contexts)."""

from __future__ import annotations

import pytest

from robot_guide.speech.listen.name_slots import NameSlots, sound_key

BEFORE = {"Chery": ("did", "does", "is", "about", "^")}
CUES = {"Chery": ("export", "records", "forbes")}


@pytest.mark.parametrize("word", ["Chery", "carry", "Kari", "Kerry", "Keri", "Keria", "cherry", "Sherry"])
def test_what_whisper_writes_for_chery_sounds_like_it(word: str) -> None:
    assert sound_key(word) == sound_key("Chery")


@pytest.mark.parametrize("word", ["care", "core", "country", "camera", "cherries", "Terry", "chair"])
def test_other_words_do_not_sound_like_chery(word: str) -> None:
    assert sound_key(word) != sound_key("Chery")


def slots(sentence: str) -> list[tuple[int, str]]:
    return [(slot.first, slot.name) for slot in NameSlots(BEFORE, CUES)(sentence.lower().split())]


def test_a_sound_alike_in_the_name_s_place_with_a_cue_is_the_name() -> None:
    assert slots("how many cars did carry export") == [(4, "Chery")]
    assert slots("is kari on the forbes china list") == [(1, "Chery")]
    assert slots("what record does kari set") == [(3, "Chery")]  # the cue "records" in the singular


@pytest.mark.parametrize(
    "sentence",
    [
        "did you carry the records",  # not right after a word that comes before the name
        "did carry the records",  # its own object follows: a verb
        "does kerry have a booth",  # no word of the sentence comes with the name
        "did chery export more",  # already the name
    ],
)
def test_without_every_piece_of_evidence_the_word_stays(sentence: str) -> None:
    assert slots(sentence) == []


def test_known_words_and_names_without_context_are_never_rewritten() -> None:
    assert NameSlots(BEFORE, CUES, known={"kari"})(["is", "kari", "on", "the", "forbes", "list"]) == []
    assert NameSlots(BEFORE, {})(["did", "carry", "export"]) == []
    slots_for = NameSlots(BEFORE, CUES)
    assert slots_for.cued("Chery", {"export"}) and not slots_for.cued("Chery", {"bag"})
