"""Stream clock: mic chunks delivered late and in bursts keep their capture times; the echo stays echo."""

from __future__ import annotations

import math

import numpy as np
import pytest

from robot_guide.speech.audio import rms_dbfs
from robot_guide.speech.listen.echo_reference import EchoReference
from robot_guide.speech.listen.stream_clock import StreamClock

RATE = 16_000
CHUNK = 512
CHUNK_S = CHUNK / RATE
T0 = 10_000.0


def capture_times(count: int, t0: float = T0) -> np.ndarray:
    """Wall time of the last sample of each chunk of a continuous stream."""
    return t0 + CHUNK_S * np.arange(1, count + 1)


def stalled(captured: np.ndarray, stalls: list[tuple[int, float]], jitter_s: float = 0.002) -> np.ndarray:
    """Arrival times: a little jitter, and at each (chunk index, seconds) a stall that holds back that chunk
    and every later one until the held chunks arrive in a burst (a busy subscriber)."""
    rng = np.random.default_rng(3)
    arrival = captured + rng.uniform(0.0005, jitter_s, captured.size)
    for index, seconds in stalls:
        release = captured[index] + seconds
        held = np.arange(index, captured.size)
        burst = release + 0.0005 * (held - index)  # taken one after the other once the stall ends
        arrival[held] = np.maximum(arrival[held], burst)
    return np.maximum.accumulate(arrival)  # one subscription delivers in order


def stamps_for(arrival: np.ndarray, clock: StreamClock | None = None) -> np.ndarray:
    clock = clock or StreamClock(RATE)
    return np.array([clock.stamp(CHUNK, float(t)) for t in arrival])


def test_chunks_on_time_are_stamped_with_their_arrival() -> None:
    captured = capture_times(200)
    stamps = stamps_for(captured)
    assert np.allclose(stamps, captured, atol=1e-9)


def test_a_burst_after_a_stall_keeps_each_chunk_its_capture_time() -> None:
    captured = capture_times(600)
    arrival = stalled(captured, [(100, 1.2), (300, 0.6), (450, 2.0)])
    stamps = stamps_for(arrival)
    assert float(np.max(arrival - captured)) > 1.9  # the stream really was held up
    # Off by no more than the least delay seen recently (the jitter), never by the stall.
    assert float(np.max(np.abs(stamps - captured))) <= 0.002
    assert np.all(stamps <= arrival + StreamClock().hold_s)
    assert np.all(np.diff(stamps) >= 0.0)


def test_a_real_gap_in_the_stream_is_followed_within_the_window() -> None:
    """A source that stops for 3 s and starts again: its chunks are later than the sample count says."""
    window_s = 2.0
    before = capture_times(100)
    after = capture_times(200, t0=float(before[-1]) + 3.0)
    clock = StreamClock(RATE, window_s=window_s)
    stamps_for(before + 0.001, clock)
    stamps = stamps_for(after + 0.001, clock)
    assert np.all(stamps <= after + 0.001 + 1e-9)  # never later than the arrival, even while re-anchoring
    settled = after > after[0] + window_s + CHUNK_S
    assert np.allclose(stamps[settled], after[settled] + 0.001, atol=1e-6)


