"""Real espeak-ng in the supervised worker: audio, voices, repeated use, hang/crash recovery, safety."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from espeak_faults import FaultyEspeakWorker

from robot_guide.speech.interfaces import Voice
from robot_guide.speech.speak.engines.espeak import EspeakSynthesizer, SynthesisError

pytest.importorskip(
    "pyttsx3", reason="pyttsx3 not installed (pip install pyttsx3; apt-get install espeak-ng)"
)

SENTENCE = "Welcome to the Chery International User Summit. The KOC forum is in Hall B."


@pytest.fixture(scope="module")
def synth() -> Iterator[EspeakSynthesizer]:
    with EspeakSynthesizer() as engine:
        yield engine


def gone(pid: int | None) -> bool:
    """The process no longer runs (a zombie waiting for a reaper counts as gone)."""
    assert pid is not None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))


def test_speaks_a_sentence_with_plausible_audio(synth: EspeakSynthesizer) -> None:
    audio = synth.synthesize(SENTENCE, Voice())
    assert audio.sample_rate == 22_050
    assert audio.samples.dtype == np.float32
    assert 3.0 < audio.seconds < 9.0  # 14 words at 175 wpm is about 5 s
    assert rms(audio.samples) > 0.02 and float(np.max(np.abs(audio.samples))) <= 1.0


def test_twenty_sentences_in_a_row_all_produce_audio(synth: EspeakSynthesizer) -> None:
    """pyttsx3 may speak only once in a long-lived process (a known pyttsx3 bug); one worker keeps going."""
    restarts_before, pid_before = synth.restarts, synth.worker_pid
    durations = [
        synth.synthesize(f"This is sentence number {i} of twenty.", Voice()).seconds for i in range(20)
    ]
    assert all(seconds > 1.0 for seconds in durations), durations
    assert synth.restarts == restarts_before and synth.worker_pid == pid_before


def test_slower_rate_gives_longer_audio(synth: EspeakSynthesizer) -> None:
    normal = synth.synthesize(SENTENCE, Voice(rate_wpm=175)).seconds
    slow = synth.synthesize(SENTENCE, Voice(rate_wpm=120)).seconds
    assert slow > normal * 1.2


def test_voices_by_language_and_id(synth: EspeakSynthesizer) -> None:
    assert len(synth.voices()) > 10
    assert synth.resolve_voice("zh").endswith("cmn")
    assert synth.resolve_voice("en-us") == "gmw/en-us"
    assert synth.resolve_voice("gmw/en-us") == "gmw/en-us"
    assert synth.resolve_voice("") == ""
    mandarin = synth.synthesize("欢迎来到奇瑞国际用户峰会", Voice("zh"))
    assert mandarin.seconds > 1.0 and rms(mandarin.samples) > 0.02


def test_unknown_voice_is_a_clear_error(synth: EspeakSynthesizer) -> None:
    with pytest.raises(SynthesisError, match=r"unknown espeak voice 'xx-nowhere'.*'zh'"):
        synth.synthesize("hello", Voice("xx-nowhere"))


def test_blank_text_gives_empty_audio_without_the_engine(synth: EspeakSynthesizer) -> None:
    assert synth.synthesize("  \n ", Voice()).samples.size == 0


def test_shell_metacharacters_are_spoken_literally_and_run_nothing(
    synth: EspeakSynthesizer, tmp_path: Path
) -> None:
    canary = tmp_path / "canary"
    text = f'"; rm -rf / ; $(reboot) `touch {canary}` $(touch {canary}) | touch {canary} & echo pwned'
    audio = synth.synthesize(text, Voice())
    assert audio.seconds > 2.0  # the symbols were read out, not executed
    assert not canary.exists()
    assert tmp_path.exists()


def test_a_hung_engine_is_killed_restarted_and_the_text_still_spoken(tmp_path: Path) -> None:
    hang_once = FaultyEspeakWorker("hang", str(tmp_path / "hung"))
    with EspeakSynthesizer(timeout_s=1.0, worker_main=hang_once) as engine:
        hung_pid = engine.worker_pid
        audio = engine.synthesize("Still speaking after a hang.", Voice())
        assert audio.seconds > 1.0 and rms(audio.samples) > 0.02
        assert engine.restarts == 1 and engine.worker_pid != hung_pid
        assert gone(hung_pid)  # the sleeping worker was really killed, not left behind
        assert engine.synthesize("And again.", Voice()).seconds > 0.5  # the fresh worker keeps serving


def test_a_crashed_engine_is_restarted_and_the_text_still_spoken(tmp_path: Path) -> None:
    crash_once = FaultyEspeakWorker("crash", str(tmp_path / "crashed"))
    with EspeakSynthesizer(timeout_s=2.0, worker_main=crash_once) as engine:
        crashed_pid = engine.worker_pid
        audio = engine.synthesize("Still speaking after a crash.", Voice())
        assert audio.seconds > 1.0
        assert engine.restarts == 1 and engine.worker_pid != crashed_pid and gone(crashed_pid)


def test_an_engine_that_goes_silent_is_restarted(tmp_path: Path) -> None:
    with EspeakSynthesizer(worker_main=FaultyEspeakWorker("silent", str(tmp_path / "silent"))) as engine:
        assert engine.synthesize("Not silent this time.", Voice()).seconds > 1.0
        assert engine.restarts == 1


def test_an_engine_that_keeps_crashing_raises_a_clear_error() -> None:
    with EspeakSynthesizer(timeout_s=2.0, worker_main=FaultyEspeakWorker("crash")) as engine:
        with pytest.raises(SynthesisError, match=r"after a restart.*exit code 70.*espeak-ng --version"):
            engine.synthesize("This will not work.", Voice())
        assert engine.restarts == 2


def test_the_pyttsx3_backend_also_speaks_repeatedly() -> None:
    with EspeakSynthesizer(backend="pyttsx3") as engine:
        durations = [engine.synthesize(f"Guest number {i}, welcome.", Voice()).seconds for i in range(5)]
        assert all(seconds > 1.0 for seconds in durations), durations
        assert engine.resolve_voice("zh").endswith("cmn")


def test_a_hung_worker_ends_when_its_parent_is_killed(tmp_path: Path) -> None:
    script = tmp_path / "parent.py"
    script.write_text(
        "import os, sys, threading, time\n"
        f"sys.path.insert(0, {str(Path(__file__).parent)!r})\n"
        "from espeak_faults import FaultyEspeakWorker\n"
        "from robot_guide.speech.interfaces import Voice\n"
        "from robot_guide.speech.speak.engines.espeak import EspeakSynthesizer\n"
        "if __name__ == '__main__':\n"
        "    engine = EspeakSynthesizer(timeout_s=60.0, worker_main=FaultyEspeakWorker('hang'))\n"
        "    print(engine.worker_pid, flush=True)\n"
        "    threading.Thread(target=engine.synthesize, args=('stuck', Voice()), daemon=True).start()\n"
        "    time.sleep(0.5)\n"
        "    os._exit(9)  # the parent dies without closing anything\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 9, done.stderr
    worker_pid = int(done.stdout.strip())
    deadline = time.monotonic() + 10.0
    while not gone(worker_pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert gone(worker_pid)


def test_close_ends_the_worker_process() -> None:
    engine = EspeakSynthesizer()
    pid = engine.worker_pid
    engine.close()
    assert gone(pid)
