"""Every listening setting in one place: the listener's sections, and their flat view as node parameters."""

from __future__ import annotations

from dataclasses import dataclass, field

from robot_guide.speech.listen.barge_in import BargeInConfig
from robot_guide.speech.listen.echo_canceller import EchoCancellerConfig
from robot_guide.speech.listen.echo_reference import EchoReferenceConfig
from robot_guide.speech.listen.endpointing import EndpointerConfig
from robot_guide.speech.listen.guards import GuardConfig
from robot_guide.speech.listen.self_hearing import SelfHearingConfig
from robot_guide.speech.listen.turn_end import TurnEndConfig
from robot_guide.speech.listen.utterance_evidence import RepeatRequestConfig
from robot_guide.speech.settings import (
    Parameter,
    ParameterValue,
    build,
    check_bounds,
    parameters_of,
    setting,
)


@dataclass(frozen=True)
class ListenerConfig:
    """The listener's stages, each with its own config; a new stage adds a section here, and its exposed
    fields become ASR node parameters with their descriptions (see listener_parameters)."""

    # Endpointing first: where a parameter sets fields in several sections, the first one's doc describes it.
    endpointing: EndpointerConfig = field(default_factory=EndpointerConfig)
    turn_end: TurnEndConfig = field(default_factory=TurnEndConfig)
    speculative: bool = setting(
        True,
        "decode during the short pause (pause_s), so the reply can start when the end is confirmed",
        parameter="speculative",
    )
    guards: GuardConfig = field(default_factory=GuardConfig)
    self_hearing: SelfHearingConfig = field(default_factory=SelfHearingConfig)
    # The echo reference is what the robot plays (robot/audio_out): mic frames not clearly louder than the
    # expected echo are silence for the endpointer and never count toward a barge-in.
    echo_reference: bool = setting(
        True,
        "use the robot's playback (robot/audio_out) to tell its echo from a guest; no playback = no effect",
        parameter="echo_reference",
    )
    echo: EchoReferenceConfig = field(default_factory=EchoReferenceConfig)
    # Cancellation first, then the echo-level check on what is left (the second line).
    aec: EchoCancellerConfig = field(default_factory=EchoCancellerConfig)
    repeat_request: RepeatRequestConfig = field(default_factory=RepeatRequestConfig)
    barge_in: BargeInConfig = field(default_factory=BargeInConfig)
    # Bounded backlog: if decoding falls behind, the oldest waiting utterances are dropped (Ignored).
    max_pending_utterances: int = setting(
        3,
        "utterances waiting for the recogniser at most; older ones are dropped if decoding falls behind",
        parameter="max_pending_utterances",
        low=1,
    )

    def __post_init__(self) -> None:
        check_bounds(self, "listener")

    @classmethod
    def from_parameters(cls, **values: ParameterValue) -> ListenerConfig:
        """The config from flat parameter values (names as listener_parameters() gives them)."""
        config: ListenerConfig = build(cls, values)
        return config


def listener_parameters() -> tuple[Parameter, ...]:
    """Every exposed listening setting: name, default, description, and the fields it sets."""
    return parameters_of(ListenerConfig)
