"""When a score is good enough to answer, when to ask back, and how recogniser doubt raises the bar."""

from __future__ import annotations

from dataclasses import dataclass

from robot_guide.matching.result import Candidate, Decision

# Rule for speech: below ASR_CONFIDENT, every missing point of recogniser confidence raises the answer
# threshold by ASR_PENALTY points (confidence 0.3 -> +0.15). Typed text (None) is taken as certain.
ASR_CONFIDENT = 0.6
ASR_PENALTY = 0.5


@dataclass(frozen=True)
class Thresholds:
    """`answer`: the top entry's score must reach it; `clarify_margin`: a closer runner-up makes us ask."""

    answer: float
    clarify_margin: float = 0.0

    def required(self, asr_confidence: float | None) -> float:
        if not isinstance(asr_confidence, int | float) or asr_confidence != asr_confidence:
            return self.answer  # typed text (None) or an unusable value: no recogniser doubt to account for
        confidence = min(max(float(asr_confidence), 0.0), 1.0)
        return self.answer + ASR_PENALTY * max(0.0, ASR_CONFIDENT - confidence)


def decide(
    candidates: tuple[Candidate, ...], thresholds: Thresholds, asr_confidence: float | None = None
) -> tuple[Decision, str]:
    """The decision for ranked candidates (best first) and the reason, in words for logs."""
    if not candidates:
        return Decision.FALLBACK, "no candidate"
    top = candidates[0]
    required = thresholds.required(asr_confidence)
    if top.score < required:
        note = (
            f" (raised from {thresholds.answer:.3f} for asr confidence {asr_confidence})"
            if required != thresholds.answer
            else ""
        )
        return Decision.FALLBACK, f"best score {top.score:.3f} below {required:.3f}{note}"
    if len(candidates) > 1 and top.score - candidates[1].score < thresholds.clarify_margin:
        return Decision.CLARIFY, f"runner-up {candidates[1].entry_id} within {thresholds.clarify_margin:.3f}"
    return Decision.ANSWER, f"score {top.score:.3f} >= {required:.3f}"
