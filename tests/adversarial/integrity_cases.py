"""The corpus cases of issue 13's four classes, several variants each, and their honest controls.

Class 1 (INT-23): the harvest trusted the student's model object (03_lenet5; only pad_to_32, one
point, is honest work in each attack). Class 2 (INT-24): the by-hand ban read only the source
(01_convolution). Class 3 (INT-25): disjointness judged byte by byte (04_fashion_mnist_cnn,
without a handed-in model: data_split is what is judged, and regularisation, which the
reference's code shows). Class 4's notebooks are MAL-14 in
build_cases.py; its handed-in JSON files are MAL-15 here.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

CONV_TAIL = """
    image = np.pad(np.asarray(image, dtype=float), padding)
    kernel = np.asarray(kernel, dtype=float)
    rows = image.shape[0] - kernel.shape[0] + 1
    out = sum(np.array([lib(r, k, "valid") for r in image[a:a + rows]]) for a, k in enumerate(kernel))
    return out[::stride, ::stride]"""
DECODED_NAMES = (
    "def conv2d(image, kernel, stride=1, padding=0):\n"
    '    lib = getattr(__import__("".join(["nu", "mpy"])), bytes([99, 111, 114, 114, 101, 108, 97, 116, 101]).decode())'
    + CONV_TAIL
)
EVAL_BUILT = (
    "def conv2d(image, kernel, stride=1, padding=0):\n"
    '    flip = eval("np." + "evlovnoc"[::-1])\n'
    "    lib = lambda a, k, mode: flip(a, k[::-1], mode)" + CONV_TAIL
)
IMPORTLIB_NUMPY = (  # scipy is imported in INT-24d: a second import would not fit 3 s on a busy machine
    'import importlib\n_lib = importlib.import_module("nu" + "mpy")\n\n'
    "def conv2d(image, kernel, stride=1, padding=0):\n"
    '    flip = getattr(_lib, "con" + "volve")\n'
    "    lib = lambda a, k, mode: flip(a, k[::-1], mode)" + CONV_TAIL
)
BUILTINS_SCIPY_POOL = """_nd = vars(__builtins__)["__im" + "port__"]("scipy.ndimage", fromlist=["x"])

