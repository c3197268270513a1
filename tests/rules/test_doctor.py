"""The training doctor on real scenarios: Keras models trained on Fashion-MNIST by
tests/fixtures/build_doctor.py, measured by the grader's own measuring process on the 10,000 test
images and read through 04's real history check. For each: the diagnosis, the recommended step,
and no advice that contradicts it, in both languages. The confusion matrix and the gallery of
misclassified images are held against an independent evaluation of the same model."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.boundary import Answer, AnswerStatus, ArrayDigest, artifact_key, digest_key
from grader.course.spec import load_assignment
from grader.execute.harvest import _digest
from grader.grading.engine import run_check
from grader.grading.model_answers import evaluation_images, models_facts, read_artifact
from grader.intake.datasets import load_images, model_inputs
from grader.rules.base import Evidence, Outcome
from grader.text.messages import Message, text
from tests.conftest import FIXTURES, ROOT

pytestmark = [pytest.mark.keras, pytest.mark.xdist_group("doctor")]
SPEC = load_assignment(ROOT, "04_fashion_mnist_cnn")
SCENARIOS = FIXTURES / "doctor"
MODEL, HISTORY = "fashion_cnn.keras", "history.json"

# scenario -> (the finding that justifies the step, the step recommended)
EXPECTED = {
    "overfitting": ("doctor.overfitting_from", "doctor.step.stop_early"),
    "underfit-capacity": ("doctor.underfitting_small", "doctor.step.capacity"),
    "underfit-epochs": ("doctor.still_improving", "doctor.step.more_epochs"),
    "diverging": ("doctor.loss_exploded", "doctor.step.lower_rate"),
    "unscaled": ("doctor.unscaled", "doctor.step.scale"),
    "one-hot-sparse": ("doctor.one_hot_sparse", "doctor.step.one_hot_sparse"),
}
# words of advice each diagnosis must never give, in the student's text
UNDERFIT = {
    "de": ["Dropout", "regularis", "Beende"],
    "en": ["dropout", "regularis", "stop the training"],
}
CONTRADICTING = {
    "overfitting": {
        "de": ["mehr Epochen", "mehr Kapazität", "erhöhe"],
        "en": ["more epochs", "more capacity", "raise"],
    },
    "underfit-capacity": UNDERFIT,
    "underfit-epochs": UNDERFIT,
    "diverging": {"de": ["mehr Epochen", "Erhöhe"], "en": ["more epochs", "raise"]},
}


@pytest.fixture(scope="module")
def measured() -> dict[str, Any]:
    """Every scenario's model measured in one measuring process, as a grading does."""
    assert SPEC.data.evaluation is not None
    evaluation = evaluation_images(SPEC.data.evaluation)
    names = sorted(p.name for p in SCENARIOS.iterdir() if (p / MODEL).exists())
    files = tuple((SCENARIOS / name / MODEL, True) for name in names)
    facts = dict(zip(names, models_facts(files, evaluation, None), strict=True))
    return {"facts": facts, "evaluation": evaluation}


def _digests(scenario: Path, folder: Path) -> dict[str, ArrayDigest]:
    """The digests the kernel would make of the scenario's training data (its form: scaled or
    not, labels as numbers or one-hot), by the kernel's own digest function."""
    form = json.loads((scenario / "scenario.json").read_text())
    x, y = model_inputs(load_images(ROOT / "data" / "fashion-mnist", "train"))
    x_valid = x[-form["valid"] :]
    x, y = x[: form["train"]], y[: form["train"]]
    if not form["scaled"]:
        x = np.round(x * 255.0)
    if form["labels"] == "one_hot":
        y = np.eye(10, dtype="float32")[y]
    digests = {}
    for name, value in (("X_train", x), ("y_train", y), ("X_valid", x_valid)):
        _digest(value, str(folder / name), np)
        digests[name] = ArrayDigest.from_json(json.loads((folder / f"{name}.json").read_text()))
    return digests


