"""The one place that says where files live: each environment variable wins, then the documented default."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot_guide.paths import (
    DATA_ENV,
    KNOWLEDGE_ENV,
    SHARE_ENV,
    STATE_ENV,
    clinc_file,
    data_dir,
    default_knowledge_dir,
    share_dir,
    source_tree,
    speech_clips_dir,
    state_dir,
)
from robot_guide.turnlog.turns import ENV_TURNLOG, default_turnlog_path


@pytest.fixture(autouse=True)
def no_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (DATA_ENV, KNOWLEDGE_ENV, SHARE_ENV, STATE_ENV, ENV_TURNLOG, "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)


def test_shared_data_defaults_to_the_folder_beside_the_repository() -> None:
    assert data_dir() == source_tree().parent / "shared" / "data"
    assert speech_clips_dir() == data_dir() / "speech"
    assert clinc_file() == data_dir() / "clinc150" / "data_full.json"


def test_shared_data_follows_its_environment_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(DATA_ENV, str(tmp_path))
    assert speech_clips_dir() == tmp_path / "speech"
    assert clinc_file() == tmp_path / "clinc150" / "data_full.json"


def test_the_source_tree_wins_over_installed_data_in_development() -> None:
    assert share_dir() == source_tree()
    assert default_knowledge_dir() == source_tree() / "knowledge"


def test_knowledge_follows_the_share_folder_unless_named_itself(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(SHARE_ENV, str(tmp_path / "share"))
    assert default_knowledge_dir() == tmp_path / "share" / "knowledge"
    monkeypatch.setenv(KNOWLEDGE_ENV, str(tmp_path / "kb"))
    assert default_knowledge_dir() == tmp_path / "kb"


def test_state_folder_and_turn_log_follow_the_same_precedence(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    assert state_dir() == tmp_path / "xdg" / "robot_guide"
    assert default_turnlog_path() == state_dir() / "turns.sqlite3"
    monkeypatch.setenv(STATE_ENV, str(tmp_path / "state"))
    assert default_turnlog_path() == tmp_path / "state" / "turns.sqlite3"
    monkeypatch.setenv(ENV_TURNLOG, str(tmp_path / "log.sqlite3"))
    assert default_turnlog_path() == tmp_path / "log.sqlite3"
