"""The course's image data: where it comes from, and how a kernel and the evaluator get it.

Two storage formats, both real and both offline:
- a folder with the four official IDX files (``train-images-idx3-ubyte.gz`` ...), exactly what
  Debian's ``dataset-fashion-mnist`` installs and what Keras keeps in ``~/.keras/datasets/<name>``;
  the grader copies such a folder into the kernel's own Keras cache, so the lecture's
  ``keras.datasets.fashion_mnist.load_data()`` works without network;
- an ``.npz`` file with ``x_train``/``y_train``/``x_test``/``y_test`` (uint8 images, int labels).

Only the grader reads evaluation data: the sandbox never shows a folder it was not given.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

IDX_FILES = {
    "train": ("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz"),
    "test": ("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"),
}
MAX_IDX_BYTES = 200 * 1024 * 1024


class DataError(Exception):
    """A data folder or file that is missing or not in the expected format."""


@dataclass(frozen=True)
class Images:
    x: np.ndarray  # uint8, (n, 28, 28)
    y: np.ndarray  # int64, (n,)


def write_idx(path: Path, array: np.ndarray) -> None:
    """IDX as LeCun defined it: magic (0x08 = ubyte, then the number of dims), big-endian sizes."""
    header = struct.pack(">I", 0x0800 | array.ndim)
    header += b"".join(struct.pack(">I", size) for size in array.shape)
    with (
        open(path, "wb") as raw,
        gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as handle,
    ):  # mtime 0, no name: the same data gives the same bytes
        handle.write(header + np.ascontiguousarray(array, dtype=np.uint8).tobytes())


def read_idx(path: Path) -> np.ndarray:
    try:
        with gzip.open(path, "rb") as handle:
            data = handle.read(MAX_IDX_BYTES + 1)
    except (OSError, EOFError) as error:
        raise DataError(f"{path}: not a gzip'd IDX file ({error})") from None
    if len(data) < 8 or data[:2] != b"\0\0" or data[2] != 0x08:
        raise DataError(f"{path}: not an IDX file of unsigned bytes")
    ndim = data[3]
    shape = struct.unpack(f">{ndim}I", data[4 : 4 + 4 * ndim])
    body = np.frombuffer(data, np.uint8, offset=4 + 4 * ndim)
    if body.size != int(np.prod(shape)):
        raise DataError(f"{path}: {body.size} bytes of data, the header says {shape}")
    return body.reshape(shape)


def load_images(source: Path, split: str) -> Images:
    """The ``train`` or ``test`` split of an IDX folder or an ``.npz`` file."""
    if split not in IDX_FILES:
        raise DataError(f"unknown split {split!r}; use 'train' or 'test'")
    if source.is_dir():
        images_name, labels_name = IDX_FILES[split]
        x, y = read_idx(source / images_name), read_idx(source / labels_name)
    elif source.suffix == ".npz" and source.is_file():
        with np.load(source, allow_pickle=False) as data:
            if f"x_{split}" not in data or f"y_{split}" not in data:
                raise DataError(f"{source}: has no x_{split}/y_{split}")
            x, y = data[f"x_{split}"], data[f"y_{split}"]
    else:
        raise DataError(f"{source}: no such data folder or .npz file")
    if x.ndim != 3 or len(x) != len(y):
        raise DataError(f"{source}: {split} images {x.shape} do not match labels {y.shape}")
    return Images(x.astype(np.uint8), y.astype(np.int64))


def seed_keras_cache(home: Path, name: str, folder: Path) -> None:
    """Puts an IDX folder where Keras looks first (``$HOME/.keras/datasets/<name>``), so that
    ``load_data()`` finds it and never downloads."""
    target = home / ".keras" / "datasets" / name
    target.mkdir(parents=True, exist_ok=True)
    for split in IDX_FILES.values():
        for file_name in split:
            source = folder / file_name
            if not source.is_file():
                raise DataError(
                    f"{folder}: {file_name} is missing (a folder of the four IDX files)"
                )
            shutil.copyfile(source, target / file_name)


def keras_backend() -> str | None:
    """The Keras backend of the environment the grader runs in (``jax``, ``torch``,
    ``tensorflow``), as Keras itself would pick it: ``KERAS_BACKEND``, else ``backend`` in
    ``keras.json`` (``$KERAS_HOME``, else ``~/.keras``); None where neither names one (Keras'
    default, TensorFlow). The kernel and the measuring process get their own ``HOME``, so this
    is passed to them: a student's Keras on JAX without TensorFlow still imports there."""
    if os.environ.get("KERAS_BACKEND"):
        return os.environ["KERAS_BACKEND"]
    folder = os.environ.get("KERAS_HOME") or str(Path.home() / ".keras")
    try:
        backend = json.loads((Path(folder) / "keras.json").read_text(encoding="utf-8"))["backend"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return backend if isinstance(backend, str) and backend else None


def model_inputs(images: Images, pad: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """What every model in this course takes: floats in [0, 1], channels last, zero padding."""
    x = images.x.astype(np.float32) / 255.0
    if pad:
        x = np.pad(x, ((0, 0), (pad, pad), (pad, pad)))
    return x[..., np.newaxis], images.y
