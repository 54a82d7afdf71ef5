"""The acoustic path from the robot's loudspeaker to its microphone: gain, low-pass and a reverb tail."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from robot_guide.speech.interfaces import SAMPLE_RATE

LOWPASS_TAPS = 63  # windowed-sinc FIR: a steep enough roll-off for a small loudspeaker in a hall
REVERB_DECAY_DB = 60.0  # the tail falls this much over reverb_s (RT60)
REVERB_LEVEL = 0.3  # the tail's energy against the direct sound's


def impulse_response(
    gain: float, lowpass_hz: float, reverb_s: float, seed: int = 11, rate: int = SAMPLE_RATE
) -> npt.NDArray[np.float32]:
    """Direct sound (gain), optionally low-passed, plus an exponentially decaying noise tail of reverb_s."""
    response = np.zeros(max(1, round(reverb_s * rate)), dtype=np.float64)
    response[0] = 1.0
    if reverb_s > 0.0:
        times = np.arange(response.size) / rate
        envelope = 10.0 ** (-REVERB_DECAY_DB * times / reverb_s / 20.0)
        tail = np.random.default_rng(seed).standard_normal(response.size) * envelope
        tail[0] = 0.0
        tail *= np.sqrt(REVERB_LEVEL / max(float(np.sum(tail**2)), 1e-12))
        response += tail
    if 0.0 < lowpass_hz < rate / 2:
        taps = np.arange(LOWPASS_TAPS) - (LOWPASS_TAPS - 1) / 2
        fir = np.sinc(2 * lowpass_hz / rate * taps) * np.hamming(LOWPASS_TAPS)
        response = np.convolve(response, fir / fir.sum())
    return (gain * response).astype(np.float32)


class EchoPath:
    """Streams chunks through the impulse response; the tail of each chunk carries into the next."""

    def __init__(self, response: npt.NDArray[np.float32]) -> None:
        self._response = response
        self._carry = np.zeros(max(0, response.size - 1), dtype=np.float32)

    def process(self, chunk: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
        if self._response.size == 1:
            return (chunk * self._response[0]).astype(np.float32)
        full = np.convolve(chunk.astype(np.float32), self._response).astype(np.float32)
        full[: self._carry.size] += self._carry
        self._carry = full[chunk.size :].copy()
        return full[: chunk.size].copy()

    def ringing(self) -> bool:
        return bool(np.any(self._carry))

    def flush(self) -> npt.NDArray[np.float32]:
        """The tail still ringing after the last chunk."""
        tail, self._carry = self._carry, np.zeros_like(self._carry)
        return tail
