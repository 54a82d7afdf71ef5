"""Echo reference with synthetic speech-like signals: echo alone is never speech, a louder guest is."""

from __future__ import annotations

import numpy as np
import pytest

from robot_guide.speech.audio import rms_dbfs
from robot_guide.speech.listen.echo_reference import EchoReference, EchoReferenceConfig

RATE = 16_000
FRAME = 512
FRAME_S = FRAME / RATE
T0 = 5_000.0


def speechlike(seconds: float, seed: int, level: float = 0.2) -> np.ndarray:
    """Noise under a syllable-rate envelope (4 Hz) with short pauses: loud and quiet frames like speech."""
    rng = np.random.default_rng(seed)
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    envelope = np.abs(np.sin(2 * np.pi * 2.0 * t)) ** 2  # 4 syllables a second, deep dips between them
    envelope *= 0.4 + 0.6 * (rng.random() + np.sin(2 * np.pi * 0.37 * t) ** 2) / 2  # slow level drift
    return (rng.standard_normal(n) * envelope * level).astype(np.float32)


def frames(audio: np.ndarray) -> list[np.ndarray]:
    return [audio[i : i + FRAME] for i in range(0, audio.size - FRAME + 1, FRAME)]


def delayed(audio: np.ndarray, gain: float, delay_s: float, total: int) -> np.ndarray:
    out = np.zeros(total, dtype=np.float32)
    start = round(delay_s * RATE)
    take = max(0, min(audio.size, total - start))
    out[start : start + take] = audio[:take] * gain
    return out


def run(
    reference: np.ndarray,
    mic: np.ndarray,
    config: EchoReferenceConfig | None = None,
    echo: EchoReference | None = None,
    t0: float = T0,
) -> tuple[EchoReference, list[bool]]:
    """Feed the playback in 32 ms chunks and the mic frame by frame; the verdicts 'above the echo'."""
    echo = echo or EchoReference(config)
    verdicts = []
    hiss = np.random.default_rng(11).standard_normal(mic.size).astype(np.float32) * 3e-4  # -70 dBFS floor
    mic = mic + hiss
    for index, frame in enumerate(frames(mic)):
        begin = index * FRAME
        if begin < reference.size:
            echo.feed_reference(reference[begin : begin + FRAME], t0 + begin / RATE)
        t_end = t0 + (begin + FRAME) / RATE
        level = rms_dbfs(frame)
        echo.observe_mic(level, t_end)
        verdicts.append(not echo.is_echo(level, t_end))
    return echo, verdicts


@pytest.mark.parametrize("gain", [0.1, 0.2, 0.3, 0.5])
@pytest.mark.parametrize("delay_s", [0.0, 0.05, 0.3, 0.7, 1.0, 1.2])
def test_echo_alone_is_never_above_the_expected_echo(gain: float, delay_s: float) -> None:
    robot = speechlike(6.0, seed=int(gain * 10 + delay_s * 100))
    total = robot.size + int(3.0 * RATE)  # the late tail after the robot stopped is checked too
    _echo, verdicts = run(robot, delayed(robot, gain, delay_s, total))
    echo_ends = int((robot.size / RATE + delay_s) / FRAME_S) + 1
    assert not any(verdicts[:echo_ends]), [i for i, v in enumerate(verdicts[:echo_ends]) if v][:10]
    # Once longer than max_delay_s has passed there is no reference left: the quiet room is not "echo".
    assert all(verdicts[int((robot.size / RATE + 1.5 + 0.2) / FRAME_S) :])


def test_the_coupling_is_measured_close_to_the_echo_gain() -> None:
    robot = speechlike(12.0, seed=3)
    echo, _ = run(robot, delayed(robot, 0.3, 0.05, robot.size))
    assert -10.5 - 4.0 <= echo.coupling_db <= -10.5 + 1.0  # 0.3 = -10.5 dB; a low percentile errs low


