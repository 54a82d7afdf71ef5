"""Speech benchmark: published vs raw domain terms, the per-term table, the measured node configuration."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from robot_guide.bench.nodeset_probe import NodeSetProbe
from robot_guide.bench.speech.asr_scoring import score_synth
from robot_guide.bench.speech.report import markdown
from robot_guide.bench.speech.speech_set import Condition, Question, SpokenQuestion, VoiceSpec
from robot_guide.speech.interfaces import AudioArray, Transcriber, Transcript

TERMS = ("AiMOGA", "Chery", "KOC")


class ScriptedTranscriber(Transcriber):
    """Returns what a recogniser wrote for each clip, keyed by the clip's first sample."""

    def __init__(self, heard: dict[float, str]) -> None:
        self.heard = heard

    def transcribe(self, audio: AudioArray, prompt: str | None = None) -> Transcript:
        return Transcript(text=self.heard[round(float(audio[0]), 3)], decode_seconds=0.1)


def spoken(text: str, voice: str, marker: float) -> SpokenQuestion:
    samples = np.full(1_600, marker, np.float32)
    condition = Condition(VoiceSpec(voice, ""), 170)
    return SpokenQuestion(Question(text, "extra"), condition, samples, 0, samples.size)


def test_terms_are_scored_on_the_published_text_and_on_the_recogniser_alone() -> None:
    clips = [
        spoken("Tell me about Chery and the KOC forum", "espeak", 0.1),
        spoken("What is the AiMOGA robot", "piper", 0.2),
    ]
    recogniser = ScriptedTranscriber(
        {0.1: "Tell me about Cherry and the Kelsey forum", 0.2: "What is the AiMOGA robot"}
    )
    score = score_synth(
        recogniser, clips, "", TERMS, 170, correct=lambda text: text.replace("Cherry", "Chery")
    )
    assert (score.raw_term_hits, score.term_hits, score.term_total) == (1, 2, 3)
    assert score.by_term == {"Chery": [0, 1, 1], "KOC": [0, 0, 1], "AiMOGA": [1, 1, 1]}
    assert score.raw_terms_by_factor["voice"] == {"espeak default": 0, "piper default": 1}
    # The miss keeps both texts, so the content team sees what the correction could not fix.
    assert score.term_misses == [
        {
            "said": "Tell me about Chery and the KOC forum",
            "heard": "Tell me about Chery and the Kelsey forum",
            "raw": "Tell me about Cherry and the Kelsey forum",
            "condition": "espeak default, 170 wpm, clean",
        }
    ]


def report(voices: dict[str, Any]) -> dict[str, Any]:
    return {
        "date": "2026-11-29 13:00 UTC",
        "command": "robot-guide bench speech",
        "machine": {"cpu": "AMD EPYC", "cores": 2, "load_avg": [2.0, 2.1, 2.2]},
        "model": {
            "name": "tiny.en",
            "compute_type": "int8",
            "cpu_threads": 2,
            "beam_size": 1,
            "fast_window": 1,
        },
        "runs": 1,
        "targets": [],
        "turns": {"asked": 0, "answered": 0, "missed": []},
        "stages": {},
        "real": {"clips": 0, "words": 0},
        "synth": {"clips": 2},
        "decode_median_s": {"real": None, "synth": 0.1},
        "wer_real": None,
        "wer_synth": 10.0,
        "wer_synth_by": {},
        "domain_term_accuracy": 66.67,
        "domain_terms": {
            "hits": 2,
            "total": 3,
            "raw_accuracy": 33.33,
            "by": {"voice": voices},
            "by_term": {"Chery": {"raw_hits": 0, "hits": 1, "total": 2}},
        },
        "rss_by_node": {},
        "node_params": {"dialogue_node": {"matcher": "lexical"}},
        "notes": [],
    }


def test_markdown_shows_each_term_the_human_like_voice_and_the_matcher() -> None:
    text = markdown(report({"piper default": {"accuracy": 100.0, "total": 1}}))
    assert "| Chery | 2 | 50 | 0 |" in text
    assert "Human-like voice only: piper default 100 % of 1." in text
    assert "the recogniser alone (KB prompt, before the KB term correction) 33.33 %" in text
    assert "dialogue_node matcher=lexical" in text
    without_piper = markdown(report({"espeak en-us": {"accuracy": 50.0, "total": 2}}))
    assert "Human-like voice: not measured in this run (piper not installed)" in without_piper


def test_the_node_set_is_measured_as_installed_by_default(tmp_path: Path) -> None:
    assert NodeSetProbe(tmp_path / "log").params["dialogue_node"]["matcher"] == "semantic"
    chosen = NodeSetProbe(tmp_path / "log", {"dialogue_node": {"matcher": "lexical"}})
    assert chosen.params["dialogue_node"]["matcher"] == "lexical"
