"""The language decision's pure rules: when English stands, the served shares, and the rescoring."""

from __future__ import annotations

import math

import pytest

from robot_guide.speech.listen.engines.language_choice import (
    LanguageRule,
    candidates,
    choose,
    english_looks_sure,
    english_stands,
    english_unsure,
    likeliest,
    look_window_s,
    required_share,
    shares,
)
from robot_guide.speech.listen.engines.multilingual import SCRIPT_CUES, without_recited_cue

RULE = LanguageRule(english_sure_logprob=-0.55, english_min_logprob=-0.8, candidates=2)


@pytest.mark.parametrize(
    ("avg_logprob", "ratio", "stands", "unsure"),
    [
        (-0.2, 1.1, True, False),  # fluent English: base never runs
        (-0.55, 1.1, True, False),  # the sure threshold itself is English
        (-0.7, 1.1, False, True),  # plausible English: base only checks English is likeliest
        (-0.8, 1.1, False, True),
        (-0.95, 1.1, False, False),  # not English unless base finds nothing else
        (-0.3, 3.0, False, False),  # a loop is no evidence of English however fluent
    ],
)
def test_the_english_pass_stands_checks_or_yields(
    avg_logprob: float, ratio: float, stands: bool, unsure: bool
) -> None:
    assert english_stands(avg_logprob, ratio, RULE) is stands
    assert english_unsure(avg_logprob, ratio, RULE) is unsure


def test_shares_keep_only_served_languages_best_first_and_sum_to_one() -> None:
    ranked = shares({"en": 0.5, "es": 0.1, "pt": 0.3, "fr": 0.1}, ("es", "pt", "zh"))
    assert list(ranked) == ["pt", "es"]
    assert math.isclose(sum(ranked.values()), 1.0)
    assert math.isclose(ranked["pt"], 0.75)
    assert shares({"fr": 1.0}, ("es",)) == {}


def test_likeliest_counts_english_only_when_asked_to() -> None:
    probabilities = {"en": 0.6, "es": 0.3, "ru": 0.1}
    assert likeliest(probabilities, ("en", "es", "ru")) == "en"
    assert likeliest(probabilities, ("es", "ru")) == "es"
    assert likeliest({}, ("es",)) == "en"


def test_candidates_are_the_best_few_and_at_least_one() -> None:
    ranked = {"es": 0.6, "pt": 0.3, "ru": 0.1}
    assert candidates(ranked, RULE) == ["es", "pt"]
    assert candidates(ranked, LanguageRule(candidates=0)) == ["es"]
    assert candidates({}, RULE) == []


def test_a_language_too_far_behind_to_win_is_not_decoded() -> None:
    # Even a decode 1.5 nats more fluent could not make up a share 20 times smaller.
    ranked = {"zh": 0.95, "ja": 0.05 * 0.95}
    assert candidates(ranked, RULE) == ["zh"]
    assert choose(ranked, {"zh": -2.0, "ja": -0.5}) == "zh"


def test_a_far_more_fluent_decode_outweighs_a_smaller_share() -> None:
    ranked = {"es": 0.6, "pt": 0.4}
    # Portuguese read as Spanish is halting; the same clip decoded as Portuguese reads well.
    assert choose(ranked, {"es": -1.2, "pt": -0.5}) == "pt"
    # Two decodes about as fluent: the identification's share decides.
    assert choose(ranked, {"es": -0.8, "pt": -0.75}) == "es"


def test_choose_needs_a_decoded_language() -> None:
    with pytest.raises(ValueError, match="decoded language"):
        choose({"es": 1.0}, {})


def test_a_decode_that_recites_the_script_cue_is_no_transcript() -> None:
    cue = SCRIPT_CUES["zh"]
    assert without_recited_cue("来吧, 以下是普通话的句子。", cue) == ""
    assert without_recited_cue("请问洗手间在哪儿。", cue) == "请问洗手间在哪儿。"
    assert without_recited_cue("¿Dónde están los baños?", "") == "¿Dónde están los baños?"


def test_a_switch_away_from_the_language_heard_last_needs_the_higher_share() -> None:
    rule = LanguageRule(min_language_confidence=0.5, switch_min_language_confidence=0.8)
    assert required_share("ar", None, rule) == 0.5  # nothing heard yet
    assert required_share("es", "es", rule) == 0.5  # the guest's own language
    assert required_share("ar", "en", rule) == 0.8  # a switch
    assert required_share("ar", "en", LanguageRule(min_language_confidence=0.9)) == 0.9  # the floor holds


def test_the_short_look_settles_english_only_for_a_guest_not_heard_in_another_language() -> None:
    rule = LanguageRule(english_look_share=0.93)
    look = {"en": 0.96, "ru": 0.03, "es": 0.01}
    assert english_looks_sure(look, None, rule)  # a new guest
    assert english_looks_sure(look, "en", rule)  # an English guest
    # A guest just heard in Russian: base hears espeak Russian as English, so the full path decides.
    assert not english_looks_sure(look, "ru", rule)
    assert not english_looks_sure({"en": 0.9, "ar": 0.1}, "en", rule)  # under the share
    assert english_looks_sure({"en": 0.93, "ar": 0.07}, None, rule)  # the share itself is enough
    assert not english_looks_sure({"es": 1.0}, None, rule)  # English not even a candidate


def test_the_look_covers_the_audio_with_a_floor_and_the_full_window_as_ceiling() -> None:
    rule = LanguageRule(look_window_s=5.0)
    assert look_window_s(7.1, 0.5, rule, 30.0) == pytest.approx(7.6)  # a long question: audio + pad
    assert look_window_s(2.5, 0.5, rule, 30.0) == 5.0  # a short question: the floor
    assert look_window_s(45.0, 0.5, rule, 30.0) == 30.0  # long audio: Whisper's window at most