def _outcome(name: str, measured: dict[str, Any], tmp_path: Path) -> Outcome:
    scenario = SCENARIOS / name
    student = {artifact_key(MODEL): Answer(AnswerStatus.OK, measured["facts"][name])}
    student[artifact_key(HISTORY)] = read_artifact(scenario / HISTORY)
    for data, digest in _digests(scenario, tmp_path).items():
        student[digest_key(data)] = Answer(AnswerStatus.OK, digest)
    check = next(c for c in SPEC.checks if c.id == "history/curves")
    result = run_check(check, Evidence(student=student, reference={}))
    assert result.outcome is not None
    return result.outcome


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_scenario_gets_its_diagnosis_and_step(
    name: str, measured: dict[str, Any], tmp_path: Path
) -> None:
    finding, step = EXPECTED[name]
    advice = _outcome(name, measured, tmp_path).mistake
    assert isinstance(advice, Message) and advice.key in ("doctor.step", "doctor.step_and_more")
    assert advice.params["because"].key == finding
    assert advice.params["step"].key == step
    for lang in ("de", "en"):
        said = text(advice, lang)
        assert text(advice.params["step"], lang) in said and "{" not in said
        for words in CONTRADICTING.get(name, {}).get(lang, []):
            assert words.lower() not in said.lower(), (name, lang, words, said)


def test_the_diagnoses_name_their_numbers(measured: dict[str, Any], tmp_path: Path) -> None:
    """The evidence sentence carries the scenario's own numbers, as each language writes them."""
    history = json.loads((SCENARIOS / "overfitting" / HISTORY).read_text())
    best = history["val_loss"].index(min(history["val_loss"])) + 1
    advice = _outcome("overfitting", measured, tmp_path).mistake
    assert advice is not None
    assert f"Epoche {best}" in text(advice, "de") and f"epoch {best}" in text(advice, "en")
    last = f"{history['val_accuracy'][-1]:.3f}"
    assert last.replace(".", ",") in text(advice, "de") and last in text(advice, "en")
    exploded = _outcome("diverging", measured, tmp_path).mistake
    first = json.loads((SCENARIOS / "diverging" / HISTORY).read_text())["loss"][0]
    assert first > 10 * math.log(10)
    assert exploded is not None and "underfitting" not in exploded.params["findings"]
    shown = f"{round(first):,}"  # a loss in the millions, grouped as each language does
    assert shown in text(exploded, "en") and shown.replace(",", ".") in text(exploded, "de")


def test_a_healthy_model_gets_no_advice(measured: dict[str, Any], tmp_path: Path) -> None:
    outcome = _outcome("healthy", measured, tmp_path)
    assert outcome.mistake is None
    assert outcome.message.key == "history.ok"
    assert "gesund" in text(outcome.message, "de") and "healthy" in text(outcome.message, "en")


def test_without_a_history_the_set_up_is_still_diagnosed(
    measured: dict[str, Any], tmp_path: Path
) -> None:
    """One-hot labels with a sparse loss: the student's fit raised, so there is no history (the
    task's points are lost), yet the doctor names the mismatch from the labels and the loss."""
    assert not (SCENARIOS / "one-hot-sparse" / HISTORY).exists()
    outcome = _outcome("one-hot-sparse", measured, tmp_path)
    assert outcome.score == 0
    assert outcome.mistake is not None
    assert "categorical_crossentropy" in text(outcome.mistake, "en")


def test_confusion_and_gallery_match_an_independent_evaluation(measured: dict[str, Any]) -> None:
    import keras

    evaluation = measured["evaluation"]
    for name in ("healthy", "overfitting"):
        model = keras.models.load_model(SCENARIOS / name / MODEL)
        predicted = np.argmax(model.predict(evaluation.x, batch_size=1000, verbose=0), axis=-1)
        table = np.zeros((10, 10), dtype=int)
        for true, guess in zip(evaluation.y, predicted, strict=True):
            table[true, guess] += 1
        facts = measured["facts"][name].measured
        assert np.array_equal(np.array(facts.confusion), table)
        assert np.trace(table) / table.sum() == pytest.approx(facts.accuracy, abs=1e-9)
        assert len(facts.misclassified) == 8
        for item in facts.misclassified:
            assert evaluation.y[item.index] == item.true != item.predicted == predicted[item.index]
            image = evaluation.x[item.index][..., 0]
            assert np.abs(np.array(item.pixels) / 255 - image / image.max()).max() < 0.01
        pairs = [(m.true, m.predicted) for m in facts.misclassified]
        assert len(set(pairs)) == min(8, np.count_nonzero(table - np.diag(np.diag(table))))