def test_a_louder_guest_over_the_echo_is_above_it() -> None:
    robot = speechlike(8.0, seed=4)
    guest = speechlike(2.0, seed=5, level=0.25)
    mic = delayed(robot, 0.1, 0.05, robot.size)
    guest_from = int(5.0 * RATE)
    mic[guest_from : guest_from + guest.size] += guest
    _echo, verdicts = run(robot, mic)
    first_guest, last_guest = guest_from // FRAME, (guest_from + guest.size) // FRAME
    during = verdicts[first_guest:last_guest]
    assert sum(during) >= 0.5 * len(during)  # the guest's loud frames (not the dips between syllables)
    assert not any(verdicts[: first_guest - 1])  # and before the guest only echo


def test_a_guest_talking_over_the_robot_does_not_inflate_the_coupling() -> None:
    robot = speechlike(14.0, seed=6)
    mic = delayed(robot, 0.1, 0.05, robot.size)
    # Two short interjections, much louder than the -20 dB echo (a longer one would stop the robot).
    guest = speechlike(1.0, seed=7, level=0.4)
    for start_s in (5.0, 10.0):
        start = int(start_s * RATE)
        mic[start : start + guest.size] += guest
    echo, _ = run(robot, mic)
    assert echo.coupling_db <= -20.0 + 2.0


def test_without_a_reference_nothing_is_echo_and_a_late_echo_is_forgotten() -> None:
    echo = EchoReference()
    assert echo.expected_echo_db(10.0) is None
    assert not echo.is_echo(-20.0, 10.0)
    echo.feed_reference(speechlike(1.0, seed=8), 10.0)
    assert echo.is_echo(-40.0, 11.2)  # within max_delay_s of the playback, at the assumed coupling
    assert echo.expected_echo_db(11.0 + 1.5 + 0.2) is None  # longer after than any echo delay
    assert len(echo._frames) <= round((1.0 + 0.2) / FRAME_S) + 40  # bounded history


def test_before_any_measurement_the_initial_coupling_is_assumed() -> None:
    echo = EchoReference(EchoReferenceConfig(initial_coupling_db=-10.0))
    robot = speechlike(0.5, seed=9)
    echo.feed_reference(robot, 0.0)
    expected = echo.expected_echo_db(0.5)
    assert expected is not None
    assert expected == pytest.approx(max(rms_dbfs(f) for f in frames(robot)) - 10.0, abs=0.5)


def test_a_block_with_no_playback_yet_is_not_measured() -> None:
    # The first second of a line with a 1 s echo delay: the mic is silent, the coupling must not drop.
    robot = speechlike(1.2, seed=10)
    echo, _ = run(robot, delayed(robot, 0.1, 1.0, robot.size))
    assert echo.coupling_db == EchoReferenceConfig().initial_coupling_db


@pytest.mark.parametrize(
    "bad",
    [
        {"max_delay_s": -1.0},
        {"margin_db": -3.0},
        {"initial_coupling_db": 50.0},
        {"block_s": 0.0},
        {"coupling_percentile": 120.0},
    ],
)
def test_bad_settings_fail_with_the_setting_named(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="echo"):
        EchoReferenceConfig(**bad)  # type: ignore[arg-type]


def test_int16_reference_and_odd_chunk_lengths_are_taken() -> None:
    echo = EchoReference()
    pcm = (speechlike(0.3, seed=12) * 32767).astype(np.int16)
    echo.feed_reference(pcm[:700], 1.0)
    echo.feed_reference(pcm[700:], 1.0 + 700 / RATE)
    echo.feed_reference(np.zeros(0, dtype=np.float32), 2.0)
    expected = echo.expected_echo_db(1.3)
    assert expected is not None and -40.0 < expected < 0.0


def test_a_chunk_stamped_in_the_future_does_not_stop_the_pruning() -> None:
    echo = EchoReference()
    chunk = speechlike(FRAME_S, seed=5)
    echo.feed_reference(chunk, T0 + 1_000.0)  # one bad stamp, far ahead of the playback clock
    seconds = 100.0
    for index in range(round(seconds / FRAME_S)):
        echo.feed_reference(chunk, T0 + index * FRAME_S)
    config = echo.config
    horizon = config.max_delay_s + config.block_s + 0.2  # the history the reference keeps, in seconds
    assert len(echo._frames) <= horizon / FRAME_S + 2
    assert echo.expected_echo_db(T0 + seconds) is not None  # the recent playback is still there
