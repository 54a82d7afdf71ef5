"""Which entries of a knowledge folder are knowledge files, and reading one without following it outside
the folder or blocking on it: anything else named *.yaml is a problem, never silently skipped."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from robot_guide.knowledge.problems import Problem

KNOWLEDGE_SUFFIXES = (".yaml", ".yml")


class NotAPlainFile(OSError):
    """The path is not a regular file (a pipe, socket, device or folder), so it is not read."""


class TooLarge(OSError):
    """The file is over the size cap; `size` is its size in bytes."""

    def __init__(self, size: int) -> None:
        super().__init__(f"{size} bytes")
        self.size = size


def _entry_problem(entry: Path, folder: Path) -> str | None:
    """Why `entry` (named like a knowledge file) cannot be read as one, or None when it can."""
    if entry.is_symlink():
        try:
            target = entry.resolve(strict=True)
        except (OSError, RuntimeError):
            return "is a symbolic link that leads nowhere (missing target or a loop); remove or fix it"
        if not target.is_relative_to(folder.resolve()):
            return (
                f"is a link to {target}, outside the knowledge folder; copy the file into the folder instead"
            )
    try:
        mode = entry.stat().st_mode  # stat never opens, so a named pipe cannot block here
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if stat.S_ISDIR(mode):
        return "is a folder, not a file; rename it so its name does not end in .yaml or .yml"
    if not stat.S_ISREG(mode):
        return "is not a plain file (a pipe, socket or device); knowledge files are plain text files"
    return None


def scan_folder(folder: Path) -> tuple[list[Path], list[Problem]]:
    """The knowledge files of `folder` in name order, and a problem for every other entry named like one.

    Raises OSError when the folder itself cannot be listed."""
    files: list[Path] = []
    problems: list[Problem] = []
    for entry in sorted(folder.iterdir()):
        if entry.suffix not in KNOWLEDGE_SUFFIXES:
            continue
        problem = _entry_problem(entry, folder)
        if problem is None:
            files.append(entry)
        else:
            problems.append(Problem(str(entry), 0, 0, problem))
    return files, problems


def read_plain_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file of at most `max_bytes`; raises NotAPlainFile, TooLarge or OSError.

    Opened without blocking and checked after opening, so a file swapped for a pipe meanwhile is refused
    instead of hanging the reader."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotAPlainFile(f"{path} is not a plain file")
        if info.st_size > max_bytes:
            raise TooLarge(info.st_size)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            raw = handle.read(max_bytes + 1)
    finally:
        os.close(fd)
    if len(raw) > max_bytes:  # grew after fstat
        raise TooLarge(len(raw))
    return raw
