"""Barge-in through the robot's own echo: the real listener (VAD, canceller, recogniser) in fast time, the
echo low-passed, delayed and reverberant as in the simulator's hall, with and without a guest talking over."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from robot_guide.speech.interfaces import SAMPLE_RATE, AudioArray, Transcriber

GAINS = (0.1, 0.3, 0.5)
DELAYS_S = (0.03, 0.06, 0.12)
LOWPASS_HZ = 4000.0
REVERB_S = 0.15
GUEST_AT_S = (1.5, 4.0)  # into the robot's answer: the canceller still adapting, then settled
# robot/audio_out reaching asr_node after the chunk played, as on a loaded machine (two node sets on 2 cores
# delivered it up to 0.19 s late); measured at the loudest echo gain.
LATE_FAR_END_S = (0.05, 0.15)
LATE_FAR_END_GAIN = 0.5
CHUNK = 512
ROOM_NOISE = 3e-4  # -70 dBFS
# A long answer, as the robot says it, and guests talking over it (sim/audio, espeak-ng).
ANSWER = (
    "The opening and brand ecosystem launch is on October seventeenth at ten in the morning. The exhibition "
    "is open every day, and the closing ceremony is on October twenty first at four in the afternoon."
)
GUESTS = {
    "excuse_me_coffee.wav": "coffee",
    "sorry_exit.wav": "exit",
    "stop_wait.wav": "toilets",
    "where_is_the_crash_challenge.wav": "crash",
}


@dataclass(frozen=True)
class Trial:
    gain: float
    delay_s: float
    guest: str  # "" = the echo alone
    guest_at_s: float
    barge_in_after_s: float | None  # after the guest's onset (or the answer's start for the echo alone)
    heard: tuple[str, ...]
    guest_s: float = 0.0  # how long the guest talks
    far_end_late_s: float = 0.0  # how long after playing each chunk reached the listener as its far end

    def stopped_the_robot(self) -> bool:
        """The robot stopped while the guest was still talking (not after talking over the whole question)."""
        return self.barge_in_after_s is not None and 0.0 <= self.barge_in_after_s <= self.guest_s

    def succeeded(self) -> bool:
        """Stopped in time, and the guest's question was heard (its key word in what was heard)."""
        key = GUESTS.get(self.guest, "")
        return self.stopped_the_robot() and any(key in heard.lower() for heard in self.heard)


def run_trial(
    transcriber: Transcriber,
    robot: AudioArray,
    gain: float,
    delay_s: float,
    guest: AudioArray | None,
    guest_at_s: float,
    prompt: str = "",
    far_end_late_s: float = 0.0,
) -> tuple[float | None, tuple[str, ...]]:
    """(seconds from the guest's onset to the barge-in, what was heard). The robot says the answer twice,
    a second apart, the guest talking over the second (a robot that has been talking: its canceller and
    echo coupling already measured); it stops within one chunk of a barge-in, as the tts node does. Each
    played chunk reaches the listener as its far end far_end_late_s after it plays."""
    from robot_guide.sim.echo_path import EchoPath, impulse_response
    from robot_guide.speech.listen.config import ListenerConfig
    from robot_guide.speech.listen.listener import BargeIn, Heard, Listener, ListenerEvent

    events: list[ListenerEvent] = []
    listener = Listener(transcriber, ListenerConfig(), events.append)
    listener.set_prompt(prompt)  # the knowledge base's names, as asr_node listens
    path = EchoPath(impulse_response(gain, LOWPASS_HZ, REVERB_S))
    t0, start, delay = 5_000.0, SAMPLE_RATE, round(delay_s * SAMPLE_RATE)
    gap = np.zeros(SAMPLE_RATE, dtype=np.float32)
    played = np.concatenate([robot, gap, robot])
    second = start + robot.size + gap.size
    total = start + played.size + delay + 3 * SAMPLE_RATE
    mic = (np.random.default_rng(5).standard_normal(total) * ROOM_NOISE).astype(np.float32)
    onset = second + int(guest_at_s * SAMPLE_RATE)
    if guest is not None:
        mic[onset : onset + guest.size] += guest[: max(0, total - onset)]
    echo = np.zeros(total + CHUNK, dtype=np.float32)
    speaking, stopped_at = False, None
    late = round(far_end_late_s * SAMPLE_RATE)
    in_flight: list[tuple[int, AudioArray, float]] = []  # far-end chunks on their way: (arrival, chunk, t)
    for begin in range(0, total - CHUNK + 1, CHUNK):
        position = begin - start
        t_begin = t0 + begin / SAMPLE_RATE
        before = sum(isinstance(e, BargeIn) for e in events)
        out = played[position : position + CHUNK] if 0 <= position < played.size else np.zeros(0, np.float32)
        in_gap = robot.size <= position < robot.size + gap.size
        if out.size and stopped_at is None and not in_gap:
            if not speaking:
                listener.set_robot_speaking(True, t_begin)
                speaking = True
            in_flight.append((begin + late, out, t_begin))
            at = begin + delay
            echo[at : at + out.size] += path.process(out)[: max(0, echo.size - at)]
        elif speaking:
            listener.set_robot_speaking(False, t_begin)
            speaking = False
            tail = path.flush()
            at = begin + delay
            echo[at : at + tail.size] += tail[: max(0, echo.size - at)]
        while in_flight and in_flight[0][0] <= begin:
            _, chunk, t_played = in_flight.pop(0)
            listener.feed_reference(chunk, t_played)  # may free waiting mic frames: a barge-in can come here
        listener.feed(mic[begin : begin + CHUNK] + echo[begin : begin + CHUNK], t_begin + CHUNK / SAMPLE_RATE)
        if stopped_at is None and sum(isinstance(e, BargeIn) for e in events) > before:
            stopped_at = begin + CHUNK
    listener.wait_idle(60.0)
    listener.close()
    heard = tuple(e.transcript.text for e in events if isinstance(e, Heard))
    reference = onset if guest is not None else start  # the echo alone: any barge-in in either answer
    return (None if stopped_at is None else (stopped_at - reference) / SAMPLE_RATE), heard


