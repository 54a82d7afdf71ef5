"""Loads a knowledge folder (YAML) into the frozen model, reporting every problem as file:line:column."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from robot_guide.knowledge.builder import FolderBuilder
from robot_guide.knowledge.folder_files import KNOWLEDGE_SUFFIXES, TooLarge, read_plain_file, scan_folder
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.knowledge.problems import KnowledgeError, Problem
from robot_guide.knowledge.schema_errors import schema_problems
from robot_guide.knowledge.yaml_file import MAX_FILE_BYTES, ParsedFile, read_knowledge_file
from robot_guide.knowledge.yaml_limits import MAX_FOLDER_VALUES

__all__ = [
    "KNOWLEDGE_SUFFIXES",
    "KnowledgeError",
    "check_knowledge",
    "knowledge_files",
    "knowledge_version",
    "load_knowledge",
]


def knowledge_files(folder: Path) -> list[Path]:
    """The files the loader reads (entries named *.yaml that are not plain files are problems instead)."""
    return scan_folder(folder)[0]


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
                raw = read_plain_file(file, MAX_FILE_BYTES)
            except (TooLarge, OSError):
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
        files, problems = scan_folder(folder)
    except OSError as exc:
        return None, [Problem(str(folder), 0, 0, f"cannot list the folder: {exc.strerror or exc}")]
    if not files and not problems:
        return None, [Problem(str(folder), 0, 0, "no knowledge files (*.yaml or *.yml) in this folder")]
    builder = FolderBuilder()
    digest = hashlib.sha256()
    unreadable = bool(problems)
    values = 0
    for file in files:
        name = _display_name(file)
        if values > MAX_FOLDER_VALUES:
            problems.append(Problem(name, 0, 0, "not read: the files before it already hold too much"))
            unreadable = True
            continue
        try:
            parsed = _add_file(file, name, builder, problems)
        except Exception as exc:  # no file may crash the loader: whatever happens is this file's problem
            problems.append(Problem(name, 1, 1, f"cannot load this file ({type(exc).__name__}: {exc})"))
            unreadable = True
            continue
        _add_to_digest(digest, file.name, parsed.raw)
        unreadable = unreadable or parsed.data is None
        values += parsed.values
        if values > MAX_FOLDER_VALUES:
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    f"the folder holds more than {MAX_FOLDER_VALUES} values up to this file; a venue's "
                    "knowledge is a few thousand: remove generated or repeated content",
                )
            )
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


def _add_file(file: Path, name: str, builder: FolderBuilder, problems: list[Problem]) -> ParsedFile:
    """Reads, validates and merges one file into `builder`; its problems go to `problems`."""
    parsed, file_problems = read_knowledge_file(file, name)
    problems.extend(file_problems)
    if parsed.data is not None:
        invalid, bad_paths = schema_problems(parsed)
        problems.extend(invalid)
        builder.add_file(parsed, bad_paths)
    return parsed


def load_knowledge(path: str | Path) -> KnowledgeBase:
    """The knowledge base in `path` (a folder of *.yaml); raises KnowledgeError listing every problem."""
    kb, problems = check_knowledge(path)
    if kb is None:
        raise KnowledgeError(problems)
    return kb
