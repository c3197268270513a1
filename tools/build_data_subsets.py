"""Builds the data the repository ships from the full, verified sets in ../shared/data.

Run once by a maintainer (``python tools/build_data_subsets.py [SHARED_DATA_DIR]``); the outputs are
committed. Deterministic: the subsets are prefixes of the official files' order, so anyone with the
official sets can check them.

- data/fashion-mnist/: the four IDX files; train = the first 6,000 official training images,
  test = all 10,000 official test images (the threshold is measured on these by default).
- exercises/mnist_ziffern.npz: the first 12,000 MNIST training digits, what 03's notebook trains on.
- data/mnist/heldout.npz: the first 2,000 official MNIST test digits; only the grader reads them.
- data/fashion-mnist-check.npz: 2,000 official Fashion-MNIST training images (58,000 to 59,999,
  never in the shipped subset); only the grader reads them, to compare with the test accuracy:
  a model fitted to the test images does much worse on these.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from grader.intake.datasets import write_idx

ROOT = Path(__file__).resolve().parent.parent
FASHION_TRAIN = 6000
MNIST_TRAIN = 12000
MNIST_HELDOUT = 2000
FASHION_CHECK = slice(58_000, 60_000)


def main(shared: Path) -> None:
    fashion = np.load(shared / "fashion_mnist.npz")
    out = ROOT / "data" / "fashion-mnist"
    out.mkdir(parents=True, exist_ok=True)
    write_idx(out / "train-images-idx3-ubyte.gz", fashion["x_train"][:FASHION_TRAIN])
    write_idx(out / "train-labels-idx1-ubyte.gz", fashion["y_train"][:FASHION_TRAIN])
    write_idx(out / "t10k-images-idx3-ubyte.gz", fashion["x_test"])
    write_idx(out / "t10k-labels-idx1-ubyte.gz", fashion["y_test"])
    np.savez_compressed(
        ROOT / "data" / "fashion-mnist-check.npz",
        x_test=fashion["x_train"][FASHION_CHECK],
        y_test=fashion["y_train"][FASHION_CHECK],
    )
    mnist = np.load(shared / "mnist.npz")
    np.savez_compressed(
        ROOT / "exercises" / "mnist_ziffern.npz",
        x_train=mnist["x_train"][:MNIST_TRAIN],
        y_train=mnist["y_train"][:MNIST_TRAIN],
    )
    (ROOT / "data" / "mnist").mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        ROOT / "data" / "mnist" / "heldout.npz",
        x_test=mnist["x_test"][:MNIST_HELDOUT],
        y_test=mnist["y_test"][:MNIST_HELDOUT],
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared" / "data")
