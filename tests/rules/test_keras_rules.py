"""The Keras rules on real models: built by Keras, saved to real .keras files, read back by the
grader (config as data, loaded in safe mode in a separate process), then checked against the
LeNet-5 reference with 03's real spec. Each case has its exact points and a message that names
the problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.boundary import Answer, AnswerStatus, model_key
from grader.course.spec import load_assignment
from grader.grading.engine import run_check
from grader.grading.model_answers import evaluation_images, models_facts
from grader.intake.model_facts import ModelFacts
from grader.results.records import CheckResult
from grader.rules.base import Evidence
from grader.text.messages import text
from tests.conftest import ROOT

pytestmark = [
    pytest.mark.keras,
    pytest.mark.xdist_group("keras-rules"),
]  # Keras is imported inside: the quick run never pays for it
SPEC = load_assignment(ROOT, "03_lenet5")
Facts = dict[str, ModelFacts]


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> Facts:
    import keras

    from tests import keras_models as km

    keras.utils.set_random_seed(3)
    models = {
        "reference": km.lenet(),
        "maxpool": km.lenet(pool=keras.layers.MaxPooling2D),
        "relu": km.lenet(activation="relu"),
        "same": km.lenet(first_padding="same"),
        "missing_f6": km.lenet(without_f6=True),
        "extra_dense": km.lenet(extra_dense=True),
        # relu everywhere, max pooling in S2 and a Dense too many: six layers differ
        "six_slips": km.lenet(activation="relu", pool=keras.layers.MaxPooling2D, extra_dense=True),
        "no_flatten": km.lenet(flatten=False),  # Dense on (1, 1, 120) maps: output (1, 1, 10)
        "lambda": km.lenet_with_lambda(),
        "subclassed": km.lying_lenet(),
        "untrained": km.lenet(),
        "categorical": km.lenet(),
        "uncompiled": keras.Sequential([keras.Input((32, 32, 1)), keras.layers.Flatten()]),
    }
    models["categorical"].compile(loss="categorical_crossentropy", metrics=["accuracy"])
    models["objects"] = km.lenet()
    models["objects"].compile(
        loss=keras.losses.SparseCategoricalCrossentropy(),
        metrics=[keras.metrics.SparseCategoricalAccuracy()],
    )
    models["functions"] = km.lenet(activation=keras.activations.tanh)  # type: ignore[arg-type]
    models["functions"].compile(
        loss=keras.losses.sparse_categorical_crossentropy,
        metrics=[keras.metrics.sparse_categorical_accuracy],
    )
    trained = km.lenet()
    x, y = km.mnist_training_digits()
    trained.fit(x, y, epochs=3, batch_size=32, verbose=0)  # as the notebook does
    models["trained"] = trained
    folder = tmp_path_factory.mktemp("lenet")
    paths = []
    for name, model in models.items():
        paths.append(folder / f"{name}.keras")
        model.save(paths[-1])
    assert SPEC.data.evaluation is not None
    evaluation = evaluation_images(SPEC.data.evaluation)
    measured = models_facts(tuple((p, True) for p in paths), evaluation, sandbox=None)
    return dict(zip(models, measured, strict=True))


def check(facts: Facts, case: str, check_id: str) -> CheckResult:
    spec_check = next(c for c in SPEC.checks if c.id == check_id)
    evidence = Evidence(
        student={model_key("model"): Answer(AnswerStatus.OK, facts[case])},
        reference={model_key("model"): Answer(AnswerStatus.OK, facts["reference"])},
    )
    return run_check(spec_check, evidence)


def architecture(facts: Facts, case: str) -> tuple[float, str]:
    results = [
        check(facts, case, i) for i in ("architecture/layers", "architecture/input-and-params")
    ]
    words = " | ".join(
        text(part, "en")
        for r in results
        if r.outcome is not None
        for part in (r.outcome.message, r.outcome.mistake)
    )
    return sum(r.points for r in results), words


def test_reference_facts_are_lenet5(facts: Facts) -> None:
    reference = facts["reference"]
    assert reference.measured.params == 61706
    assert reference.measured.input_shape == (32, 32, 1)
    conv, pool = "Conv2D", "AveragePooling2D"
    assert [layer.type for layer in reference.layers] == [
        conv, pool, conv, pool, conv, "Flatten", "Dense", "Dense",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("case", "points", "named"),
    [
        ("reference", 6.0, "All 8 layers match"),
        # activation=keras.activations.tanh and Keras' loss functions as objects: the same model
        ("functions", 6.0, "All 8 layers match"),
        # 7 of 8 layers match: 5 x 7/8 = 4.375 -> 4.0; pooling has no weights: count still right
        ("maxpool", 5.0, "layer 2: MaxPooling2D, expected AveragePooling2D(2x2)"),
        # C1, C3, C5 and F6 differ: 5 x 4/8 = 2.5; same weights, so the count is right
        ("relu", 3.5, "layer 1 (Conv2D): activation relu, expected tanh"),
        # 7/8 -> 4.0; 32x32 maps after C1 make F6 wider: 0 for the count
        ("same", 4.0, "layer 1 (Conv2D): padding same, expected valid"),
        ("missing_f6", 4.0, "missing layer 7 of the reference: Dense(84, tanh)"),
        # 8 of 9 layers: 5 x 8/9 = 4.44 -> 4.0
        ("extra_dense", 4.0, "extra layer 8: Dense(42, tanh)"),
        # 7 of 8: 4.0; Dense on a (1, 1, 120) map has F6's weights: the count is right
        ("no_flatten", 5.0, "missing layer 6 of the reference: Flatten()"),
        ("lambda", 0.0, "Lambda layer runs arbitrary code"),
        ("subclassed", 0.0, "not from Keras"),
    ],
)
def test_architecture_points_and_message(
    facts: Facts, case: str, points: float, named: str
) -> None:
    earned, words = architecture(facts, case)
    assert earned == points
    assert named in words


def test_wrong_count_is_reported_with_both_numbers(facts: Facts) -> None:
    result = check(facts, "same", "architecture/input-and-params")
    assert result.points == 0
    assert result.outcome is not None
    assert "expected 61,706" in text(result.outcome.message, "en")
    assert "erwartet 61.706" in text(result.outcome.message, "de")


def test_subclassed_model_cannot_claim_its_count(facts: Facts) -> None:
    """count_params() says 61,706; the grader never asks it, and cannot read the class."""
    assert facts["subclassed"].refused is not None
    assert check(facts, "subclassed", "architecture/input-and-params").points == 0


@pytest.mark.parametrize(
    ("case", "points", "named"),
    [
        ("reference", 1.0, "Compiled with sparse_categorical_crossentropy"),
        ("objects", 1.0, "Compiled with sparse_categorical_crossentropy"),
        ("functions", 1.0, "Compiled with sparse_categorical_crossentropy"),
        (
            "categorical",
            0.0,
            "Loss categorical_crossentropy, expected sparse_categorical_crossentropy",
        ),
        ("uncompiled", 0.0, "was not compiled"),
    ],
)
def test_compiled(facts: Facts, case: str, points: float, named: str) -> None:
    result = check(facts, case, "compiled/loss-and-metric")
    assert result.points == points
    assert named in text(result.outcome.message, "en")  # type: ignore[union-attr]


def test_untrained_lenet_fails_trained_and_trained_one_passes(
    facts: Facts,
) -> None:
    untrained = check(facts, "untrained", "trained/accuracy")
    trained = check(facts, "trained", "trained/accuracy")
    assert (facts["untrained"].measured.accuracy or 0) < 0.5
    assert (facts["trained"].measured.accuracy or 0) >= 0.90
    assert facts["trained"].measured.evaluated == 2000
    assert (untrained.points, trained.points) == (0.0, 2.0)
    assert "below 0.9" in text(untrained.outcome.message, "en")  # type: ignore[union-attr]


def test_a_model_without_flatten_is_measured_and_told_its_output_shape(facts: Facts) -> None:
    """Its (1, 1, 10) answers per image would be compared with the labels by broadcasting: no
    accuracy is taken, and the task says why in both languages (the issue's exit-3 crash)."""
    measured = facts["no_flatten"].measured
    assert measured.loads and measured.output_shape == (1, 1, 10) and measured.accuracy is None
    result = check(facts, "no_flatten", "trained/accuracy")
    assert result.points == 0 and result.outcome is not None
    assert "output of shape (1, 1, 10) instead of one probability per class" in text(
        result.outcome.message, "en"
    )
    assert "Ausgabe der Form (1, 1, 10) statt einer Wahrscheinlichkeit" in text(
        result.outcome.message, "de"
    )


def test_measured_accuracy_is_the_graders_own(facts: Facts, tmp_path: Path) -> None:
    """Same number as an independent in-process evaluation of the same file."""
    import keras

    from tests import keras_models as km

    assert SPEC.data.evaluation is not None
    evaluation = evaluation_images(SPEC.data.evaluation)
    path = tmp_path / "again.keras"
    model = km.lenet()
    model.save(path)
    loaded = keras.models.load_model(path)
    _, independent = loaded.evaluate(evaluation.x, evaluation.y, verbose=0)
    measured = models_facts(((path, True),), evaluation, sandbox=None)[0].measured.accuracy
    assert measured == pytest.approx(independent, abs=1e-6)


def test_a_lenet_that_differs_in_six_places_is_counted_by_each_of_its_slips(
    facts: Facts, tmp_path: Path
) -> None:
    """The course summary of three graded LeNets, read back from a real gradebook: anna's six
    layer differences are four slips (relu at C1, C3 and C5 is one), each counted with the
    other students who made it, not one row "the layers differ" with everyone in it."""
    from made_results import gradebook, result, stored

    from grader.results.records import TaskResult, TaskStatus
    from grader.results.tables import assignment_summaries
    from grader.results.view import read_course

    def graded_layers(student: str, case: str):  # type: ignore[no-untyped-def]
        made = check(facts, case, "architecture/layers")
        task = TaskResult(
            "architecture", "Architektur", made.points, made.max_points, TaskStatus.PARTIAL, (made,)
        )
        return stored(student, result("03_lenet5", (task,)))

    differences = check(facts, "six_slips", "architecture/layers").outcome
    assert differences is not None and differences.mistake is not None
    assert len(differences.mistake.params["items"]) == 6
    students = {"anna": "six_slips", "ben": "relu", "carl": "maxpool"}
    out = gradebook(tmp_path / "out", [graded_layers(s, case) for s, case in students.items()])
    (summary,) = assignment_summaries(read_course(out, write=False).views, "en")
    rows = [(m["mistake"], [v.stored.student for v in m["who"]]) for m in summary["mistakes"]]
    assert rows == [
        ("Conv2D: activation relu instead of tanh", ["anna", "ben"]),
        ("Dense: activation relu instead of tanh", ["anna", "ben"]),
        ("layer MaxPooling2D instead of AveragePooling2D(2x2)", ["anna", "carl"]),
        ("extra layer Dense(42, relu)", ["anna"]),
    ]
    (german,) = assignment_summaries(read_course(out, write=False).views, "de")
    assert german["mistakes"][2]["mistake"] == "Schicht MaxPooling2D statt AveragePooling2D(2x2)"
