"""replaced_atomically: the new content appears whole, or the old file stays and no temporary is left."""

from __future__ import annotations

from pathlib import Path

import pytest

from robot_guide.atomic_file import replaced_atomically


def test_the_block_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "cache.bin"
    with replaced_atomically(target) as out:
        out.write(b"new content")
        assert not target.exists()  # nothing under the real name until the block ends
    assert target.read_bytes() == b"new content"
    assert [p.name for p in target.parent.iterdir()] == ["cache.bin"]


def test_an_error_keeps_the_old_file_and_removes_the_temporary(tmp_path: Path) -> None:
    target = tmp_path / "cache.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), replaced_atomically(target) as out:
        out.write(b"half")
        raise RuntimeError("the writer failed")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["cache.bin"]
