"""Loads a knowledge folder (YAML) into the frozen model, reporting every problem as file:line:column."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from robot_guide.knowledge.builder import FolderBuilder
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.knowledge.problems import KnowledgeError, Problem
from robot_guide.knowledge.schema_errors import schema_problems
from robot_guide.knowledge.yaml_file import MAX_FILE_BYTES, read_knowledge_file

__all__ = [
    "KNOWLEDGE_SUFFIXES",
    "KnowledgeError",
    "check_knowledge",
    "knowledge_files",
    "knowledge_version",
    "load_knowledge",
]

KNOWLEDGE_SUFFIXES = (".yaml", ".yml")


def knowledge_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in KNOWLEDGE_SUFFIXES and p.is_file())


def _folder_problem(folder: Path) -> Problem | None:
    if not folder.exists():
        return Problem(
            str(folder), 0, 0, "knowledge folder does not exist (pass the folder that holds the *.yaml)"
        )
    if folder.is_file():
        return Problem(str(folder), 0, 0, "is a file; pass the folder that holds it")
    if not folder.is_dir():
        return Problem(str(folder), 0, 0, "is not a folder; pass the knowledge folder")
    return None


def _display_name(file: Path) -> str:
    """Paths under the working directory are shown relative (short, and clickable in editors)."""
    try:
        return str(file.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(file)


def _add_to_digest(digest: Any, name: str, raw: bytes) -> None:
    digest.update(name.encode() + b"\0" + raw + b"\0")


def knowledge_version(path: str | Path) -> str:
    """The version `check_knowledge` would give this folder, cheaply (hash of names and bytes only).

    Unreadable or oversized files hash as empty, as in the loader; a folder problem gives ""."""
    folder = Path(path)
    if _folder_problem(folder):
        return ""
    digest = hashlib.sha256()
    try:
        for file in knowledge_files(folder):
            try:
                raw = file.read_bytes() if file.stat().st_size <= MAX_FILE_BYTES else b""
            except OSError:
                raw = b""
            _add_to_digest(digest, file.name, raw)
    except OSError:
        return ""
    return digest.hexdigest()[:12]


def check_knowledge(path: str | Path) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Loads and validates a folder: the knowledge base (None if any error) and every problem found."""
    folder = Path(path)
    problem = _folder_problem(folder)
    if problem:
        return None, [problem]
    try:
        files = knowledge_files(folder)
    except OSError as exc:
        return None, [Problem(str(folder), 0, 0, f"cannot list the folder: {exc.strerror or exc}")]
    if not files:
        return None, [Problem(str(folder), 0, 0, "no knowledge files (*.yaml or *.yml) in this folder")]
    problems: list[Problem] = []
    builder = FolderBuilder()
    digest = hashlib.sha256()
    unreadable = False
    for file in files:
        parsed, file_problems = read_knowledge_file(file, _display_name(file))
        _add_to_digest(digest, file.name, parsed.raw)
        problems.extend(file_problems)
        if parsed.data is None:
            unreadable = True
            continue
        invalid, bad_paths = schema_problems(parsed)
        problems.extend(invalid)
        builder.add_file(parsed, bad_paths)
    if not unreadable:
        # A file that could not be parsed hides its ids and persona lines: checking references now would
        # report false "unknown ..." problems, so those checks wait until every file parses.
        builder.check_references()
        builder.check_persona(str(folder))
    builder.check_languages()
    problems.extend(builder.problems)
    if problems:
        return None, sorted(set(problems), key=lambda p: (p.file, p.line, p.column, p.message))
    kb = builder.knowledge_base(root=str(folder), version=digest.hexdigest()[:12])
    return kb, []


def load_knowledge(path: str | Path) -> KnowledgeBase:
    """The knowledge base in `path` (a folder of *.yaml); raises KnowledgeError listing every problem."""
    kb, problems = check_knowledge(path)
    if kb is None:
        raise KnowledgeError(problems)
    return kb
