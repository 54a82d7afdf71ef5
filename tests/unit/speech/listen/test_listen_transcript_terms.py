"""The KB term correction applied to what asr_node publishes: names fixed, ordinary speech left alone."""

from __future__ import annotations

import re

import pytest

from robot_guide.contracts.status import SpeechCatalogue
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.knowledge.speech_catalog import speech_catalogue
from robot_guide.knowledge.vocabulary import misheard_variants, transcript_terms_catalog
from robot_guide.speech.listen.transcript_terms import TermCorrector


@pytest.fixture(scope="module")
def correct(kb: KnowledgeBase) -> TermCorrector:
    return TermCorrector.from_catalog(transcript_terms_catalog(kb))


@pytest.mark.parametrize(
    ("heard", "published"),
    [
        # Whisper tiny.en's writings seen in benchmarks/speech.json.
        ("What is the i-mOGa robot?", "What is the AiMOGA robot?"),
        ("What is the iMOGA robot?", "What is the AiMOGA robot?"),
        ("What does C-SH mean?", "What does CSH mean?"),
        ("Where is the K O C forum", "Where is the KOC forum"),
        ("Is Chery on the Forge China list?", "Is Chery on the Forbes China list?"),
        ("Tell me about Cherry's new cars", "Tell me about Chery's new cars"),
        ("what is the sherry super hybrid", "what is the Chery super hybrid"),
        # espeak's "Chery" heard as a real word, where the sentence asks for the name.
        ("How many cars did Keria export on road?", "How many cars did Chery export on road?"),
        ("What records does Kari set this year?", "What records does Chery set this year?"),
        ("Is Kerry on the Forbes China list?", "Is Chery on the Forbes China list?"),
        ("Is Chery on the Forum's China list?", "Is Chery on the Forbes China list?"),
    ],
)
def test_misheard_names_get_the_kb_spelling(correct: TermCorrector, heard: str, published: str) -> None:
    assert correct(heard) == published


@pytest.mark.parametrize(
    "sentence",
    [
        "Can you carry my bag to the car?",  # "carry" is what espeak's "Chery" sounds like, but a real word
        "Who will carry the bags to the car park?",
        "Is carry on luggage allowed at the summit?",
        "Did you carry the new car to Hall A?",
        "Does Kerry have a booth?",
        "Where is the forum?",
        "I like cheese and cherries.",
        "Where is Hall B?",  # a venue name is never a near-miss of another one ("Hall A")
        "What is the wifi password?",
        "explain the super hybrid tech",  # a paraphrase of CSH, not a mishearing of it
        "any new seven seat suvs",
        "How did Chery do in the Kantar ranking?",
        "",
    ],
)
def test_ordinary_speech_and_correct_names_stay_as_they_are(correct: TermCorrector, sentence: str) -> None:
    assert correct(sentence) == sentence


def test_kb_answers_change_only_where_they_spell_an_acronym_out(
    kb: KnowledgeBase, correct: TermCorrector
) -> None:
    """The answers are written by the content team: the fuzzy step must not move any of their words."""
    answers = [entry.answers["en"] for entry in kb.entries if "en" in entry.answers]
    assert answers
    for answer in answers:
        # "K O C" is written for the speech synthesiser; a transcript writes the acronym.
        joined = re.sub(r"\b([A-Z]) ([A-Z]) ([A-Z])\b", r"\1\2\3", answer)
        assert correct(answer) == joined


def test_only_sound_alike_synonyms_become_corrections(kb: KnowledgeBase) -> None:
    variants = misheard_variants(kb)
    assert "cherry" in variants["Chery"] and "k o c" in variants["KOC"]
    # Synonyms by meaning stay with the matcher: a guest who says them must be quoted as they said it.
    assert "key opinion consumer" not in variants["KOC"]
    assert "super hybrid" not in variants.get("CSH", [])


def test_a_malformed_catalog_gives_a_corrector_that_changes_nothing() -> None:
    for catalog in ({}, {"vocabulary": "Chery", "misheard": ["cherry"]}, {"vocabulary": [3, None]}):
        correct = TermCorrector.from_catalog(catalog)
        assert correct("Tell me about Cherry") == "Tell me about Cherry"


def test_the_catalog_round_trips_through_json(kb: KnowledgeBase) -> None:
    catalogue = SpeechCatalogue.from_json(speech_catalogue(kb, asr_prompt="").to_json())
    assert TermCorrector(catalogue.vocabulary, catalogue.misheard)("a mogga robot") == "AiMOGA robot"


def test_every_served_language_gets_a_prompt_ending_in_its_own_place_names(kb: KnowledgeBase) -> None:
    prompts = speech_catalogue(kb, asr_prompt="").prompts
    assert list(prompts) == list(kb.languages)
    for language in kb.languages[1:]:
        places = [venue.names[language][0] for venue in kb.venues.values() if venue.names.get(language)]
        assert prompts[language].endswith(", ".join(places) + "."), language
    assert "洗手间" in prompts["zh"] and "洗手间" not in prompts["en"]


def test_kb_questions_stay_as_guests_ask_them(kb: KnowledgeBase, correct: TermCorrector) -> None:
    """The sound-alike step must not move a word of the content team's own guest questions; only the KB's
    own misheard spellings and letter-by-letter acronyms change."""
    questions = [q for entry in kb.entries for q in entry.questions.get("en", ())]
    assert questions
    moved = [q for q in questions if correct(q).casefold() != q.casefold()]
    assert all(re.search(r"\b(?:cherry|kok|ai moga|\w \w \w)\b", q.casefold()) for q in moved)


def test_the_catalogue_carries_the_name_contexts(kb: KnowledgeBase) -> None:
    catalogue = SpeechCatalogue.from_json(speech_catalogue(kb, "Chery.").to_json())
    correct = TermCorrector(
        catalogue.vocabulary, catalogue.misheard, catalogue.name_before, catalogue.name_cues
    )
    assert correct("How many cars did Keria export?") == "How many cars did Chery export?"
