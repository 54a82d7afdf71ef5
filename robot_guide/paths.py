"""Where the project's files live: bundled data (launch, knowledge, sim), shared data sets, per-user state."""

from __future__ import annotations

import os
import sys
from pathlib import Path

PACKAGE = "robot_guide"
SHARE_ENV = "ROBOT_GUIDE_SHARE"
KNOWLEDGE_ENV = "ROBOT_GUIDE_KNOWLEDGE"
DATA_ENV = "ROBOT_GUIDE_DATA"
STATE_ENV = "ROBOT_GUIDE_STATE_DIR"


def source_tree() -> Path:
    """The repository checkout this package was imported from (editable install, development)."""
    return Path(__file__).resolve().parent.parent


def _env_path(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def share_dir() -> Path:
    """The folder holding launch/, knowledge/ and sim/, the first of:

    1. $ROBOT_GUIDE_SHARE, taken as given (even if wrong, so the command using it can say so);
    2. the source tree, when it holds launch/guide.launch.yaml (editable install: your edits win over any
       stale installed copy);
    3. the installed data files, `<prefix>/share/robot_guide` for sys.prefix and each $AMENT_PREFIX_PATH
       entry (put there by pip or colcon);
    4. the source tree again, so a message can name where the files were expected.
    """
    override = _env_path(SHARE_ENV)
    if override:
        return override
    tree = source_tree()
    if (tree / "launch" / "guide.launch.yaml").is_file():
        return tree
    for prefix in (sys.prefix, *os.environ.get("AMENT_PREFIX_PATH", "").split(os.pathsep)):
        candidate = Path(prefix) / "share" / PACKAGE
        if prefix and (candidate / "launch").is_dir():
            return candidate
    return tree


def launch_file() -> Path:
    return share_dir() / "launch" / "guide.launch.yaml"


def default_knowledge_dir() -> Path:
    """The knowledge folder: $ROBOT_GUIDE_KNOWLEDGE (taken as given, so the loader can say what is wrong
    with it), else `knowledge/` in share_dir(), with share_dir()'s precedence."""
    return _env_path(KNOWLEDGE_ENV) or share_dir() / "knowledge"


def data_dir() -> Path:
    """The shared data sets (CLINC150, real speech clips), too large to ship in the repository.

    $ROBOT_GUIDE_DATA, else `../shared/data` relative to the repository root (a folder beside the checkout).
    """
    return _env_path(DATA_ENV) or (source_tree().parent / "shared" / "data")


def speech_clips_dir() -> Path:
    """Real recordings with a transcripts.tsv (`bench speech`, the real-audio speech tests)."""
    return data_dir() / "speech"


def clinc_file() -> Path:
    """CLINC150, full split (`bench match`, matcher calibration)."""
    return data_dir() / "clinc150" / "data_full.json"


def cache_dir() -> Path:
    """Files that can be made again but are worth keeping (pre-rendered speech, embeddings): robot_guide/ in
    $XDG_CACHE_HOME, else ~/.cache/robot_guide."""
    return (_env_path("XDG_CACHE_HOME") or Path.home() / ".cache") / PACKAGE


def state_dir() -> Path:
    """Writable per-user state (turn log, simulator and benchmark logs): $ROBOT_GUIDE_STATE_DIR, else
    robot_guide/ in $XDG_STATE_HOME, else ~/.local/state/robot_guide."""
    state_home = _env_path("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return _env_path(STATE_ENV) or state_home / PACKAGE
