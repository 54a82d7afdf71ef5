"""Fixtures shared by every test folder: the repository, the bundled knowledge, a writable knowledge copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from robot_guide.knowledge.loader import load_knowledge
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.paths import default_knowledge_dir, source_tree

MINIMAL_KNOWLEDGE = Path(__file__).parent / "fixtures" / "knowledge" / "minimal"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return source_tree()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The bundled summit knowledge; it is immutable, so one load serves every test."""
    return load_knowledge(default_knowledge_dir())


@pytest.fixture
def kb_folder(tmp_path: Path) -> Path:
    """A writable copy of the minimal knowledge fixture (tests/fixtures/knowledge/minimal)."""
    copy = tmp_path / "kb"
    shutil.copytree(MINIMAL_KNOWLEDGE, copy)
    return copy
