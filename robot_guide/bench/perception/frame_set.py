"""The benchmark's frames: the shipped camera frames and harder variants of them, with where the faces are."""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from robot_guide.paths import share_dir
from robot_guide.perception.detector import Box, Gray
from robot_guide.perception.frames import load_rgb, to_gray
from robot_guide.sim.make_frames import FRAMES, WIDTH

NOISE_SEED = 14


@dataclass(frozen=True)
class TruthFrame:
    """One grey frame and the faces in it (square boxes centred on each face, as wide as the face)."""

    name: str
    gray: Gray
    faces: tuple[Box, ...]


def _truth(name: str, mirrored: bool = False, shift_px: int = 0) -> tuple[Box, ...]:
    boxes = []
    for guest in FRAMES[name]:
        x = (WIDTH - guest.face_x if mirrored else guest.face_x) + shift_px
        half = guest.face_px / 2
        boxes.append(Box(x - half, guest.face_y - half, guest.face_px, guest.face_px))
    return tuple(boxes)


def _variants(gray: Gray) -> dict[str, tuple[Gray, bool, int]]:
    """Lighting, sensor noise, focus and position changes a robot camera sees: image, mirrored, x shift."""
    noise = np.random.default_rng(NOISE_SEED).normal(0.0, 8.0, gray.shape)
    shift = 40
    moved = cv2.warpAffine(
        gray,
        np.array([[1, 0, shift], [0, 1, 0]], dtype=np.float32),
        (gray.shape[1], gray.shape[0]),
        borderMode=cv2.BORDER_REPLICATE,
    )
    return {
        "": (gray, False, 0),
        "dim": ((gray * 0.55).astype(np.uint8), False, 0),
        "bright": (np.clip(gray * 1.35 + 10, 0, 255).astype(np.uint8), False, 0),
        "noisy": (np.clip(gray + noise, 0, 255).astype(np.uint8), False, 0),
        "blurred": (cv2.GaussianBlur(gray, (0, 0), 1.5), False, 0),
        "mirrored": (np.ascontiguousarray(gray[:, ::-1]), True, 0),
        "moved": (moved, False, shift),
    }


def frame_set(variants: bool = True) -> list[TruthFrame]:
    frames: list[TruthFrame] = []
    for name in FRAMES:
        rgb = load_rgb(share_dir() / "sim" / "frames" / name)
        gray = to_gray(rgb.tobytes(), rgb.shape[1], rgb.shape[0], rgb.shape[1] * 3, "rgb8")
        for variant, (image, mirrored, shift) in _variants(gray).items():
            if variant and not variants:
                continue
            label = f"{name}:{variant}" if variant else name
            frames.append(TruthFrame(label, image, _truth(name, mirrored, shift)))
    return frames


def matches(found: Box, truth: Box) -> bool:
    """A detection is the true face if its centre is on the face and its size is within a factor 1.6."""
    (fx, fy), (tx, ty) = found.centre, truth.centre
    centred = abs(fx - tx) < truth.w / 2 and abs(fy - ty) < truth.w / 2
    return centred and 1 / 1.6 < found.w / truth.w < 1.6
