"""The simulated hall's echo path: streamed in chunks exactly as one convolution, low-passed, ringing on."""

from __future__ import annotations

import numpy as np
import pytest

from robot_guide.sim.echo_path import EchoPath, impulse_response
from robot_guide.sim.room import EchoSettings

RATE = 16_000


def test_chunks_through_the_path_equal_one_convolution_with_the_tail_flushed() -> None:
    response = impulse_response(0.5, 4000.0, 0.15)
    signal = np.random.default_rng(3).standard_normal(RATE).astype(np.float32)
    path = EchoPath(response)
    streamed = np.concatenate([path.process(signal[i : i + 512]) for i in range(0, signal.size, 512)])
    streamed = np.concatenate([streamed, path.flush()])
    assert np.allclose(streamed, np.convolve(signal, response), atol=1e-4)
    assert not path.ringing()


def test_the_low_pass_takes_the_top_off_and_the_gain_sets_the_level() -> None:
    t = np.arange(RATE) / RATE
    low = np.sin(2 * np.pi * 500 * t).astype(np.float32)
    high = np.sin(2 * np.pi * 6000 * t).astype(np.float32)
    response = impulse_response(0.5, 3000.0, 0.0)
    level = lambda x: float(np.sqrt(np.mean(np.square(x[1000:-1000]))))  # noqa: E731
    assert level(np.convolve(low, response, "same")) == pytest.approx(0.5 * level(low), rel=0.05)
    assert level(np.convolve(high, response, "same")) < 0.01 * level(high)


def test_the_reverb_tail_decays_over_its_length() -> None:
    response = impulse_response(1.0, 0.0, 0.2)
    assert response.size == round(0.2 * RATE) and response[0] == pytest.approx(1.0)
    early, late = response[1:800], response[-800:]
    assert np.sqrt(np.mean(early**2)) > 100 * np.sqrt(np.mean(late**2))
    dry = impulse_response(0.3, 0.0, 0.0)
    assert dry.tolist() == pytest.approx([0.3])


def test_bad_echo_settings_name_the_problem() -> None:
    with pytest.raises(ValueError, match="reverb_s"):
        EchoSettings(gain=0.5, reverb_s=-1.0)
    with pytest.raises(ValueError, match="gain"):
        EchoSettings(gain=5.0)
