"""Where the knowledge folder is: env override, installed data files, or the repository checkout."""

from __future__ import annotations

import os
import sys
from pathlib import Path

KNOWLEDGE_ENV = "ROBOT_GUIDE_KNOWLEDGE"


def installed_knowledge_dir() -> Path:
    """Where `data_files` put the knowledge on a pip or colcon install."""
    return Path(sys.prefix) / "share" / "robot_guide" / "knowledge"


def repository_knowledge_dir() -> Path:
    """`knowledge/` beside the package in a source checkout (editable install)."""
    return Path(__file__).resolve().parents[2] / "knowledge"


def default_knowledge_dir() -> Path:
    """The env variable wins (even if wrong, so the loader can say so); then installed data; then the repo."""
    override = os.environ.get(KNOWLEDGE_ENV, "").strip()
    if override:
        return Path(override).expanduser()
    installed = installed_knowledge_dir()
    if installed.is_dir():
        return installed
    return repository_knowledge_dir()
