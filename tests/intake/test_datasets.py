"""The shipped data as the grader reads it: real IDX files, the format Keras and Debian use."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from grader.execute.kernel import kernel_environment
from grader.intake.datasets import (
    DataError,
    keras_backend,
    load_images,
    model_inputs,
    read_idx,
    seed_keras_cache,
    write_idx,
)
from tests.conftest import ROOT

FASHION = ROOT / "data" / "fashion-mnist"


def test_shipped_fashion_mnist_has_the_official_test_set() -> None:
    test = load_images(FASHION, "test")
    assert test.x.shape == (10_000, 28, 28)
    assert np.bincount(test.y).tolist() == [1000] * 10  # 1,000 per class, as published
    train = load_images(FASHION, "train")
    assert train.x.shape == (6_000, 28, 28)


def test_shipped_mnist_digits_are_disjoint_from_the_held_out_ones() -> None:
    training = load_images(ROOT / "exercises" / "mnist_ziffern.npz", "train")
    held_out = load_images(ROOT / "data" / "mnist" / "heldout.npz", "test")
    assert len(training.y) == 12_000 and len(held_out.y) == 2_000
    seen = {image.tobytes() for image in training.x}
    assert not any(image.tobytes() in seen for image in held_out.x)


def test_idx_round_trip_is_byte_stable(tmp_path: Path) -> None:
    images = np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4)
    write_idx(tmp_path / "a.gz", images)
    write_idx(tmp_path / "b.gz", images)
    assert (tmp_path / "a.gz").read_bytes() == (tmp_path / "b.gz").read_bytes()
    assert np.array_equal(read_idx(tmp_path / "a.gz"), images)


def test_a_truncated_idx_file_is_named(tmp_path: Path) -> None:
    with gzip.open(tmp_path / "bad.gz", "wb") as handle:
        handle.write(b"\0\0\x08\x03" + (100).to_bytes(4, "big") * 3 + b"\0" * 10)
    with pytest.raises(DataError, match=r"bad\.gz"):
        read_idx(tmp_path / "bad.gz")


def test_keras_cache_gets_the_four_files(tmp_path: Path) -> None:
    seed_keras_cache(tmp_path, "fashion-mnist", FASHION)
    cached = sorted(p.name for p in (tmp_path / ".keras" / "datasets" / "fashion-mnist").iterdir())
    assert cached == sorted(p.name for p in FASHION.glob("*.gz"))
    with pytest.raises(DataError, match="missing"):
        seed_keras_cache(tmp_path, "empty", tmp_path)


def test_model_inputs_scale_pad_and_add_channels() -> None:
    x, _ = model_inputs(load_images(ROOT / "data" / "mnist" / "heldout.npz", "test"), pad=2)
    assert x.shape == (2_000, 32, 32, 1)
    assert x.dtype == np.float32 and x.min() >= 0.0 and x.max() <= 1.0
    assert not x[:, :2].any() and not x[:, :, -2:].any()


def test_the_keras_backend_is_read_as_keras_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """KERAS_BACKEND first, else keras.json's backend (KERAS_HOME, else ~/.keras): the kernel and
    the measuring process, each with a HOME of its own, get what the grader's environment says."""
    monkeypatch.delenv("KERAS_BACKEND", raising=False)
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "nowhere"))
    assert keras_backend() is None and "KERAS_BACKEND" not in kernel_environment(tmp_path)
    (tmp_path / "keras.json").write_text('{"backend": "jax", "floatx": "float32"}')
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    assert keras_backend() == "jax"
    assert kernel_environment(tmp_path / "home")["KERAS_BACKEND"] == "jax"
    monkeypatch.setenv("KERAS_BACKEND", "torch")
    assert kernel_environment(tmp_path / "home")["KERAS_BACKEND"] == "torch"
