"""Fitted heads on disk: the same fit is read back instead of fitted again; a damaged file is fitted again."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from robot_guide.matching.head import SoftmaxHead
from robot_guide.matching.head_store import fit_or_load


def data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(3, 8))
    labels = np.repeat(np.array([-1, 0, 1]), 10)
    vectors = centres[labels + 1] + 0.1 * rng.normal(size=(30, 8))
    return vectors.astype(np.float32), labels


class CountingHead(SoftmaxHead):
    fits = 0

    def fit(self, vectors: np.ndarray, labels: np.ndarray) -> SoftmaxHead:
        CountingHead.fits += 1
        return super().fit(vectors, labels)


@pytest.fixture(autouse=True)
def no_fits_yet() -> None:
    CountingHead.fits = 0


def test_the_same_fit_is_read_back_not_fitted_again(tmp_path: Path) -> None:
    vectors, labels = data()
    first = fit_or_load(CountingHead(5.0), vectors, labels, tmp_path)
    second = fit_or_load(CountingHead(5.0), vectors, labels, tmp_path)
    assert CountingHead.fits == 1 and len(list(tmp_path.glob("*.npz"))) == 1
    np.testing.assert_array_equal(first.classes_, second.classes_)
    np.testing.assert_allclose(first.predict_proba(vectors), second.predict_proba(vectors))
    assert not list(tmp_path.glob("*.part"))


def test_other_data_or_settings_are_fitted_anew(tmp_path: Path) -> None:
    vectors, labels = data()
    fit_or_load(CountingHead(5.0), vectors, labels, tmp_path)
    fit_or_load(CountingHead(20.0), vectors, labels, tmp_path)  # another C
    fit_or_load(CountingHead(5.0), vectors[:-1], labels[:-1], tmp_path)  # other questions
    assert CountingHead.fits == 3 and len(list(tmp_path.glob("*.npz"))) == 3


def test_a_damaged_file_is_fitted_again_and_replaced(tmp_path: Path) -> None:
    vectors, labels = data()
    fit_or_load(CountingHead(5.0), vectors, labels, tmp_path)
    (path,) = tmp_path.glob("*.npz")
    path.write_bytes(b"not numpy")
    head = fit_or_load(CountingHead(5.0), vectors, labels, tmp_path)
    assert CountingHead.fits == 2
    assert head.predict_proba(vectors).argmax(axis=1).tolist() == (labels + 1).tolist()
    fit_or_load(CountingHead(5.0), vectors, labels, tmp_path)
    assert CountingHead.fits == 2  # the replaced file serves again


def test_no_folder_or_an_unwritable_one_only_costs_the_fit(tmp_path: Path) -> None:
    vectors, labels = data()
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder should be")
    for folder in (None, blocked):
        head = fit_or_load(CountingHead(5.0), vectors, labels, folder)
        assert head.predict_proba(vectors).shape == (30, 3)
    assert CountingHead.fits == 2
