"""Hostile knowledge files an editor (or an attacker with write access) could save into the folder."""

from __future__ import annotations

import os
import random
from collections.abc import Callable
from pathlib import Path

ATTACK_NAME = "attack.yaml"
_ENTRY_HEAD = "entries:\n  - id: attack\n    answer:\n      en: An answer.\n    questions:\n      en:\n"


def _write(text: str) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_text(text, encoding="utf-8")

    return make


def _billion_laughs(path: Path) -> None:
    lines = ['a0: &a0 ["lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    path.write_text("\n".join(lines) + "\nentries: *a9\n", encoding="utf-8")


def _alias_amplification(path: Path) -> None:
    """One 400 kB question aliased 100,000 times: small on disk, 40 GB once expanded."""
    question = "where is " + "very " * 80_000
    aliases = ", ".join(["*q"] * 100_000)
    path.write_text(
        f"vocabulary:\n  - &q {question}\nentries:\n  - id: attack\n    answer:\n      en: An answer.\n"
        f"    questions:\n      en: [{aliases}]\n",
        encoding="utf-8",
    )


def _deep_nesting(path: Path) -> None:
    path.write_text("vocabulary: " + "[" * 600 + "]" * 600 + "\n", encoding="utf-8")


def _huge_file(path: Path) -> None:
    line = "        - where is the coffee bar in the exhibition hall please\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(_ENTRY_HEAD)
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)


def _binary(path: Path) -> None:
    path.write_bytes(random.Random(13).randbytes(64 * 1024))


def _utf16(path: Path) -> None:
    path.write_text(_ENTRY_HEAD + "        - where is the wifi\n", encoding="utf-16")


def _latin1(path: Path) -> None:
    path.write_bytes((_ENTRY_HEAD + "        - où est le café\n").encode("latin-1"))


def _symlink_loop(path: Path) -> None:
    other = path.with_name("attack-loop.yaml")
    os.symlink(path.name, other)
    os.symlink(other.name, path)


def _dangling_link(path: Path) -> None:
    os.symlink("does-not-exist.yaml", path)


def _outside_link(path: Path) -> None:
    os.symlink("/etc/passwd", path)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _directory(path: Path) -> None:
    path.mkdir()


ATTACKS: dict[str, Callable[[Path], None]] = {
    "billion laughs (10^9 via 9 alias levels)": _billion_laughs,
    "alias amplification (400 kB x 100,000)": _alias_amplification,
    "600-deep nesting (1.2 kB)": _deep_nesting,
    "5,000-digit number": _write("vocabulary: [" + "9" * 5000 + "]\n"),
    "!!python/object tag": _write("vocabulary: [!!python/object/apply:os.system ['true']]\n"),
    '!!int "abc"': _write('vocabulary: [!!int "abc"]\n'),
    '!!bool "maybe"': _write('vocabulary: [!!bool "maybe"]\n'),
    '!!float "abc"': _write('vocabulary: [!!float "abc"]\n'),
    '!!timestamp "tomorrow"': _write('vocabulary: [!!timestamp "tomorrow"]\n'),
    "50 MB file": _huge_file,
    "binary (64 kB random bytes)": _binary,
    "UTF-16 file": _utf16,
    "latin-1 file": _latin1,
    "symlink loop": _symlink_loop,
    "dangling symlink": _dangling_link,
    "symlink to /etc/passwd": _outside_link,
    "FIFO named .yaml": _fifo,
    "directory named .yaml": _directory,
}
QUICK_ATTACKS = (
    "billion laughs (10^9 via 9 alias levels)",
    "600-deep nesting (1.2 kB)",
    '!!int "abc"',
    "FIFO named .yaml",
)
