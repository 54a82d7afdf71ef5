"""The real recordings with reference transcripts (transcripts.tsv: file, duration_s, transcript, ...)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from robot_guide.contracts.errors import RobotGuideError

TRANSCRIPTS = "transcripts.tsv"


class SpeechDirError(RobotGuideError, ValueError):
    """A speech folder that cannot be used; the message names the problem and the fix."""


@dataclass(frozen=True)
class Clip:
    path: Path
    transcript: str


def load_clips(speech_dir: Path) -> list[Clip]:
    """Clips that have a reference transcript; a missing folder or table raises SpeechDirError."""
    table = speech_dir / TRANSCRIPTS
    if not speech_dir.is_dir():
        raise SpeechDirError(
            f"speech folder {speech_dir} not found; pass --speech-dir DIR holding {TRANSCRIPTS}"
        )
    if not table.is_file():
        raise SpeechDirError(f"{table} not found; the speech folder needs a {TRANSCRIPTS} (file, transcript)")
    with table.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    if rows and not {"file", "transcript"} <= set(rows[0]):
        raise SpeechDirError(f"{table} needs the tab-separated columns 'file' and 'transcript'")
    clips = [Clip(speech_dir / row["file"], row["transcript"]) for row in rows if row.get("transcript")]
    missing = [clip.path.name for clip in clips if not clip.path.is_file()]
    if missing:
        raise SpeechDirError(f"{table} lists {', '.join(missing[:3])}, not found in {speech_dir}")
    if not clips:
        raise SpeechDirError(f"{table} has no rows with a transcript")
    return clips
