"""No student model crashes a rule: hundreds of broken and odd models, generated from real Keras
files, go through the model-file reader and every model rule of 03 and 04 without a kernel.

Each model is a real file's ``config.json`` (LeNet-5, 04's reference CNN) with its layers dropped,
repeated, reordered, swapped between the two models, their settings replaced by odd values (None,
zero, negative, huge, strings, nested lists), its compile record replaced, written as a ``.keras``
archive and read by ``inspect_model_file``; the measuring process's answer (output shapes of any
rank, None sizes, no output, huge counts, no accuracy) is drawn beside it. Each either is refused
with a reason or gets a graded outcome whose message renders in both languages: a rule that
raised would show here as ``rule crashed`` (GRADER_ERROR in a batch).
"""

from __future__ import annotations

import json
import tempfile
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from grader.boundary import Answer, AnswerStatus
from grader.course.spec import load_assignment
from grader.errors import SubmissionError
from grader.grading.engine import run_check
from grader.intake.model_facts import Measurement, ModelFacts, architecture
from grader.intake.model_file import inspect_model_file
from grader.rules.base import Evidence
from grader.text.messages import text
from tests.conftest import ROOT

MODEL_RULES = {"layer-sequence", "input-params", "compiled", "accuracy", "model-contract"}
SPECS = [load_assignment(ROOT, name) for name in ("03_lenet5", "04_fashion_mnist_cnn")]
CHECKS = [c for spec in SPECS for c in spec.checks if c.rule in MODEL_RULES]


def _config(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("config.json"))


LENET = _config(ROOT / "tests" / "fixtures" / "models" / "lenet5.keras")
FASHION = _config(ROOT / "reference" / "fashion_cnn.keras")
LAYERS = [*LENET["config"]["layers"], *FASHION["config"]["layers"]]
ODD = st.one_of(
    st.none(),
    st.integers(-3, 10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=8),
    st.lists(st.one_of(st.none(), st.integers(-2, 4096)), max_size=4),
    st.sampled_from(["softmax", "linear", "relu", "tanh", "same", "valid", "float16", "int32"]),
    st.fixed_dictionaries({"class_name": st.text(max_size=6), "config": st.none()}),
)
KEYS = st.sampled_from(
    ["filters", "units", "kernel_size", "pool_size", "strides", "padding", "activation", "dtype",
     "rate", "batch_shape", "data_format", "name", "axis", "use_bias"]
)  # fmt: skip
COMPILE = st.one_of(
    st.none(),
    st.just(LENET.get("compile_config")),
    st.fixed_dictionaries(
        {
            "loss": st.one_of(ODD, st.sampled_from(["sparse_categorical_crossentropy", "mse"])),
            "metrics": st.one_of(ODD, st.lists(st.sampled_from(["accuracy", "mae"]), max_size=2)),
            "optimizer": st.one_of(st.none(), st.just("adam")),
        }
    ),
)


@st.composite
def layer(draw: st.DrawFn) -> dict[str, Any]:
    """A real layer's dict, some of its settings replaced by odd values."""
    chosen = json.loads(json.dumps(draw(st.sampled_from(LAYERS))))
    for key in draw(st.lists(KEYS, max_size=3)):
        chosen["config"][key] = draw(ODD)
    return chosen


@st.composite
def config(draw: st.DrawFn) -> dict[str, Any]:
    base = json.loads(json.dumps(draw(st.sampled_from([LENET, FASHION]))))
    layers = draw(st.lists(layer(), max_size=12))
    if draw(st.booleans()):  # the real model's layers, with some dropped, repeated or swapped
        real = base["config"]["layers"]
        picks = draw(st.lists(st.integers(0, len(real) - 1), max_size=len(real) + 3))
        layers = [real[i] for i in picks] + layers[: draw(st.integers(0, 2))]
    base["config"]["layers"] = layers
    base["compile_config"] = draw(COMPILE)
    return base


SHAPES = st.lists(st.one_of(st.none(), st.integers(0, 1000)), max_size=4)
MEASURED = st.fixed_dictionaries(
    {
        "loads": st.booleans(),
        "error": st.text(max_size=20),
        "params": st.integers(0, 10**9),
        "input_shape": st.one_of(st.none(), SHAPES, st.just([32, 32, 1]), st.just([28, 28, 1])),
        "output_shape": st.one_of(st.none(), SHAPES, st.just([10]), st.just([1, 1, 10])),
        "accuracy": st.one_of(st.none(), st.floats(0, 1)),
        "evaluated": st.integers(0, 10_000),
        "evaluation_error": st.text(max_size=20),
    }
)


def _facts(folder: Path, drawn: dict[str, Any], measured: dict[str, Any]) -> ModelFacts | str:
    path = folder / "model.keras"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("metadata.json", json.dumps({"keras_version": "3.10.0"}))
        archive.writestr("config.json", json.dumps(drawn))
    try:
        facts = architecture(inspect_model_file(path))
    except SubmissionError as refused:
        return text(refused.message, "en")
    return replace(facts, measured=Measurement.from_json(measured))


@settings(
    max_examples=500, deadline=None, derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)  # fmt: skip
@given(drawn=config(), measured=MEASURED)
def test_no_generated_model_crashes_the_reader_or_a_rule(drawn, measured) -> None:
    with tempfile.TemporaryDirectory() as folder:
        facts = _facts(Path(folder), drawn, measured)
    if isinstance(facts, str):
        event("refused by the reader")
        assert facts  # refused, with the reason
        return
    event("graded")
    reference = _reference()
    for check in CHECKS:
        key = getattr(check.params, "source", check.params).key
        evidence = Evidence(
            student={key: Answer(AnswerStatus.OK, facts)},
            reference={key: Answer(AnswerStatus.OK, reference[check.id.split("/")[0]])},
        )
        result = run_check(check, evidence)
        assert result.error is None, (check.id, result.error)
        assert result.outcome is not None and 0 <= result.points <= check.points
        for lang in ("de", "en"):
            assert text(result.outcome.message, lang)
            assert result.outcome.mistake is None or text(result.outcome.mistake, lang)


_REFERENCE: dict[str, ModelFacts] = {}


def _reference() -> dict[str, ModelFacts]:
    """The reference facts per task, read once from the real files."""
    if not _REFERENCE:
        lenet = architecture(inspect_model_file(ROOT / "tests/fixtures/models/lenet5.keras"))
        fashion = architecture(inspect_model_file(ROOT / "reference" / "fashion_cnn.keras"))
        lenet = replace(lenet, measured=Measurement(True, params=61706, input_shape=(32, 32, 1)))
        fashion = replace(fashion, measured=Measurement(True, params=1, output_shape=(10,)))
        for task in ("architecture", "compiled", "trained"):
            _REFERENCE[task] = lenet
        for task in ("model_file", "threshold"):
            _REFERENCE[task] = fashion
    return _REFERENCE
