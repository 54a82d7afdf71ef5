"""Write a file so no reader ever sees half of it: write beside it, then rename over it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


@contextlib.contextmanager
def replaced_atomically(path: Path) -> Iterator[BinaryIO]:
    """Yield a binary file beside `path`; when the block ends without an error it replaces `path` in one
    rename, otherwise it is removed. Readers (another process, a crash half-way) see the old file or the new
    one, never a truncated one. OSError is the caller's to handle: a cache can always be rebuilt."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.remove(temporary)
        raise