def test_stamps_of_a_delayed_burst_keep_a_loud_late_echo_recognised_as_echo() -> None:
    """The quiet-machine failure: the robot talks, its echo comes back 1 s late at -6 dB, and the mic
    chunks reach the listener up to 1.2 s late in bursts. Stamped at arrival, the echo of the playback's end
    is compared with the wrong stretch of playback (or none) and looks like a guest; stamped by the stream
    clock, every echo frame stays below the expected echo."""
    rng = np.random.default_rng(5)
    seconds, delay_s, gain = 8.0, 1.0, 0.5
    n = int(seconds * RATE)
    t = np.arange(n) / RATE
    voice = (rng.standard_normal(n) * np.abs(np.sin(2 * np.pi * 2.0 * t)) ** 2 * 0.2).astype(np.float32)
    voice[: int(0.5 * RATE)] *= 0.05  # a quiet start, so the loud end is what the late echo brings back
    total = n + int(3.0 * RATE)
    mic = np.zeros(total, np.float32)
    start = int(delay_s * RATE)
    mic[start : start + n] += voice * gain
    mic += rng.standard_normal(total).astype(np.float32) * 3e-4
    chunks = [mic[i : i + CHUNK] for i in range(0, total - CHUNK + 1, CHUNK)]
    captured = capture_times(len(chunks))
    arrival = stalled(captured, [(int((seconds + 0.4) / CHUNK_S), 1.2), (int(4.0 / CHUNK_S), 1.0)])

    def loud_echo_frames_above_expected(stamps: np.ndarray) -> int:
        echo = EchoReference()
        played = 0
        above = 0
        for chunk, stamp, arrived in zip(chunks, stamps, arrival, strict=True):
            # The playback reference arrives on time (it carries its own play time).
            while played < n and T0 + played / RATE <= arrived:
                echo.feed_reference(voice[played : played + CHUNK], T0 + played / RATE)
                played += CHUNK
            level = rms_dbfs(chunk)
            echo.observe_mic(level, float(stamp))
            if level > -40.0 and not echo.is_echo(level, float(stamp)):
                above += 1
        return above

    assert loud_echo_frames_above_expected(arrival) > 0  # arrival stamps alone let a late echo through
    assert loud_echo_frames_above_expected(stamps_for(arrival)) == 0


def test_the_stamps_hold_still_while_the_least_delay_wanders_within_the_hold() -> None:
    """As the window slides, its least delivery delay wanders by a fraction of a millisecond; stamps that
    followed it would shift the echo against the playback by samples every few seconds, and the echo
    canceller relearns the path after each shift. Held, they stay put; a real change of the stream's
    timing, larger than the hold, is still followed."""
    captured = capture_times(2000)  # 64 s
    rng = np.random.default_rng(4)
    delays = rng.uniform(0.002, 0.010, captured.size)
    quick = rng.random(captured.size) < 0.02  # now and then a chunk that hardly waited
    delays[quick] = rng.uniform(0.0003, 0.0008, int(quick.sum()))
    arrival = captured + delays

    def moves_after(stamps: np.ndarray, seconds: float) -> int:
        offsets = (stamps - captured) * RATE
        return int(np.sum(np.abs(np.diff(offsets[int(seconds / CHUNK_S) :])) > 0.01))

    held = stamps_for(arrival, StreamClock(RATE, hold_s=0.02))
    following = stamps_for(arrival, StreamClock(RATE, hold_s=0.0))
    assert moves_after(following, 5.0) >= 10  # the window's least delay wanders
    assert moves_after(held, 1.0) == 0
    assert np.all(held <= arrival + 0.02)
    later = captured + 0.2 + delays  # the source restarted 200 ms later
    clock = StreamClock(RATE, window_s=2.0, hold_s=0.02)
    stamps_for(arrival[:1000], clock)
    moved = np.array([clock.stamp(CHUNK, float(t)) for t in later[1000:]])
    assert abs(float(moved[-1] - captured[-1]) - 0.2) < 0.01  # followed, to within the delivery jitter


@pytest.mark.parametrize(
    "bad",
    [
        {"sample_rate": 0},
        {"window_s": 0.0},
        {"window_s": float("nan")},
        {"hold_s": -0.1},
        {"hold_s": math.inf},
    ],
)
def test_bad_settings_fail_with_the_setting_named(bad: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="stream clock"):
        StreamClock(**bad)  # type: ignore[arg-type]


def test_a_negative_chunk_length_is_refused() -> None:
    with pytest.raises(ValueError, match="samples"):
        StreamClock().stamp(-1, T0)
