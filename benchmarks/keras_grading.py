"""What grading the Keras assignments costs, and what the sandboxed evaluation adds.

Prints, medians of REPEATS runs each, on this machine:
- 03_lenet5 per submission: the reference notebook graded as a submission (sandboxed if bwrap is
  installed), first with its reference run, then as in a batch (reference reused): the LeNet-5
  training in the student's kernel dominates;
- 04_fashion_mnist_cnn per submission: the reference with its handed-in model (no retraining):
  kernel start, data split digests, loading and evaluating the model on 10,000 test images;
- evaluating the lecture's 1.4 M-parameter baseline on the 10,000 Fashion-MNIST test images:
  the grader's path (file checks, a separate process under OS limits, sandboxed, safe-mode load,
  predict) against a bare in-process ``model.evaluate`` of the same file.

Usage: python benchmarks/keras_grading.py [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import keras
from check_overhead import median_seconds  # this folder is on sys.path when run as a script
from keras import layers

from grader.execute.sandbox import Sandbox, bwrap_path
from grader.grading import GradeOptions, GradingSession, grade_notebook
from grader.model_answers import evaluation_images, models_facts
from grader.spec import load_assignment

ROOT = Path(__file__).resolve().parents[1]


def baseline() -> keras.Model:
    """The lecture's slide network (1,413,834 parameters), as in 04's notebook."""
    model = keras.Sequential(
        [
            keras.Input(shape=(28, 28, 1)),
            layers.Conv2D(64, 7, activation="relu", padding="same"),
            layers.MaxPooling2D(2),
            layers.Conv2D(128, 3, activation="relu", padding="same"),
            layers.Conv2D(128, 3, activation="relu", padding="same"),
            layers.MaxPooling2D(2),
            layers.Conv2D(256, 3, activation="relu", padding="same"),
            layers.Conv2D(256, 3, activation="relu", padding="same"),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dropout(0.5),
            layers.Dense(64, activation="relu"),
            layers.Dropout(0.5),
            layers.Dense(10, activation="softmax"),
        ]
    )
    model.compile(loss="sparse_categorical_crossentropy", optimizer="nadam", metrics=["accuracy"])
    return model


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    repeats = parser.parse_args().repeats
    sandbox = Sandbox() if bwrap_path() else None
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores; Keras {keras.__version__}")
    print(f"sandbox: {'bubblewrap' if sandbox else 'none (bwrap missing)'}; median of {repeats}")

    for name in ("03_lenet5", "04_fashion_mnist_cnn"):
        spec = load_assignment(ROOT, name)
        options = GradeOptions(seed=1, sandbox=sandbox)
        first = median_seconds(
            lambda spec=spec, o=options: grade_notebook(spec.reference, spec, o), repeats
        )
        session = GradingSession()  # what a batch worker keeps: the reference runs once
        grade_notebook(spec.reference, spec, options, session)
        batch = median_seconds(
            lambda spec=spec, o=options, s=session: grade_notebook(spec.reference, spec, o, s),
            repeats,
        )
        print(f"{name}: {first:6.1f} s per submission alone, {batch:6.1f} s in a batch")

    spec = load_assignment(ROOT, "04_fashion_mnist_cnn")
    assert spec.data.evaluation is not None
    images = evaluation_images(spec.data.evaluation)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "baseline.keras"
        model = baseline()
        model.save(path)
        params = model.count_params()

        def grader_path() -> None:
            facts = models_facts(((path, True),), images, sandbox)[0]
            assert facts.measured.evaluated == len(images.y), facts

        def bare() -> None:
            loaded = keras.models.load_model(path)
            loaded.evaluate(images.x, images.y, batch_size=500, verbose=0)

        bare()  # warm-up: the first evaluate in a process traces the graph
        in_process = median_seconds(bare, repeats)
        sandboxed = median_seconds(grader_path, repeats)
    print(
        f"baseline ({params:,} parameters) on {len(images.y):,} test images: "
        f"grader's sandboxed process {sandboxed:.1f} s, bare in-process evaluate "
        f"{in_process:.1f} s (+{sandboxed - in_process:.1f} s)"
    )


if __name__ == "__main__":
    main()
