"""Composes the simulator's camera frames (sim/frames/) from freely licensed images shipped in scikit-image.

Run `python -m robot_guide.sim.make_frames [OUT_DIR]` to rebuild them; the result is deterministic.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
import numpy.typing as npt

from robot_guide.paths import share_dir

WIDTH, HEIGHT = 640, 480
ASTRONAUT_FACE_PX = 95.0  # width of Eileen Collins's face in skimage.data.astronaut() (512 x 512)
# Head, hair and shoulders of the astronaut in her 512 x 512 portrait: everything else is studio backdrop.
HEAD = ((227, 98), (80, 98))  # centre, half-axes of an ellipse
BODY = np.array(
    [(150, 165), (300, 165), (355, 260), (370, 512), (15, 512), (30, 260), (105, 195)], dtype=np.int32
)
PALETTE_COLOURS = 96  # palette PNGs keep each frame well under 100 kB

Image = npt.NDArray[np.uint8]


@dataclass(frozen=True)
class Guest:
    """Where the astronaut stands in a frame: her face's width and centre in pixels."""

    face_px: float
    face_x: int
    face_y: int
    mirrored: bool = False


FRAMES: dict[str, tuple[Guest, ...]] = {
    "near.png": (Guest(face_px=100, face_x=330, face_y=150),),  # about 0.8 m at a 60 degree field of view
    "far.png": (Guest(face_px=36, face_x=470, face_y=205, mirrored=True),),  # about 2.3 m: passing by
    "two.png": (
        Guest(face_px=84, face_x=190, face_y=165),
        Guest(face_px=72, face_x=470, face_y=175, mirrored=True),
    ),
    "empty.png": (),
}


def hall() -> Image:
    """An empty exhibition hall: wall, floor in perspective, a doorway, ceiling lights and three posters."""
    from skimage import data

    image = np.zeros((HEIGHT, WIDTH, 3), np.uint8)
    horizon = 330
    wall = np.linspace(226, 196, horizon, dtype=np.float32)[:, None]
    image[:horizon] = np.stack([wall, wall - 6, wall - 18], axis=-1).astype(np.uint8)
    floor = np.linspace(150, 105, HEIGHT - horizon, dtype=np.float32)[:, None]
    image[horizon:] = np.stack([floor - 10, floor, floor + 8], axis=-1).astype(np.uint8)
    for x in range(-800, WIDTH + 800, 160):  # floor seams converging on the vanishing point
        cv2.line(image, (WIDTH // 2, horizon - 80), (x, HEIGHT), (96, 104, 112), 1, cv2.LINE_AA)
    cv2.rectangle(image, (268, 170), (372, horizon), (92, 86, 80), -1)  # doorway
    for x in (120, 320, 520):
        cv2.rectangle(image, (x - 50, 0), (x + 50, 10), (250, 250, 236), -1)  # ceiling lights
    posters = (
        (data.rocket(), (30, 60, 150)),
        (data.coffee(), (480, 70, 130)),
        (data.chelsea(), (200, 80, 56)),
    )
    for picture, (x, y, width) in posters:
        height = round(picture.shape[0] * width / picture.shape[1])
        image[y : y + height, x : x + width] = cv2.resize(
            picture, (width, height), interpolation=cv2.INTER_AREA
        )
        cv2.rectangle(image, (x - 2, y - 2), (x + width + 1, y + height + 1), (40, 40, 40), 2)
    return image


def astronaut_cutout() -> tuple[Image, npt.NDArray[np.float32]]:
    """The astronaut and a soft mask of her head and shoulders (public domain, NASA)."""
    from skimage import data

    picture = data.astronaut()
    mask = np.zeros(picture.shape[:2], np.uint8)
    cv2.ellipse(mask, HEAD[0], HEAD[1], 0, 0, 360, 255, -1)
    cv2.fillPoly(mask, [BODY], 255)
    soft = cv2.GaussianBlur(mask, (0, 0), 3).astype(np.float32) / 255.0
    return picture, soft


def place(image: Image, guest: Guest, picture: Image, mask: npt.NDArray[np.float32]) -> None:
    """Paste the astronaut scaled so her face is `guest.face_px` wide, centred where the guest stands."""
    scale = guest.face_px / ASTRONAUT_FACE_PX
    size = (round(picture.shape[1] * scale), round(picture.shape[0] * scale))
    person = cv2.resize(picture, size, interpolation=cv2.INTER_AREA)
    alpha = cv2.resize(mask, size, interpolation=cv2.INTER_LINEAR)
    face_x = HEAD[0][0] * scale
    if guest.mirrored:
        person, alpha = person[:, ::-1], alpha[:, ::-1]
        face_x = size[0] - face_x
    left, top = round(guest.face_x - face_x), round(guest.face_y - HEAD[0][1] * scale)
    x0, y0 = max(left, 0), max(top, 0)
    x1, y1 = min(left + size[0], WIDTH), min(top + size[1], HEIGHT)
    region = image[y0:y1, x0:x1].astype(np.float32)
    weight = alpha[y0 - top : y1 - top, x0 - left : x1 - left, None]
    pasted = person[y0 - top : y1 - top, x0 - left : x1 - left].astype(np.float32)
    image[y0:y1, x0:x1] = (weight * pasted + (1 - weight) * region).round().astype(np.uint8)


def compose(guests: tuple[Guest, ...]) -> Image:
    image = hall()
    picture, mask = astronaut_cutout()
    for guest in sorted(guests, key=lambda g: g.face_px):  # nearer guests stand in front
        place(image, guest, picture, mask)
    return image


def save_png(image: Image, path: Path) -> None:
    from PIL import Image as PilImage

    palette = PilImage.fromarray(image).quantize(colors=PALETTE_COLOURS, dither=PilImage.Dither.NONE)
    palette.save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else share_dir() / "sim" / "frames"
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, guests in FRAMES.items():
        path = out_dir / name
        save_png(compose(guests), path)
        print(f"{path}: {path.stat().st_size // 1024} kB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
