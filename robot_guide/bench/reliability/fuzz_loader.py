"""Fuzzes the knowledge loader with mutated bundled files: problems are reported, never raised."""

from __future__ import annotations

import random
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from robot_guide.bench.reliability.failures import FuzzCount
from robot_guide.knowledge.loader import check_knowledge, knowledge_files

TAGS = (
    '!!int "abc"', '!!bool "maybe"', '!!float "abc"', '!!timestamp "tomorrow"', "!!python/object:os.system",
    "!!python/name:os.system", "!!binary ====", "!!set {a, b}", "!!omap [a]", "!!map [1]", "!<tag:x> y",
    "!!str", "!custom x", "!!null x", '!!int "99999999999999999999999999"',
)  # fmt: skip


def _mutate(rng: random.Random, raw: bytes) -> bytes:
    lines = raw.split(b"\n")
    kind = rng.randrange(8)
    if kind == 0:  # random byte flips
        data = bytearray(raw)
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data)
    at = rng.randrange(len(lines))
    line = lines[at]
    indent = line[: len(line) - len(line.lstrip())]
    if kind == 1:  # a tag in front of a value
        tag = rng.choice(TAGS).encode()
        if b": " in line:
            key, _, _ = line.partition(b": ")
            lines[at] = key + b": " + tag
        elif line.lstrip().startswith(b"- "):
            lines[at] = indent + b"- " + tag
        else:
            lines.insert(at, indent + b"- " + tag)
    elif kind == 2:  # deep nesting
        depth = rng.choice((50, 200, 600, 2000))
        lines.insert(at, indent + b"- " + b"[" * depth + b"]" * depth)
    elif kind == 3:  # a huge number
        digits = rng.choice((30, 400, 5000))
        lines.insert(at, indent + b"- " + b"9" * digits)
    elif kind == 4:  # an anchor and many aliases to it
        if line.lstrip().startswith(b"- "):
            lines[at] = indent + b"- &x " + line.lstrip()[2:]
            lines.insert(at + 1, indent + b"- [" + b", ".join([b"*x"] * rng.randint(2, 2000)) + b"]")
        else:
            lines.insert(at, indent + b"- *undefined_anchor")
    elif kind == 5:  # truncated
        return raw[: rng.randrange(len(raw))]
    elif kind == 6:  # lines lost or doubled
        if rng.random() < 0.5:
            del lines[at : at + rng.randint(1, 5)]
        else:
            lines[at:at] = lines[at : at + rng.randint(1, 5)]
    else:  # indentation broken
        lines[at] = b" " * rng.randint(0, 9) + line.lstrip()
    return b"\n".join(lines)


def fuzz_loader(folder: Path, count: int, seed: int) -> dict[str, Any]:
    """`count` folders, each the bundled one with one mutated file; check_knowledge must return problems."""
    rng = random.Random(seed)
    tally = FuzzCount("knowledge loader")
    refused = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rg-fuzz-kb-") as tmp:
        work = Path(tmp) / "knowledge"
        shutil.copytree(folder, work, symlinks=False, ignore=shutil.ignore_patterns("sources"))
        files = knowledge_files(work)
        originals = {file: file.read_bytes() for file in files}
        for _ in range(count):
            file = rng.choice(files)
            mutated = _mutate(rng, originals[file])
            file.write_bytes(mutated)
            tally.inputs += 1
            try:
                kb, _ = check_knowledge(work)
                refused += kb is None
            except Exception as exc:
                tally.failed(exc, f"{file.name}: {mutated[:60]!r}")
            finally:
                file.write_bytes(originals[file])
    tally.seconds = time.perf_counter() - started
    return {**tally.as_dict(), "refused": refused}


def merged(parts: list[dict[str, Any]]) -> dict[str, Any]:
    """One row from the loader fuzz run in several processes (each its own seed): counts add up, the
    seconds are the longest part's."""
    kinds: dict[str, int] = {}
    for part in parts:
        for kind, count in part["exception_kinds"].items():
            kinds[kind] = kinds.get(kind, 0) + count
    return {
        "target": parts[0]["target"],
        "inputs": sum(p["inputs"] for p in parts),
        "exceptions": sum(p["exceptions"] for p in parts),
        "exception_kinds": kinds,
        "examples": [example for p in parts for example in p["examples"]][:5],
        "seconds": max(p["seconds"] for p in parts),
        "refused": sum(p["refused"] for p in parts),
    }
