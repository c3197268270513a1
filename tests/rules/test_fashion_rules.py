"""04's rules on small real models trained here for seconds on the shipped Fashion-MNIST images:
the threshold formula below, inside and above its band, the contract, the learning-curve reading
and the flag for a history that claims more than the grader measures."""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from grader.boundary import Answer, AnswerStatus, artifact_key
from grader.course.spec import load_assignment
from grader.grading.engine import run_check
from grader.grading.model_answers import evaluation_images, models_facts
from grader.intake.model_facts import Measurement, ModelFacts
from grader.results.records import CheckResult
from grader.rules import accuracy
from grader.rules.base import Evidence
from grader.text.messages import text
from tests.conftest import ROOT

pytestmark = [
    pytest.mark.keras,
    pytest.mark.xdist_group("fashion-rules"),
]  # Keras is imported inside: the quick run never pays for it
SPEC = load_assignment(ROOT, "04_fashion_mnist_cnn")
MODEL, HISTORY = "fashion_cnn.keras", "history.json"


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    import keras

    from tests import keras_models as km

    keras.utils.set_random_seed(5)
    x, y = km.fashion("train")
    x_train, y_train, x_valid, y_valid = x[:5000], y[:5000], x[5000:], y[5000:]
    models = {"untrained": km.tiny_fashion_cnn()}
    models["short"] = km.tiny_fashion_cnn()
    models["short"].fit(x_train, y_train, epochs=3, batch_size=64, verbose=0)
    overfit = km.tiny_fashion_cnn(dropout=False)
    history = overfit.fit(
        x_train[:300], y_train[:300], epochs=40, batch_size=32,
        validation_data=(x_valid, y_valid), verbose=0,
    )  # fmt: skip
    models["overfit"] = overfit
    models["dense_only"] = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Flatten(),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    models["huge"] = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            keras.layers.Conv2D(8, 3),
            keras.layers.Conv2D(8, 3),
            keras.layers.Flatten(),
            keras.layers.Dense(700),  # 4,608 x 700: over 3,000,000
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    folder = tmp_path_factory.mktemp("fashion")
    paths = {name: folder / f"{name}.keras" for name in models}
    for name, model in models.items():
        model.save(paths[name])
    assert SPEC.data.evaluation is not None
    evaluation = evaluation_images(SPEC.data.evaluation)
    measured = models_facts(tuple((p, True) for p in paths.values()), evaluation, None)
    facts = dict(zip(models, measured, strict=True))
    independent = {
        name: keras.models.load_model(paths[name]).evaluate(evaluation.x, evaluation.y, verbose=0)[
            1
        ]
        for name in ("untrained", "short")
    }
    return {"facts": facts, "independent": independent, "overfit_history": history.history}


def run(check_id: str, facts: ModelFacts, history: Any = None, **params: Any) -> CheckResult:
    check = next(c for c in SPEC.checks if c.id == check_id)
    if params:
        check = replace(check, params=accuracy.parse({"file": MODEL, **params}))
    student = {artifact_key(MODEL): Answer(AnswerStatus.OK, facts)}
    if history is not None:
        student[artifact_key(HISTORY)] = Answer(AnswerStatus.OK, history)
    return run_check(check, Evidence(student=student, reference={}))


def formula(measured: float, low: float, high: float) -> float:
    """The spec's formula, written out independently of the rule: 12 x (acc - low) / (high - low),
    rounded down to half points, 0 below, 12 from high."""
    if measured >= high:
        return 12.0
    if measured < low:
        return 0.0
    return math.floor(12 * (measured - low) / (high - low) * 2) / 2


def test_the_graders_accuracy_equals_an_independent_evaluation(trained: dict[str, Any]) -> None:
    for name, independent in trained["independent"].items():
        assert trained["facts"][name].measured.evaluated == 10_000
        assert trained["facts"][name].measured.accuracy == pytest.approx(independent, abs=1e-6)


def test_course_thresholds_score_the_spec_formula(trained: dict[str, Any]) -> None:
    """The default band is 0.88..0.92; a seconds-long CPU training cannot reach it, so the course
    setting is moved around the short model's measured accuracy: above, inside, below the band."""
    facts = trained["facts"]["short"]
    measured = trained["independent"]["short"]
    assert 0.6 < measured < 0.95
    bands = {
        "above": (measured - 0.10, measured - 0.05),
        "inside": (measured - 0.03, measured + 0.02),
        "below": (measured + 0.01, measured + 0.05),
    }
    points = {
        where: run("threshold/accuracy", facts, zero_below=low, full_at=high).points
        for where, (low, high) in bands.items()
    }
    assert points["above"] == 12.0
    assert points["below"] == 0.0
    assert 0 < points["inside"] < 12
    assert points["inside"] == formula(measured, *bands["inside"])


