"""Loads the knowledge folder a command was given, turning its problems into one clear error line."""

from __future__ import annotations

from pathlib import Path

from robot_guide.cli.errors import CliError
from robot_guide.knowledge.loader import KnowledgeError, load_knowledge
from robot_guide.knowledge.model import KnowledgeBase
from robot_guide.paths import default_knowledge_dir


def load_knowledge_arg(folder: Path | None) -> tuple[Path, KnowledgeBase]:
    """The folder (default: the bundled summit knowledge) and its knowledge; CliError if it has errors."""
    path = folder or default_knowledge_dir()
    try:
        return path.resolve(), load_knowledge(path)
    except KnowledgeError as exc:
        problems = exc.problems
        first = problems[0] if problems else exc
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise CliError(
            f"{first}{more}; run 'robot-guide kb check {path}' for all of them", exit_code=1
        ) from None
