"""Hallucination guards on transcripts."""

from __future__ import annotations

import dataclasses

import pytest

from robot_guide.speech.interfaces import Transcript
from robot_guide.speech.listen.guards import (
    GuardConfig,
    apply_guards,
    check_transcript,
    normalise_words,
    one_copy,
)

GOOD = Transcript(
    text="Where is the AiMOGA robot?",
    avg_logprob=-0.2,
    no_speech_prob=0.05,
    compression_ratio=1.1,
    seconds=2.0,
)


def test_good_transcript_is_kept_unchanged() -> None:
    assert apply_guards(GOOD, audio_dbfs=-20.0) is GOOD


@pytest.mark.parametrize(
    ("changes", "dbfs", "reason"),
    [
        ({"no_speech_prob": 0.9, "avg_logprob": -0.7}, -20.0, "no speech"),
        ({"avg_logprob": -1.4}, -20.0, "low confidence"),
        ({"compression_ratio": 3.1}, -20.0, "repetitive"),
        ({"seconds": 0.1}, -20.0, "too short"),
        ({"text": "  ...  "}, -20.0, "no words"),
        ({}, -70.0, "too quiet"),
        ({"text": "Thank you."}, -20.0, "phantom"),
        ({"text": "[Music]"}, -20.0, "phantom"),
        ({"text": "Thanks for watching!"}, -20.0, "phantom"),
        ({"text": "you"}, -20.0, "phantom"),
        ({"text": "Okay, thank you for watching", "seconds": 0.6}, -20.0, "phantom phrase in short"),
    ],
)
def test_guard_rejects_with_reason(changes: dict[str, object], dbfs: float, reason: str) -> None:
    import dataclasses

    transcript = dataclasses.replace(GOOD, **changes)  # type: ignore[arg-type]
    guarded = apply_guards(transcript, audio_dbfs=dbfs)
    assert guarded.text == ""
    assert reason in guarded.rejected


def test_phantom_inside_a_real_sentence_in_loud_long_audio_is_kept() -> None:
    import dataclasses

    transcript = dataclasses.replace(GOOD, text="Thank you, where is the KOC forum?", seconds=2.5)
    assert check_transcript(transcript, audio_dbfs=-20.0) == ""


def test_whole_phantom_can_be_allowed_by_config() -> None:
    import dataclasses

    transcript = dataclasses.replace(GOOD, text="Thank you!", seconds=1.5)
    assert check_transcript(transcript, -20.0, GuardConfig(drop_phantom_utterances=False)) == ""


def test_high_no_speech_with_confident_words_is_kept() -> None:
    import dataclasses

    # Whisper's own rule: a confident decode overrides the no-speech token.
    transcript = dataclasses.replace(GOOD, no_speech_prob=0.8, avg_logprob=-0.1)
    assert check_transcript(transcript, -20.0) == ""


def test_normalise_words() -> None:
    assert normalise_words("  [Music] Thank-you…  ") == "music thank you"


def test_another_language_has_its_own_confidence_floor() -> None:
    import dataclasses

    config = GuardConfig(min_avg_logprob=-1.0, other_language_min_avg_logprob=-1.5)
    russian = dataclasses.replace(GOOD, text="Где медпункт?", language="ru", avg_logprob=-1.2)
    assert check_transcript(russian, -20.0, config) == ""
    assert "low confidence" in check_transcript(dataclasses.replace(russian, avg_logprob=-1.6), -20.0, config)
    english = dataclasses.replace(GOOD, avg_logprob=-1.2)
    assert "low confidence" in check_transcript(english, -20.0, config)


def test_a_question_written_twice_is_kept_once() -> None:
    """tiny.en wrote "Where can I get food?" twice through the node set (bench speech --languages); the loop
    guard then dropped the guest's question."""
    doubled = dataclasses.replace(GOOD, text="Where can I get food? Where can I get food?")
    kept = apply_guards(doubled, audio_dbfs=-20.0)
    assert kept.text == "Where can I get food?" and not kept.rejected
    assert one_copy("Where can I get food? where can I get food") == "Where can I get food?"
    # Chinese has no spaces between words: still one sentence written twice.
    assert one_copy("请问洗手间在哪里？请问洗手间在哪里？") == "请问洗手间在哪里？"
    # Two different sentences, a short one repeated, or one sentence: unchanged.
    assert one_copy("Where is Hall B? Where is Hall A?") == "Where is Hall B? Where is Hall A?"
    assert one_copy("KOC. KOC. KOC.") == "KOC. KOC. KOC."
    assert one_copy("Where is the exit?") == "Where is the exit?"
    assert apply_guards(dataclasses.replace(GOOD, text="KOC. KOC. KOC. KOC."), -20.0).rejected