def test_a_model_fitted_to_the_test_images_is_flagged(
    trained: dict[str, Any], tmp_path: Path
) -> None:
    """INT-18: trained on (the first 1,000) test images themselves; measured on those and on the
    private check images, which no kernel sees. An honest model is not flagged."""
    import keras

    from tests import keras_models as km

    keras.utils.set_random_seed(8)
    assert SPEC.data.evaluation is not None
    full = evaluation_images(SPEC.data.evaluation)
    assert full.check_x is not None and len(full.check_x) == 2000
    evaluation = replace(full, x=full.x[:1000], y=full.y[:1000])
    cheat = km.tiny_fashion_cnn(dropout=False)
    cheat.fit(evaluation.x, evaluation.y, epochs=40, batch_size=32, verbose=0)
    cheat.save(tmp_path / "cheat.keras")
    facts = models_facts(((tmp_path / "cheat.keras", True),), evaluation, None)[0]
    flagged = run("threshold/accuracy", facts).outcome
    assert flagged is not None and flagged.flag is not None
    assert "was it trained on the test images?" in text(flagged.flag, "en")
    measured = facts.measured
    assert measured.accuracy is not None and measured.check_accuracy is not None
    assert measured.accuracy - measured.check_accuracy > 0.05
    honest = run("threshold/accuracy", trained["facts"]["short"]).outcome
    assert honest is not None and honest.flag is None
    assert trained["facts"]["short"].measured.check_accuracy is not None


def test_default_band_scores_an_untrained_model_zero(trained: dict[str, Any]) -> None:
    result = run("threshold/accuracy", trained["facts"]["untrained"])
    assert result.points == 0
    assert result.outcome is not None
    assert "below 0.88" in text(result.outcome.message, "en")
    assert "auf 10.000 Testbildern, unter 0,88" in text(result.outcome.message, "de")


@pytest.mark.parametrize("measured", [0.87, 0.88, 0.8937, 0.9, 0.9199, 0.92, 0.95])
def test_default_band_formula(measured: float) -> None:
    facts = ModelFacts(measured=Measurement(True, params=1, accuracy=measured, evaluated=10_000))
    assert run("threshold/accuracy", facts).points == formula(measured, 0.88, 0.92)


@pytest.mark.parametrize(
    ("case", "passes", "named"),
    [
        ("short", True, "A CNN with the right input and output"),
        ("dense_only", False, "0 Conv2D layers, at least 2 required"),
        ("huge", False, "at most 3,000,000 allowed"),
    ],
)
def test_model_contract(trained: dict[str, Any], case: str, passes: bool, named: str) -> None:
    result = run("model_file/contract", trained["facts"][case])
    assert result.passed is passes
    assert named in text(result.outcome.message, "en")  # type: ignore[union-attr]


def test_overfitting_history_is_read_as_overfitting(trained: dict[str, Any]) -> None:
    history = trained["overfit_history"]
    assert history["accuracy"][-1] - history["val_accuracy"][-1] > 0.1
    result = run("history/curves", trained["facts"]["overfit"], history=history)
    assert result.points == 2
    assert result.outcome is not None and result.outcome.mistake is not None
    assert result.outcome.mistake.key in ("doctor.step", "doctor.step_and_more")
    assert "overfitting" in result.outcome.mistake.params["findings"]
    assert "Dropout" in text(result.outcome.mistake, "en")
    assert result.outcome.curves is not None
    assert result.outcome.curves.series["val_accuracy"] == history["val_accuracy"]


def test_claimed_validation_accuracy_far_above_the_measurement_is_flagged(
    trained: dict[str, Any],
) -> None:
    facts = trained["facts"]["short"]
    honest = {"accuracy": [0.7, 0.8], "val_accuracy": [0.7, facts.measured.accuracy]}
    inflated = {"accuracy": [0.7, 0.99], "val_accuracy": [0.7, 0.99]}
    assert run("history/curves", facts, history=honest).outcome.flag is None  # type: ignore[union-attr]
    flag = run("history/curves", facts, history=inflated).outcome.flag  # type: ignore[union-attr]
    assert flag is not None
    assert f"{facts.measured.accuracy:.4f}" in text(flag, "en")


def test_regularisation_found_in_the_saved_model(trained: dict[str, Any]) -> None:
    assert run("regularisation/strategies", trained["facts"]["short"]).passed
    result = run("regularisation/strategies", trained["facts"]["overfit"])
    assert not result.passed
    assert "No regularisation found" in text(result.outcome.message, "en")  # type: ignore[union-attr]


def test_history_without_validation_is_explained(trained: dict[str, Any], tmp_path: Path) -> None:
    result = run("history/curves", trained["facts"]["short"], history={"accuracy": [0.5, 0.6]})
    assert result.points == 0
    assert "val_accuracy is missing: was fit() given validation data?" in text(
        result.outcome.message,
        "en",  # type: ignore[union-attr]
    )
    assert np.isfinite(trained["facts"]["short"].measured.accuracy)
