"""Self-hearing filter: the robot must not answer its own voice (gate while speaking, echo text check)."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from robot_guide.speech.listen.guards import normalise_words


@dataclass(frozen=True)
class SelfHearingConfig:
    tail_s: float = 0.3  # the gate stays closed this long after the robot stops (room reverb, buffers)
    echo_window_s: float = 10.0  # robot words older than this (after it stopped saying them) are forgotten
    echo_threshold: float = 85.0  # rapidfuzz score (0-100) at or above which a transcript is an echo
    min_echo_words: int = 3  # shorter transcripts must match a whole robot sentence, not a part of it


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
