"""Adds the Keras assignments (03, 04) to the bundled demo course in demo/course/.

Run once by a maintainer (``python tools/build_demo_keras.py``); the outputs are committed.
- anna: both solved as in the reference (04 hands in the reference's model and history);
- ben: LeNet-5 with max-pooling and relu (the layer-by-layer feedback);
- dave: LeNet-5 on 28x28 inputs (cannot be built: the error explained);
- carla: 04 with a small CNN trained for a few epochs here: below the threshold, with its
  learning curves read in the report (it over-fits: the training doctor says where to stop);
- greta: 04 with a CNN of two 3x3 filters trained until it stops improving: it under-fits (the
  training doctor asks for more capacity).

``python tools/build_demo_keras.py greta`` builds one student only (the others stay as they are).
"""

from __future__ import annotations

import copy
import json
import shutil
import sys
from pathlib import Path

import keras
import nbformat
from keras import layers

from grader.intake.datasets import load_images, model_inputs

ROOT = Path(__file__).resolve().parents[1]
COURSE = ROOT / "demo" / "course"

BEN_LENET = """model = keras.Sequential(
    [
        keras.Input(shape=(32, 32, 1)),
        layers.Conv2D(6, 5, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(16, 5, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(120, 5, activation="relu"),
        layers.Flatten(),
        layers.Dense(84, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ]
)
model.summary()"""

DAVE_LENET = (
    BEN_LENET.replace("(32, 32, 1)", "(28, 28, 1)")
    .replace('"relu"', '"tanh"')
    .replace("MaxPooling2D(2)", "AveragePooling2D(2)")
)

CARLA_MODEL = """model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(16, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(64, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ]
)
model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
history = model.fit(X_train[:2000], y_train[:2000], epochs=12, validation_data=(X_valid, y_valid))
model.save("fashion_cnn.keras")"""


GRETA_MODEL = """model = keras.Sequential(
    [
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(2, 3, activation="relu"),
        layers.MaxPooling2D(4),
        layers.Conv2D(4, 3, activation="relu"),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ]
)
model.compile(
    loss="sparse_categorical_crossentropy",
    optimizer=keras.optimizers.Adam(0.01),
    metrics=["accuracy"],
)
history = model.fit(X_train, y_train, epochs=15, validation_data=(X_valid, y_valid))
model.save("fashion_cnn.keras")"""


def with_answers(reference: Path, answers: dict[str, str]) -> nbformat.NotebookNode:
    notebook = copy.deepcopy(nbformat.read(reference, as_version=4))
    for cell in notebook.cells:
        task = cell.get("metadata", {}).get("grader", {}).get("task")
        if task in answers:
            cell.source = answers[task]
    return notebook


def carla_model(folder: Path) -> None:
    """Runs CARLA_MODEL's training for real on the shipped images (a minute on a CPU)."""
    train(CARLA_MODEL, folder, seed=11)


def train(source: str, folder: Path, seed: int) -> None:
    """Runs a student's model cell for real on the shipped images, saving what it saves."""
    keras.utils.set_random_seed(seed)
    x, y = model_inputs(load_images(ROOT / "data" / "fashion-mnist", "train"))
    n_valid = len(x) // 12
    X_train, X_valid, y_train, y_valid = x[:-n_valid], x[-n_valid:], y[:-n_valid], y[-n_valid:]
    namespace = {"keras": keras, "layers": layers, "X_train": X_train, "y_train": y_train,
                 "X_valid": X_valid, "y_valid": y_valid}  # fmt: skip
    code = source.replace('model.save("fashion_cnn.keras")', "")
    exec(code, namespace)
    namespace["model"].save(folder / "fashion_cnn.keras")
    (folder / "history.json").write_text(json.dumps(namespace["history"].history))


def greta() -> None:
    fashion = ROOT / "reference" / "04_fashion_mnist_cnn.ipynb"
    (COURSE / "greta").mkdir(exist_ok=True)
    nbformat.write(
        with_answers(fashion, {"model_file": GRETA_MODEL}),
        COURSE / "greta" / "04_fashion_mnist_cnn.ipynb",
    )
    train(GRETA_MODEL, COURSE / "greta", seed=12)


def main() -> None:
    reference = ROOT / "reference"
    lenet, fashion = reference / "03_lenet5.ipynb", reference / "04_fashion_mnist_cnn.ipynb"
    shutil.copy(lenet, COURSE / "anna" / "03_lenet5.ipynb")
    shutil.copy(fashion, COURSE / "anna" / "04_fashion_mnist_cnn.ipynb")
    for name in ("fashion_cnn.keras", "history.json"):
        shutil.copy(reference / name, COURSE / "anna" / name)
    nbformat.write(
        with_answers(lenet, {"architecture": BEN_LENET}), COURSE / "ben" / "03_lenet5.ipynb"
    )
    nbformat.write(
        with_answers(lenet, {"architecture": DAVE_LENET}), COURSE / "dave" / "03_lenet5.ipynb"
    )
    nbformat.write(
        with_answers(fashion, {"model_file": CARLA_MODEL}),
        COURSE / "carla" / "04_fashion_mnist_cnn.ipynb",
    )
    carla_model(COURSE / "carla")
    greta()


if __name__ == "__main__":
    greta() if sys.argv[1:] == ["greta"] else main()
