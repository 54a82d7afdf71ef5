"""Speech benchmark scoring: word error rate, domain-term accuracy, percentiles and target verdicts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from robot_guide.bench.speech.domain_terms import count_terms, scoring_terms, term_hits, term_variants
from robot_guide.bench.speech.report import TARGETS, Target, judge
from robot_guide.bench.speech.wer import ErrorCount, word_errors, words
from robot_guide.bench.stats import percentile, summarize

TERMS = ("AiMOGA", "Chery", "Chery Super Hybrid", "CSH", "KOC", "KOC co-creation forum", "Tiggo 9", "A馆")


def test_words_normalise_case_punctuation_and_hyphens() -> None:
    assert words("Co-Create, New MOVE!") == ["co", "create", "new", "move"]
    assert words("What's the K.O.C.?") == ["what's", "the", "k", "o", "c"]


def test_word_errors_counts_substitutions_insertions_and_deletions() -> None:
    assert word_errors("the long journey home", "The long journey home.") == (0, 4)
    assert word_errors("the long journey home", "a long journey") == (2, 4)  # one substitution, one deletion
    assert word_errors("a b", "a x b y") == (2, 2)  # insertions can push a clip's WER past 100 %


def test_error_count_is_a_ratio_of_sums_not_a_mean_of_ratios() -> None:
    count = ErrorCount()
    count.add("one", "two")  # 100 % on one word
    count.add("a b c d e f g h i", "a b c d e f g h i")  # 0 % on nine words
    assert (count.edits, count.words) == (1, 10)
    assert count.percent == pytest.approx(10.0)
    assert ErrorCount().percent == 0.0


def test_term_variants_spell_out_short_acronyms_only() -> None:
    assert set(term_variants("CSH")) == {"csh", "c s h", "c sh", "cs h"}
    forum = set(term_variants("KOC co-creation forum"))
    assert {"koc co creation forum", "k o c co creation forum", "k oc co creation forum"} <= forum
    assert len(forum) == 4 and all(v.endswith(" co creation forum") for v in forum)
    assert term_variants("Chery") == ("chery",)
    assert term_variants("Tiggo 9") == ("tiggo 9",)


def test_scoring_terms_are_latin_and_longest_first() -> None:
    ordered = scoring_terms(TERMS)
    assert "A馆" not in ordered
    assert ordered.index("Chery Super Hybrid") < ordered.index("Chery")
    assert ordered.index("KOC co-creation forum") < ordered.index("KOC")


def test_count_terms_does_not_count_a_term_inside_a_longer_one() -> None:
    found = count_terms("Tell me about Chery Super Hybrid, and Chery exports.", scoring_terms(TERMS))
    assert found == {"Chery Super Hybrid": 1, "Chery": 1}


def test_count_terms_is_whole_word_and_counts_adjacent_repeats() -> None:
    ordered = scoring_terms(TERMS)
    assert count_terms("a cherry pie", ordered) == {}  # "Chery" is not inside "cherry"
    assert count_terms("koc koc", ordered) == {"KOC": 2}


def test_term_hits_case_insensitive_and_spelled_acronyms() -> None:
    ordered = scoring_terms(TERMS)
    assert term_hits("What does CSH mean?", "what does c.s.h. mean", ordered) == (1, 1)
    assert term_hits("What does CSH mean?", "What does C-SH mean?", ordered) == (1, 1)
    assert term_hits("What does CSH mean?", "What does the SH mean?", ordered) == (0, 1)
    assert term_hits("Where is the KOC forum", "Where is the K-O-C forum?", ordered) == (1, 1)
    assert term_hits("What is the AiMOGA robot?", "What is the AI Moga robot?", ordered) == (0, 1)
    heard = "tell me about cherry super hybrid"
    assert term_hits("Tell me about Chery Super Hybrid", heard, ordered) == (0, 1)
    assert term_hits("Hello there", "hello there", ordered) == (0, 0)


def test_term_hits_never_exceed_the_reference_count() -> None:
    ordered = scoring_terms(TERMS)
    assert term_hits("Is Chery here", "Chery Chery Chery", ordered) == (1, 1)
    assert term_hits("Chery and Chery", "Chery", ordered) == (1, 2)


@pytest.mark.parametrize("q", [0, 5, 50, 90, 95, 99, 100])
def test_percentile_matches_numpy_linear(q: float) -> None:
    values = [0.31, 0.2, 0.9, 0.45, 0.41, 0.38, 1.7, 0.33]
    assert percentile(values, q) == pytest.approx(float(np.percentile(values, q)))


def test_percentile_edge_cases() -> None:
    assert math.isnan(percentile([], 50))
    assert percentile([0.4], 95) == 0.4
    with pytest.raises(ValueError, match=r"0\.\.100"):
        percentile([1.0], 101)


def test_summarize_reports_null_not_zero_when_nothing_was_measured() -> None:
    assert summarize([]) == {"p50": None, "p95": None, "max": None, "n": 0}
    summary = summarize([0.4, 0.5, 0.6, 2.0])
    assert summary["p50"] == 0.55 and summary["max"] == 2.0 and summary["n"] == 4
    assert summary["p95"] == pytest.approx(float(np.percentile([0.4, 0.5, 0.6, 2.0], 95)), abs=1e-3)


def test_targets_pass_fail_and_not_measured() -> None:
    assert Target("x", "<=", 0.5, "s").check(0.5) is True
    assert Target("x", "<=", 0.5, "s").check(0.51) is False
    assert Target("x", ">=", 95.0, "%").check(94.9) is False
    assert Target("x", "<=", 0.5, "s").check(None) is None
    assert Target("x", "<=", 0.5, "s").check(float("nan")) is None
    report = {
        "eos_to_audio_p50_s": 0.28,
        "eos_to_audio_p95_s": 0.6,
        "cut_off_rate": 2.5,
        "answered_rate": 98.0,
        "wer_real": 2.0,
        "false_barge_ins": 0,
        "rss_mb": 650.0,
    }
    verdicts = {v["key"]: v["pass"] for v in judge(report)}
    assert verdicts == {
        "eos_to_audio_p50_s": True,
        "eos_to_audio_p95_s": False,
        "cut_off_rate": False,
        "answered_rate": True,
        "wer_real": True,
        "domain_term_accuracy": None,
        "barge_in_success_at_0_5": None,
        "false_barge_ins": True,
        "rss_mb": True,
    }
    assert [t.key for t in TARGETS] == list(verdicts)