def echo_sweep(audio_dir: Path, say: Callable[[str], None], prompt: str = "") -> dict[str, Any]:
    """Every gain x delay: the echo alone (a barge-in is a false one) and each guest at each onset, the
    recogniser prompted with `prompt` (asr_node's: the knowledge base's names)."""
    from robot_guide.speech.audio import load_audio, resample
    from robot_guide.speech.interfaces import Voice
    from robot_guide.speech.listen.engines.faster_whisper import FasterWhisperTranscriber
    from robot_guide.speech.speak.engines.espeak import EspeakSynthesizer

    with EspeakSynthesizer() as engine:
        spoken = engine.synthesize(ANSWER, Voice())
    robot = resample(spoken.samples, spoken.sample_rate, SAMPLE_RATE)
    guests = {name: load_audio(audio_dir / name) for name in GUESTS if (audio_dir / name).exists()}
    transcriber = FasterWhisperTranscriber()
    trials: list[Trial] = []
    for gain in GAINS:
        trials += _trials(transcriber, robot, guests, gain, prompt, 0.0)
        say(f"echo gain {gain}: done")
    summary = summarise(trials)
    late_trials: list[Trial] = []
    for late_s in LATE_FAR_END_S:
        late_trials += _trials(transcriber, robot, guests, LATE_FAR_END_GAIN, prompt, late_s)
        say(f"far end {late_s} s late: done")
    summary["late_far_end"] = summarise_late(late_trials)
    return summary


def _trials(
    transcriber: Transcriber,
    robot: AudioArray,
    guests: dict[str, AudioArray],
    gain: float,
    prompt: str,
    far_end_late_s: float,
) -> list[Trial]:
    """At one echo gain, every delay: the echo alone, and each guest at each onset."""
    trials: list[Trial] = []
    for delay_s in DELAYS_S:
        after, heard = run_trial(transcriber, robot, gain, delay_s, None, 0.0, prompt, far_end_late_s)
        trials.append(Trial(gain, delay_s, "", 0.0, after, heard, 0.0, far_end_late_s))
        for name, guest in guests.items():
            for at in GUEST_AT_S:
                after, heard = run_trial(transcriber, robot, gain, delay_s, guest, at, prompt, far_end_late_s)
                guest_s = guest.size / SAMPLE_RATE
                trials.append(Trial(gain, delay_s, name, at, after, heard, guest_s, far_end_late_s))
    return trials


def summarise(trials: list[Trial]) -> dict[str, Any]:
    by_gain = {
        f"{gain:g}": _row([t for t in trials if t.gain == gain]) for gain in sorted({t.gain for t in trials})
    }
    return {
        "gains": list(GAINS),
        "delays_s": list(DELAYS_S),
        "lowpass_hz": LOWPASS_HZ,
        "reverb_s": REVERB_S,
        "guest_at_s": list(GUEST_AT_S),
        "success": "the robot stopped while the guest was still talking, and heard the guest's key word",
        "by_gain": by_gain,
        "false_barge_ins": sum(t.barge_in_after_s is not None for t in trials if not t.guest),
        "misses": [
            f"gain {t.gain:g}, delay {t.delay_s:g} s, {t.guest} at {t.guest_at_s:g} s: "
            + ("no barge-in" if t.barge_in_after_s is None else f"barge-in after {t.barge_in_after_s:.2f} s")
            + f", heard {list(t.heard)}"
            for t in trials
            if t.guest and not t.succeeded()
        ],
    }


def summarise_late(trials: list[Trial]) -> dict[str, Any]:
    """One row per far-end lateness, at LATE_FAR_END_GAIN, over every delay, guest and onset."""
    lateness = sorted({t.far_end_late_s for t in trials})
    by_late = {f"{late:g}": _row([t for t in trials if t.far_end_late_s == late]) for late in lateness}
    return {"gain": LATE_FAR_END_GAIN, "by_late_s": by_late}


def _row(trials: list[Trial]) -> dict[str, Any]:
    """Barge-in success, stops in time and decision time over the guests; what the echo alone did."""
    guests = [t for t in trials if t.guest]
    alone = [t for t in trials if not t.guest]
    hits = [t for t in guests if t.succeeded()]
    stopped = [t for t in guests if t.stopped_the_robot()]
    return {
        "barge_in_success": round(100.0 * len(hits) / len(guests), 1) if guests else None,
        "stopped_in_time": round(100.0 * len(stopped) / len(guests), 1) if guests else None,
        "trials": len(guests),
        "false_barge_ins": sum(t.barge_in_after_s is not None for t in alone),
        "echo_heard": sum(len(t.heard) for t in alone),
        "echo_trials": len(alone),
        "decide_p50_s": _median([t.barge_in_after_s for t in stopped]),
    }


def _median(values: list[float | None]) -> float | None:
    kept = sorted(v for v in values if v is not None)
    return round(kept[len(kept) // 2], 3) if kept else None
