"""Self-hearing filter: the robot must not answer its own voice (gate while speaking, echo text check)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from robot_guide.speech.listen.guards import normalise_words
from robot_guide.speech.settings import check_bounds, setting


@dataclass(frozen=True)
class SelfHearingConfig:
    tail_s: float = setting(
        0.3,
        "seconds the microphone stays closed after the robot stops speaking (room reverb, buffers)",
        parameter="robot_tail_s",
        low=0.0,
    )
    echo_window_s: float = setting(
        10.0,
        "seconds the robot's words are remembered (after it said them) for the echo text check",
        parameter="echo_window_s",
        low=0.0,
    )
    echo_threshold: float = setting(
        85.0,
        "text similarity (0-100) at or above which a transcript is the robot's own words, dropped",
        parameter="echo_threshold",
        low=0.0,
        high=100.0,
    )
    min_echo_words: int = setting(
        3, "transcripts with fewer words must match a whole robot sentence, not a part of it", low=1
    )

    def __post_init__(self) -> None:
        check_bounds(self, "self-hearing")


@dataclass
class _Said:
    words: str
    t: float  # when it was said, moved to the stop time if the robot was still speaking it


class SelfHearingFilter:
    """(a) gate_open(t): False while the robot speaks and for tail_s after; (b) echo_score(text, t)."""

    def __init__(self, config: SelfHearingConfig | None = None) -> None:
        self.config = config or SelfHearingConfig()
        self._speaking = False
        self._stopped_at = float("-inf")
        self._said: deque[_Said] = deque(maxlen=64)

    @property
    def robot_speaking(self) -> bool:
        return self._speaking

    def set_robot_speaking(self, speaking: bool, t: float) -> None:
        if self._speaking and not speaking:
            self._stopped_at = t
            # Words noted while speaking could still echo until the window after the robot went quiet.
            for said in self._said:
                said.t = max(said.t, t)
        self._speaking = speaking

    def gate_open(self, t: float) -> bool:
        return not self._speaking and t >= self._stopped_at + self.config.tail_s

    def note_robot_words(self, text: str, t: float) -> None:
        words = normalise_words(text)
        if words:
            self._said.append(_Said(words, t))

    def echo_score(self, text: str, t: float) -> float:
        """Best similarity (0-100) of `text` to what the robot said within the window."""
        from rapidfuzz import fuzz

        heard = normalise_words(text)
        if not heard:
            return 0.0
        recent = [s.words for s in self._said if self._speaking or t - s.t <= self.config.echo_window_s]
        if not recent:
            return 0.0
        short = len(heard.split()) < self.config.min_echo_words
        best = 0.0
        for said in recent:
            # A guest's short "yes" is inside many robot sentences: short text must match a whole sentence.
            score = (
                fuzz.ratio(heard, said)
                if short
                else max(
                    fuzz.partial_ratio(heard, said),
                    fuzz.token_set_ratio(heard, said) if len(heard) <= len(said) else 0.0,
                )
            )
            best = max(best, float(score))
        return best

    def is_echo(self, text: str, t: float) -> bool:
        return self.echo_score(text, t) >= self.config.echo_threshold
