"""Where the project's data lives: launch files, bundled knowledge, simulator scripts, state."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE = "robot_guide"


def share_dir() -> Path:
    """The folder holding launch/, knowledge/ and sim/.

    In order: $ROBOT_GUIDE_SHARE; the source tree (editable install, development); the installed
    data files (`<prefix>/share/robot_guide`, put there by pip or colcon).
    """
    override = os.environ.get("ROBOT_GUIDE_SHARE")
    if override:
        return Path(override)
    source_tree = Path(__file__).resolve().parent.parent
    if (source_tree / "launch" / "guide.launch.yaml").is_file():
        return source_tree
    for prefix in (sys.prefix, *os.environ.get("AMENT_PREFIX_PATH", "").split(os.pathsep)):
        candidate = Path(prefix) / "share" / PACKAGE
        if prefix and (candidate / "launch").is_dir():
            return candidate
    return source_tree


def launch_file() -> Path:
    return share_dir() / "launch" / "guide.launch.yaml"


def state_dir() -> Path:
    """Writable per-user state (turn log, simulator logs): $ROBOT_GUIDE_STATE_DIR or ~/.local/state."""
    override = os.environ.get("ROBOT_GUIDE_STATE_DIR")
    base = Path(override) if override else Path.home() / ".local" / "state" / PACKAGE
    return base
