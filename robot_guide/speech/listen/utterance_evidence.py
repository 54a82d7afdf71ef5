"""What the microphone said about an utterance (voiced time, the robot audible, echo-like), and whether an
unsure transcript of it deserves "could you say that again?"."""

from __future__ import annotations

from dataclasses import dataclass

from robot_guide.speech.interfaces import Transcript
from robot_guide.speech.settings import check_bounds, setting

# Half the voiced time: a guest who talks through the robot's last words is still mostly a guest.
MAJORITY = 0.5


@dataclass(frozen=True)
class AcousticEvidence:
    """Seconds of one utterance's voiced frames: all, those during the robot's playback (or its echo
    window), and those not clearly louder than the robot's expected echo."""

    voiced_s: float = 0.0
    robot_audible_s: float = 0.0
    echo_like_s: float = 0.0
    reference: bool = False  # the listener had the robot's playback as a reference at all

    def robot_audible(self) -> bool:
        return self.voiced_s > 0.0 and self.robot_audible_s >= MAJORITY * self.voiced_s

    def sounds_like_echo(self) -> bool:
        """Acoustic evidence of echo: mostly during the robot's playback and mostly no louder than it."""
        return self.robot_audible() and self.echo_like_s >= MAJORITY * self.voiced_s

    def text_check_applies(self) -> bool:
        """Compare the words with the robot's only when the sound says it may be the robot; without any
        playback reference there is no such evidence and the words are all there is."""
        return not self.reference or self.sounds_like_echo()


class EvidenceTally:
    """Adds up the evidence frame by frame for the utterance in progress (one thread)."""

    def __init__(self) -> None:
        self._voiced = self._audible = self._echo_like = 0.0

    def start(self) -> None:
        self._voiced = self._audible = self._echo_like = 0.0

    def add(self, frame_s: float, audible: bool, echo_like: bool) -> None:
        self._voiced += frame_s
        self._audible += frame_s if audible else 0.0
        self._echo_like += frame_s if echo_like else 0.0

    def snapshot(self, reference: bool) -> AcousticEvidence:
        return AcousticEvidence(self._voiced, self._audible, self._echo_like, reference)


@dataclass(frozen=True)
class RepeatRequestConfig:
    """When words were clearly said to the robot but the recogniser is unsure of them: ask, once."""

    enabled: bool = setting(
        True,
        "ask the guest to repeat (a not_heard reply) when clear speech got an unsure transcript",
        parameter="ask_to_repeat",
    )
    min_voiced_s: float = setting(
        0.6,
        "seconds of voice an unsure utterance needs to be worth asking again (shorter: a cough)",
        parameter="repeat_min_voiced_s",
        low=0.0,
    )
    min_dbfs: float = setting(
        -40.0,
        "loudness (dBFS, <= 0) an unsure utterance needs to be worth asking again (quieter: far away)",
        parameter="repeat_min_dbfs",
        high=0.0,
    )
    min_avg_logprob: float = setting(
        -2.0,
        "avg_logprob below which the transcript is noise, not unsure words: nothing is asked",
        parameter="repeat_min_avg_logprob",
    )
    once_s: float = setting(
        30.0,
        "seconds after asking during which another unsure utterance is not asked about again",
        parameter="repeat_once_s",
        low=0.0,
    )

    def __post_init__(self) -> None:
        check_bounds(self, "repeat request")


class RepeatRequestPolicy:
    """should_ask() for an utterance the guards dropped; ask once, until something is heard again."""

    def __init__(self, config: RepeatRequestConfig) -> None:
        self.config = config
        self._asked_at: float | None = None

    def heard(self) -> None:
        """A transcript was kept: the next unsure one may be asked about again."""
        self._asked_at = None

    def should_ask(
        self, transcript: Transcript, unsure: bool, evidence: AcousticEvidence, dbfs: float, t: float
    ) -> bool:
        """unsure: the guards dropped the transcript as words not understood (see guards.unsure_reading)."""
        cfg = self.config
        if not cfg.enabled or not unsure or evidence.sounds_like_echo():
            return False
        if evidence.voiced_s < cfg.min_voiced_s or dbfs < cfg.min_dbfs:
            return False
        if transcript.avg_logprob < cfg.min_avg_logprob:
            return False
        if self._asked_at is not None and t - self._asked_at < cfg.once_s:
            return False
        self._asked_at = t
        return True
