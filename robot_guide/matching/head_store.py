"""Fitted heads kept on disk, keyed by what they were fitted on: a one-shot `ask`, a restarted dialogue node
or a repeated benchmark loads the weights in milliseconds instead of fitting them again for seconds."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import numpy as np

from robot_guide import paths
from robot_guide.atomic_file import replaced_atomically
from robot_guide.matching import head as head_module
from robot_guide.matching.head import TOLERANCE, SoftmaxHead

log = logging.getLogger(__name__)

# Part of every key: the fitting code itself, so an edit to head.py never reads weights of the old method.
FIT_METHOD = hashlib.sha256(Path(head_module.__file__).read_bytes()).hexdigest()[:16]


def default_folder() -> Path:
    return paths.cache_dir() / "heads"


def fit_or_load(
    head: SoftmaxHead, vectors: np.ndarray, labels: np.ndarray, folder: Path | None
) -> SoftmaxHead:
    """`head` fitted on (vectors, labels): read from `folder` when the same fit was stored there, else
    fitted and stored. No folder, or one that cannot be read or written, only costs the fit."""
    if folder is None:
        return head.fit(vectors, labels)
    path = folder / f"{_key(head, vectors, labels)}.npz"
    if path.exists():
        try:
            with np.load(path) as stored:
                return head.restore(stored["classes"], stored["weights"], stored["bias"])
        except Exception as exc:  # a damaged file is fitted again and replaced, never fatal
            log.warning("ignoring the stored head %s: %s", path, exc)
    head.fit(vectors, labels)
    _store(path, head)
    return head


def _key(head: SoftmaxHead, vectors: np.ndarray, labels: np.ndarray) -> str:
    x = np.ascontiguousarray(vectors)
    y = np.ascontiguousarray(labels, dtype=np.int64)
    digest = hashlib.sha256()
    digest.update(
        f"{FIT_METHOD} c={head.c!r} iter={head.max_iter} tol={TOLERANCE!r} {x.dtype} {x.shape}".encode()
    )
    digest.update(x.tobytes())
    digest.update(y.tobytes())
    return digest.hexdigest()[:40]


def _store(path: Path, head: SoftmaxHead) -> None:
    try:
        with replaced_atomically(path) as out:
            classes, weights, bias = head.state()
            np.savez(out, classes=classes, weights=weights, bias=bias)
    except OSError as exc:
        log.warning("could not keep the fitted head in %s: %s", path.parent, exc)
