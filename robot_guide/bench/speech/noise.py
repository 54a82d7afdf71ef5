"""Background noise for the synthesised question set: white or babble, mixed at a chosen SNR (seeded)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from robot_guide.speech.interfaces import AudioArray

SILENCE_POWER = 1e-12  # below this a signal counts as silent (avoids log of zero)


def power(samples: AudioArray) -> float:
    return float(np.mean(np.square(samples, dtype=np.float64))) if samples.size else 0.0


def snr_db(speech: AudioArray, noise: AudioArray) -> float:
    """10 log10 of speech power over noise power (equal-length arrays)."""
    return 10.0 * math.log10(max(power(speech), SILENCE_POWER) / max(power(noise), SILENCE_POWER))


def white_noise(length: int, rng: np.random.Generator) -> AudioArray:
    return rng.standard_normal(length).astype(np.float32)


def babble_noise(
    talkers: Sequence[AudioArray], length: int, rng: np.random.Generator, count: int = 6
) -> AudioArray:
    """A crowd: `count` other utterances summed at random offsets and looped, like a busy exhibition hall."""
    if not talkers:
        raise ValueError("babble noise needs at least one talker recording")
    mixed = np.zeros(length, np.float64)
    for _ in range(count):
        voice = talkers[int(rng.integers(len(talkers)))]
        if voice.size == 0:
            continue
        looped = np.resize(voice, length + voice.size)  # np.resize repeats the recording
        start = int(rng.integers(voice.size))
        mixed += looped[start : start + length] / math.sqrt(max(power(voice), SILENCE_POWER))
    return mixed.astype(np.float32)


def mix_at_snr(
    clean: AudioArray, noise: AudioArray, target_snr_db: float, speech: tuple[int, int] | None = None
) -> AudioArray:
    """clean + noise scaled so the SNR over the speech region [start, end) equals `target_snr_db`."""
    if noise.size < clean.size:
        raise ValueError(f"noise has {noise.size} samples, fewer than the {clean.size} of the speech")
    start, end = speech if speech is not None else (0, clean.size)
    if not 0 <= start < end <= clean.size:
        raise ValueError(f"speech region {start}..{end} is outside the {clean.size} samples")
    noise = noise[: clean.size].astype(np.float64)
    speech_power = power(clean[start:end])
    noise_power = max(power(noise[start:end].astype(np.float32)), SILENCE_POWER)
    gain = math.sqrt(speech_power / (noise_power * 10.0 ** (target_snr_db / 10.0)))
    return (clean.astype(np.float64) + gain * noise).astype(np.float32)
