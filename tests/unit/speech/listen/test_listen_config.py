"""Listener settings: every field says what it means, the flat parameter view sets the right sections."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from robot_guide.speech.listen.config import ListenerConfig, listener_parameters
from robot_guide.speech.settings import parameters_of, setting

# The ASR node's parameter names: params files and launch arguments use them, so they must not change.
NODE_PARAMETERS = {
    "start_threshold", "end_threshold", "pause_s", "end_silence_s", "preroll_s", "min_speech_s",
    "max_utterance_s", "speculative", "no_speech_prob", "no_speech_logprob", "min_avg_logprob",
    "max_compression_ratio", "min_speech_dbfs", "drop_phantom_utterances", "robot_tail_s", "echo_window_s",
    "echo_threshold", "echo_reference", "echo_max_delay_s", "echo_margin_db", "echo_hold_margin_db",
    "echo_initial_coupling_db", "barge_in", "barge_in_dbfs", "barge_in_speech_threshold", "barge_in_min_s",
    "barge_in_phrase_gap_s", "barge_in_phrase_min_s", "max_pending_utterances",
    "adaptive_end", "complete_end_silence_s", "unfinished_end_silence_s", "rejoin_s", "max_repeats",
    "loop_share", "prompt_echo_share", "aec", "aec_filter_s", "aec_preprocess", "ask_to_repeat",
    "repeat_min_voiced_s", "repeat_min_dbfs", "repeat_min_avg_logprob", "repeat_once_s",
    "other_language_min_avg_logprob", "mic_clock_hold_s", "aec_join_s",
    "aec_reference_wait_s", "aec_converged_db",
    "barge_in_raw_margin_db", "phrase_loop_repeats",
    "aec_converged_window_s",
}  # fmt: skip


def all_fields(config_type: type) -> list[tuple[str, dataclasses.Field[Any]]]:
    found = []
    for field in dataclasses.fields(config_type):
        nested = field.default_factory
        if nested is not dataclasses.MISSING and dataclasses.is_dataclass(nested):
            found += [(f"{field.name}.{name}", inner) for name, inner in all_fields(nested)]  # type: ignore[arg-type]
        else:
            found.append((field.name, field))
    return found


def test_the_parameters_keep_the_node_names_and_the_defaults() -> None:
    parameters = listener_parameters()
    assert {p.name for p in parameters} == NODE_PARAMETERS
    assert len(parameters) == len(NODE_PARAMETERS)
    assert ListenerConfig.from_parameters(**{p.name: p.default for p in parameters}) == ListenerConfig()


def test_every_setting_has_a_real_description() -> None:
    for path, field in all_fields(ListenerConfig):
        if dataclasses.is_dataclass(field.default_factory):
            continue
        doc = str(field.metadata.get("doc", ""))
        assert len(doc.split()) >= 6, f"{path}: {doc!r}"
        assert not doc.startswith("listener setting"), path
    docs = [p.doc for p in listener_parameters()]
    assert len(set(docs)) == len(docs)  # no copied, generic text


def test_one_parameter_sets_every_field_that_shares_it() -> None:
    config = ListenerConfig.from_parameters(preroll_s=0.5, min_speech_s=0.4, robot_tail_s=0.1, barge_in=False)
    assert config.endpointing.preroll_s == config.barge_in.preroll_s == 0.5
    assert config.endpointing.min_speech_s == config.guards.min_speech_s == 0.4
    assert config.self_hearing.tail_s == 0.1 and not config.barge_in.enabled
    assert config.echo == ListenerConfig().echo  # untouched sections keep their defaults


def test_an_unknown_parameter_names_the_allowed_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown setting end_silence; allowed: start_threshold, "):
        ListenerConfig.from_parameters(end_silence=0.3)


def test_a_value_out_of_bounds_names_the_field_and_its_parameter() -> None:
    with pytest.raises(
        ValueError, match=r"self-hearing tail_s \(parameter robot_tail_s\) must not be negative"
    ):
        ListenerConfig.from_parameters(robot_tail_s=-0.5)
    with pytest.raises(
        ValueError, match=r"barge-in min_dbfs \(parameter barge_in_dbfs\) must be <= 0, got 3"
    ):
        ListenerConfig.from_parameters(barge_in_dbfs=3.0)


def test_fields_sharing_a_parameter_must_share_a_default() -> None:
    @dataclasses.dataclass(frozen=True)
    class Inner:
        wait_s: float = setting(0.2, "seconds to wait before the inner stage acts", parameter="wait_s")

    @dataclasses.dataclass(frozen=True)
    class Outer:
        inner: Inner = dataclasses.field(default_factory=Inner)
        wait_s: float = setting(0.3, "seconds to wait before the outer stage acts", parameter="wait_s")

    with pytest.raises(TypeError, match="share parameter wait_s"):
        parameters_of(Outer)