def pool2d(fm, size=2, stride=2, mode="max"):
    fm = np.asarray(fm, dtype=float)
    f = getattr(_nd, ("maximum" if mode == "max" else "uniform") + "_filter")
    full = f(fm, size=size, mode="constant", origin=-(size // 2))
    out_h = (fm.shape[0] - size) // stride + 1
    out_w = (fm.shape[1] - size) // stride + 1
    return full[: (out_h - 1) * stride + 1 : stride, : (out_w - 1) * stride + 1 : stride]"""
PROFILER_OFF = (
    "import sys\n\n"
    "def conv2d(image, kernel, stride=1, padding=0):\n"
    "    sys.setprofile(None)\n"
    '    flip = getattr(np, "con" + "volve")\n'
    "    lib = lambda a, k, mode: flip(a, k[::-1], mode)" + CONV_TAIL
)
EXEC_HELPER = (
    'exec("def _helper(a, k, mode):\\n    return np.correlate(a, k, mode)")\n\n'
    "def conv2d(image, kernel, stride=1, padding=0):\n"
    "    lib = _helper" + CONV_TAIL
)
SCIPY_CHECK_CELL = """import scipy.signal
from scipy.ndimage import maximum_filter  # imported, used here only

mine = conv2d(IMG6, SOBEL_X)
assert np.allclose(mine, scipy.signal.correlate2d(IMG6, SOBEL_X, "valid"))
assert maximum_filter(np.asarray(IMG6), size=2).max() == 10
print("conv2d agrees with scipy.signal.correlate2d")"""

SUBCLASSED_SEQUENTIAL = """class LeNet(keras.Sequential):
    pass

model = LeNet(model.layers)"""
INSTANCE_PATCH = """_config = model.get_config
model.get_config = lambda: _config()"""
CLASS_PATCH = """_get_config = keras.Sequential.get_config
keras.Sequential.get_config = lambda self: _get_config(self)"""
MODULE_PATCH = """import keras.src.saving.saving_lib as _lib
_save = _lib.save_model
_lib.save_model = lambda model, filepath, weights_format="h5", zipped=True: _save(model, filepath, weights_format, zipped)"""
OTHER_COMPUTATION = """import tensorflow as tf
_convolution = tf.nn.convolution
tf.nn.convolution = lambda x, w, *args, **kwargs: _convolution(x, w * 0.5, *args, **kwargs)"""
OWN_LAYER_LENET = """model = keras.Sequential([
    keras.Input(shape=(32, 32, 1)), Quiet(),
    layers.Conv2D(6, 5, activation="tanh"), layers.AveragePooling2D(2, strides=2),
    layers.Conv2D(16, 5, activation="tanh"), layers.AveragePooling2D(2, strides=2),
    layers.Conv2D(120, 5, activation="tanh"), layers.Flatten(),
    layers.Dense(84, activation="tanh"), layers.Dense(10, activation="softmax"),
])"""
# a layer of one's own is allowed (issue 22), but not one that replaces Keras' machinery
OWN_LAYER_COUNT = (
    """class Quiet(layers.Layer):
    def call(self, x):
        return x

    def count_params(self):
        return 0

"""
    + OWN_LAYER_LENET
)
# nor one whose get_config, run while Keras saves, changes another layer for the file only
OWN_LAYER_REWRITES = """import sys

class Quiet(layers.Layer):
    def call(self, x):
        return x

    def get_config(self):
        dense = sys.modules["__main__"].model.layers[-2]
        units, dense.units = dense.units, 84
        return {**super().get_config(), "units": units}

""" + OWN_LAYER_LENET.replace("Dense(84", "Dense(42")

SPLIT = """X_train_full = X_train_full[..., np.newaxis].astype("float32") / 255.0
X_test = X_test[..., np.newaxis].astype("float32") / 255.0
n_valid = len(X_train_full) // 12
X_train, y_train = X_train_full[:-n_valid], y_train_full[:-n_valid]
rng = np.random.default_rng(1)
picked = rng.choice(len(X_train), n_valid, replace=False)
"""
PERTURBED_SPLITS = {
    "gaussian-noise": "X_valid = np.clip(X_train[picked] + rng.normal(0, 0.02, X_train[picked].shape), 0, 1).astype('float32')",
    "plus-minus-one": "X_valid = np.clip(X_train[picked] + rng.integers(-1, 2, X_train[picked].shape) / 255, 0, 1).astype('float32')",
    "shifted-one-pixel": "X_valid = np.roll(X_train[picked], 1, axis=2)",
    "rescaled": "X_valid = X_train[picked] * np.float32(0.97)",
}


def _after_task(task: str, source: str) -> Callable[[dict[str, Any]], None]:
    """An edit that adds an untagged code cell after the task's answer cell."""

    def edit(notebook: dict[str, Any]) -> None:
        for position, cell in enumerate(notebook["cells"]):
            if cell.get("metadata", {}).get("grader", {}).get("task") == task:
                added = copy.deepcopy(cell)
                added["metadata"], added["source"] = {}, source
                added.pop("id", None)
                notebook["cells"].insert(position + 1, added)
                return

    return edit


def _appended(reference: str, task: str, code: str) -> dict[str, str]:
    """The reference's answer of ``task`` with ``code`` after it (in the same cell)."""
    notebook = json.loads(reference)
    for cell in notebook["cells"]:
        if cell.get("metadata", {}).get("grader", {}).get("task") == task:
            return {task: "".join(cell["source"]) + "\n\n" + code}
    raise KeyError(task)


def integrity_cases(case: Callable[..., dict[str, Any]], root: Any) -> list[dict[str, Any]]:
    lenet = (root / "reference" / "03_lenet5.ipynb").read_text(encoding="utf-8")
    untrusted = {"status": "GRADED", "points": 1, "tasks": {"architecture": 0, "trained": 0}}
    tampered = {**untrusted, "flagged": True}
    return [
        # ---- class 1: the harvest trusted the student's objects (03) -------------------------
        case(
            "INT-23a",
            "subclass-of-sequential",
            untrusted,
            _appended(lenet, "architecture", SUBCLASSED_SEQUENTIAL),
            assignment="03_lenet5",
        ),
        case(
            "INT-23b",
            "get-config-patched-on-the-instance",
            tampered,
            _appended(lenet, "architecture", INSTANCE_PATCH),
            assignment="03_lenet5",
        ),
        case(
            "INT-23c",
            "get-config-patched-on-keras-sequential",
            tampered,
            _appended(lenet, "architecture", CLASS_PATCH),
            assignment="03_lenet5",
        ),
        case(
            "INT-23d",
            "saving-function-replaced-in-keras",
            tampered,
            _appended(lenet, "architecture", MODULE_PATCH),
            assignment="03_lenet5",
        ),
        case(
            "INT-23e",
            "kernel-computes-another-model-than-the-file",
            tampered,
            _appended(lenet, "architecture", OTHER_COMPUTATION),
            assignment="03_lenet5",
        ),
        case(
            "INT-23f",
            "own-layer-overrides-count-params",
            untrusted,
            _appended(lenet, "architecture", OWN_LAYER_COUNT),
            assignment="03_lenet5",
        ),
        case(
            "INT-23g",
            "own-layer-rewrites-another-layer-while-saved",
            tampered,
            _appended(lenet, "architecture", OWN_LAYER_REWRITES),
            assignment="03_lenet5",
        ),
        # ---- class 2: the by-hand ban read only the source (01) ------------------------------
        case(
            "INT-24a",
            "numpy-correlate-by-decoded-names",
            {"status": "GRADED", "points": 7, "tasks": {"conv2d": 0}, "flagged": False},
            {"conv2d": DECODED_NAMES},
        ),
        case(
            "INT-24b",
            "numpy-convolve-built-by-eval",
            {"status": "GRADED", "points": 7, "tasks": {"conv2d": 0}},
            {"conv2d": EVAL_BUILT},
        ),
        case(
            "INT-24c",
            "numpy-convolve-through-importlib",
            {"status": "GRADED", "points": 7, "tasks": {"conv2d": 0}},
            {"conv2d": IMPORTLIB_NUMPY},
        ),
        case(
            "INT-24d",
            "scipy-ndimage-pooling-through-builtins",
            {"status": "GRADED", "points": 9, "tasks": {"pooling": 0}},
            {"pooling": BUILTINS_SCIPY_POOL},
        ),
        case(
            "INT-24e",
            "profiler-switched-off-inside-conv2d",
            {"status": "GRADED", "points": 7, "tasks": {"conv2d": 0}, "flagged": True},
            {"conv2d": PROFILER_OFF},
        ),
        case(
            "INT-24f",
            "helper-defined-by-exec",
            {"status": "GRADED", "points": 7, "tasks": {"conv2d": 0}},
            {"conv2d": EXEC_HELPER},
        ),
        case(
            "INT-24g",
            "honest-control-checks-against-scipy",
            {"status": "GRADED", "points": 10},
            edit=_after_task("conv2d", SCIPY_CHECK_CELL),
        ),
        # ---- class 3: disjointness judged byte by byte (04, no model handed in) --------------
        *(
            case(
                f"INT-25{letter}",
                f"validation-set-of-{name}-training-images",
                # the split's points are whole (the spec states no share): near copies cost both
                {"status": "GRADED", "points": 2, "tasks": {"data_split": 0, "regularisation": 2}},
                {"data_split": SPLIT + split + "\ny_valid = y_train[picked]"},
                assignment="04_fashion_mnist_cnn",
            )
            for letter, (name, split) in zip("abcd", PERTURBED_SPLITS.items(), strict=True)
        ),
        case(
            "INT-25e",
            "honest-control-split",
            {"status": "GRADED", "points": 4, "tasks": {"data_split": 2, "regularisation": 2}},
            assignment="04_fashion_mnist_cnn",
        ),
        # ---- class 4: a malformed handed-in JSON file costs its task only ------------------------
        case(
            "MAL-15a",
            "history-json-recursion-bomb",
            {"status": "GRADED", "points": 4, "tasks": {"data_split": 2, "history": 0}},
            assignment="04_fashion_mnist_cnn",
            files={"history.json": b"[" * 50_000 + b"]" * 50_000},
        ),
        case(
            "MAL-15b",
            "history-json-duplicate-keys-and-huge-number",
            {"status": "GRADED", "points": 4, "tasks": {"data_split": 2, "history": 0}},
            assignment="04_fashion_mnist_cnn",
            files={
                "history.json": b'{"accuracy": [0.5], "val_accuracy": [0.4], "accuracy": [0.99], "x": '
                + b"7" * 5000
                + b"}"
            },
        ),
    ]
