"""What the training doctor (issue 25) adds to a 04 grading, against that grading as a whole.

The doctor's work has four parts, each timed REPEATS times in one run (medians):
- per class: the confusion matrix and the gallery of misclassified images, from the
  predictions the measuring process makes anyway (``evaluate_model._per_class``) on the 10,000
  test images;
- examine: the examinations on the history, the model's facts and the data's digests;
- pictures: the confusion matrix and the gallery drawn for the student's page;
- stored: what the gallery adds to the result's JSON in the gradebook (bytes).
Against: the whole grading of the demo's carla (04, sandboxed where bubblewrap is), once, and
the prediction the measuring process makes without the doctor (the bare baseline of the part
the doctor extends).

Usage: python benchmarks/doctor_overhead.py [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
from bare import median_seconds  # this folder is on sys.path when run as a script

from grader.course.spec import load_assignment
from grader.execute import evaluate_model
from grader.execute.sandbox import Sandbox, bwrap_path
from grader.grading.model_answers import evaluation_images
from grader.grading.submission import GradeOptions, grade_notebook
from grader.intake.model_facts import Measurement, ModelFacts
from grader.report.model_pictures import confusion_svg, gallery_svg
from grader.rules.helpers.doctor import Patient, examine
from grader.rules.helpers.learning_curve import Curves

ROOT = Path(__file__).resolve().parents[1]
CARLA = ROOT / "demo" / "course" / "carla"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    import keras

    spec = load_assignment(ROOT, "04_fashion_mnist_cnn")
    assert spec.data.evaluation is not None
    evaluation = evaluation_images(spec.data.evaluation)
    model = keras.models.load_model(CARLA / "fashion_cnn.keras", compile=False)
    scores = evaluate_model._scores(model, evaluation.x, np)
    predict = median_seconds(lambda: evaluate_model._scores(model, evaluation.x, np), repeats)
    per_class = evaluate_model._per_class(scores, evaluation.x, evaluation.y, np)
    measured = Measurement.from_json({"loads": True, "params": 1, **per_class})
    curves = Curves(
        {},
        confusion=measured.confusion,
        misclassified=measured.misclassified,
        classes="fashion-mnist",
    )
    history = json.loads((CARLA / "history.json").read_text())
    patient = Patient(
        series=history,
        facts=ModelFacts(measured=measured),
        pixels=(0.0, 1.0),
        labels=(55000,),
        classes="fashion-mnist",
    )
    parts = {
        "per class": median_seconds(
            lambda: evaluate_model._per_class(scores, evaluation.x, evaluation.y, np), repeats
        ),
        "examine": median_seconds(lambda: examine(patient), repeats),
        "pictures": median_seconds(
            lambda: (confusion_svg(curves, "de"), gallery_svg(curves, "de")), repeats
        ),
    }
    stored = len(json.dumps(curves.to_json()["misclassified"])) + len(
        json.dumps(curves.to_json()["confusion"])
    )
    options = GradeOptions(seed=1, sandbox=Sandbox() if bwrap_path() else None)
    started = time.perf_counter()
    grade_notebook(CARLA / "04_fashion_mnist_cnn.ipynb", spec, options)
    grading = time.perf_counter() - started
    added = sum(parts.values())
    print(f"04 grading of carla (whole, once): {grading:.2f} s")
    print(f"prediction on {len(evaluation.y):,} test images (bare baseline): {predict:.3f} s")
    for name, seconds in parts.items():
        print(f"doctor, {name}: {1000 * seconds:.2f} ms (median of {repeats})")
    print(f"doctor in all: {1000 * added:.1f} ms = {100 * added / grading:.2f} % of the grading")
    print(f"stored per student (confusion and gallery, JSON): {stored / 1024:.1f} KiB")


if __name__ == "__main__":
    main()
