"""Streaming Silero VAD v6 (the ONNX model shipped in faster-whisper), LSTM state kept across frames."""

from __future__ import annotations

import os

import numpy as np

from robot_guide.speech.interfaces import AudioArray

FRAME_SAMPLES = 512  # Silero at 16 kHz takes 32 ms frames
CONTEXT_SAMPLES = 64  # and the last 64 samples of the previous frame as context
STATE_SHAPE = (1, 1, 128)


def silero_model_path() -> str:
    from faster_whisper.utils import get_assets_path

    return os.path.join(get_assets_path(), "silero_vad_v6.onnx")


class StreamingVad:
    """probability(frame) for consecutive 512-sample frames. Not thread-safe: one stream per instance.

    faster-whisper's SileroVADModel.__call__ resets h/c per call, which would forget the speech it just
    heard at every chunk; so the ONNX session runs here with the state carried from frame to frame.
    """

    frame_samples = FRAME_SAMPLES

    def __init__(self, model_path: str = "", threads: int = 1) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.inter_op_num_threads = 1
        options.intra_op_num_threads = max(1, threads)
        options.enable_cpu_mem_arena = False
        options.log_severity_level = 4
        self._session = onnxruntime.InferenceSession(
            model_path or silero_model_path(), providers=["CPUExecutionProvider"], sess_options=options
        )
        self.reset()

    def reset(self) -> None:
        """Forget the stream (new session, or after a long gap in the audio)."""
        self._h = np.zeros(STATE_SHAPE, dtype=np.float32)
        self._c = np.zeros(STATE_SHAPE, dtype=np.float32)
        self._context = np.zeros(CONTEXT_SAMPLES, dtype=np.float32)

    def probability(self, frame: AudioArray) -> float:
        """Speech probability in [0, 1] of one frame of exactly 512 samples (16 kHz mono float32)."""
        samples = np.asarray(frame, dtype=np.float32).reshape(-1)
        if samples.size != FRAME_SAMPLES:
            raise ValueError(
                f"VAD frame has {samples.size} samples; feed exactly {FRAME_SAMPLES} (32 ms at 16 kHz)"
            )
        window = np.concatenate([self._context, samples])[np.newaxis, :]
        output, self._h, self._c = self._session.run(None, {"input": window, "h": self._h, "c": self._c})
        self._context = samples[-CONTEXT_SAMPLES:].copy()
        return float(np.asarray(output).reshape(-1)[0])
