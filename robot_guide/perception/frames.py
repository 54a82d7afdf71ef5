"""Turns raw camera frames (ROS image encodings, image files) into the grey images the detector takes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import numpy.typing as npt

from robot_guide.perception.detector import Gray

CHANNELS = {"mono8": 1, "rgb8": 3, "bgr8": 3, "rgba8": 4, "bgra8": 4}


class FrameError(ValueError):
    """A frame that cannot be used; the message says what was wrong with it."""


def to_gray(data: bytes | bytearray | memoryview, width: int, height: int, step: int, encoding: str) -> Gray:
    """A grey image from a sensor_msgs/Image's fields (mono8, rgb8, bgr8, rgba8, bgra8)."""
    channels = CHANNELS.get(encoding)
    if channels is None:
        raise FrameError(f"image encoding {encoding!r} is not supported (use one of {', '.join(CHANNELS)})")
    if width <= 0 or height <= 0 or step < width * channels:
        raise FrameError(f"image size {width}x{height} with row step {step} does not fit {encoding}")
    raw = np.frombuffer(data, dtype=np.uint8)
    if raw.size < step * height:
        raise FrameError(f"image data holds {raw.size} bytes, {step * height} expected for {width}x{height}")
    rows = raw[: step * height].reshape(height, step)[:, : width * channels]
    if channels == 1:
        return np.ascontiguousarray(rows)
    import cv2

    pixels = np.ascontiguousarray(rows.reshape(height, width, channels))
    codes = {"rgb8": cv2.COLOR_RGB2GRAY, "bgr8": cv2.COLOR_BGR2GRAY}
    codes |= {"rgba8": cv2.COLOR_RGBA2GRAY, "bgra8": cv2.COLOR_BGRA2GRAY}
    return np.asarray(cv2.cvtColor(pixels, codes[encoding]), dtype=np.uint8)


def load_rgb(path: Path) -> npt.NDArray[np.uint8]:
    """An image file (PNG or JPEG) as rows x columns x RGB; raises FrameError naming the file."""
    try:
        from PIL import Image, UnidentifiedImageError
    except ImportError:
        raise FrameError("Pillow is not installed: pip install -c constraints.txt pillow") from None
    try:
        with Image.open(path) as image:
            return np.asarray(image.convert("RGB"), dtype=np.uint8).copy()
    except FileNotFoundError:
        raise FrameError(f"{path}: no such image file") from None
    except (UnidentifiedImageError, OSError) as exc:
        raise FrameError(f"{path}: not a PNG or JPEG image ({exc})") from None
