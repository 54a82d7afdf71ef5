"""Offline recognition scores: WER of real and synthesised speech, domain-term accuracy, decode time."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from robot_guide.bench.speech.domain_terms import count_terms, scoring_terms, term_hits
from robot_guide.bench.speech.real_clips import Clip
from robot_guide.bench.speech.speech_set import SpokenQuestion
from robot_guide.bench.speech.wer import ErrorCount, word_errors
from robot_guide.speech.interfaces import Transcriber

Progress = Callable[[Iterable[Any]], Iterable[Any]]


@dataclass
class RealScore:
    errors: ErrorCount = field(default_factory=ErrorCount)
    decode_s: list[float] = field(default_factory=list)
    mistakes: list[dict[str, str]] = field(default_factory=list)


@dataclass
class SynthScore:
    errors: ErrorCount = field(default_factory=ErrorCount)
    by_factor: dict[str, dict[str, ErrorCount]] = field(default_factory=lambda: defaultdict(dict))
    term_hits: int = 0
    term_total: int = 0
    terms_by_factor: dict[str, dict[str, list[int]]] = field(default_factory=lambda: defaultdict(dict))
    term_misses: list[dict[str, str]] = field(default_factory=list)
    decode_s: list[float] = field(default_factory=list)
    raw_term_hits: int = 0  # the recogniser's own text, before the KB term correction
    # term -> [hits in the raw text, hits in the corrected text, occurrences said]
    by_term: dict[str, list[int]] = field(default_factory=dict)
    raw_terms_by_factor: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))

    @property
    def domain_term_accuracy(self) -> float:
        return 100.0 * self.term_hits / self.term_total if self.term_total else 0.0

    @property
    def raw_domain_term_accuracy(self) -> float:
        return 100.0 * self.raw_term_hits / self.term_total if self.term_total else 0.0


def score_real(
    transcriber: Transcriber,
    clips: Sequence[Clip],
    prompt: str,
    progress: Progress = lambda x: x,
    correct: Callable[[str], str] = lambda text: text,
) -> RealScore:
    """WER of the published text (after the KB term correction, which must not hurt ordinary speech)."""
    from robot_guide.speech.audio import load_audio

    score = RealScore()
    for clip in progress(clips):
        result = transcriber.transcribe(load_audio(clip.path), prompt=prompt or None)
        score.decode_s.append(result.decode_seconds)
        heard = correct(result.text)
        if score.errors.add(clip.transcript, heard):
            score.mistakes.append({"file": clip.path.name, "heard": heard, "said": clip.transcript})
    return score


def score_synth(
    transcriber: Transcriber,
    spoken: Sequence[SpokenQuestion],
    prompt: str,
    terms: Sequence[str],
    centre_rate: int,
    progress: Progress = lambda x: x,
    correct: Callable[[str], str] = lambda text: text,
) -> SynthScore:
    """WER overall and per voice, speed (clean takes) and noise (at the centre rate): one factor at a time.

    Scores the text asr_node publishes (`correct` = its KB term correction) and, for the terms, also the
    recogniser's raw text, so the two levers show separately.
    """
    ordered = scoring_terms(terms)
    score = SynthScore()
    for item in progress(spoken):
        result = transcriber.transcribe(item.samples, prompt=prompt or None)
        score.decode_s.append(result.decode_seconds)
        reference = item.question.text
        heard = correct(result.text)
        raw_hits, _ = term_hits(reference, result.text, ordered)
        score.raw_term_hits += raw_hits
        _tally_terms(score.by_term, reference, result.text, heard, ordered)
        edits, count = word_errors(reference, heard)
        score.errors.add_counts(edits, count)
        condition = item.condition
        factors = {"voice": condition.voice.label}
        if condition.noise.snr_db is None:
            factors["speed"] = f"{condition.rate_wpm} wpm"
        if condition.rate_wpm == centre_rate:
            factors["noise"] = condition.noise.label
        for factor, level in factors.items():
            score.by_factor[factor].setdefault(level, ErrorCount()).add_counts(edits, count)
        hits, total = term_hits(reference, heard, ordered)
        score.term_hits += hits
        score.term_total += total
        for factor, level in factors.items():
            tally = score.terms_by_factor[factor].setdefault(level, [0, 0])
            tally[0] += hits
            tally[1] += total
            raw = score.raw_terms_by_factor[factor]
            raw[level] = raw.get(level, 0) + raw_hits
        if hits < total:
            score.term_misses.append(
                {"said": reference, "heard": heard, "raw": result.text, "condition": condition.label}
            )
    return score


def _tally_terms(
    by_term: dict[str, list[int]], reference: str, raw: str, corrected: str, ordered: Sequence[str]
) -> None:
    wanted = count_terms(reference, ordered)
    raw_found, found = count_terms(raw, ordered), count_terms(corrected, ordered)
    for term, count in wanted.items():
        tally = by_term.setdefault(term, [0, 0, 0])
        tally[0] += min(count, raw_found[term])
        tally[1] += min(count, found[term])
        tally[2] += count


def decode_summary(seconds: Sequence[float]) -> float | None:
    return round(statistics.median(seconds), 3) if seconds else None
