"""Layers of a student's own class (Keras' guide "Making new layers and models via subclassing")
in a real kernel: the guard lets a layer that defines only what a layer author writes leave the
kernel, saved by Keras and read outside as data, never loaded (ESC-03); a layer that replaces
Keras' machinery the grader relies on stays refused, and a file that states other layers than
the kernel's model (changed while it was saved) is refused as tampering. A model the grader
cannot ask for one answer per image (never built, two inputs or outputs, sizes left open) gets
a catalogue message instead of Keras' exception text."""

from __future__ import annotations

from pathlib import Path

import pytest

from grader.boundary import (
    Answer,
    AnswerStatus,
    ExecutionLimits,
    SavedModel,
    TaskRequest,
    model_key,
)
from grader.execute.kernel import KernelRun, run_kernel
from grader.grading.model_answers import own_layers_facts
from grader.intake.model_facts import Measurement, ModelFacts
from grader.intake.notebook import CodeCell
from grader.rules import compiled, input_params, layer_sequence
from grader.rules.base import Evidence, Outcome
from grader.rules.helpers.model_source import ModelSource
from grader.text.messages import text

pytestmark = [pytest.mark.kernel, pytest.mark.keras, pytest.mark.xdist_group("own-layers")]
SETUP = """import numpy as np
import keras
from keras import layers

def lenet(f6):
    return keras.Sequential([
        keras.Input((32, 32, 1)),
        layers.Conv2D(6, 5, activation="tanh"), layers.AveragePooling2D(2),
        layers.Conv2D(16, 5, activation="tanh"), layers.AveragePooling2D(2),
        layers.Conv2D(120, 5, activation="tanh"), layers.Flatten(),
        f6, layers.Dense(10, activation="softmax"),
    ])"""
# F6 written as the Keras guide writes a layer of one's own: build, call, get_config, a helper
OWN_DENSE = """class TanhDense(layers.Layer):
    def __init__(self, units, **kwargs):
        super().__init__(**kwargs)
        self.units = units

    def build(self, input_shape):
        self.w = self.add_weight(shape=(input_shape[-1], self.units), initializer="glorot_uniform")
        self.b = self.add_weight(shape=(self.units,), initializer="zeros")

    def affine(self, x):
        return keras.ops.matmul(x, self.w) + self.b

    def call(self, x):
        return keras.ops.tanh(self.affine(x))

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], self.units)

    def get_config(self):
        return {**super().get_config(), "units": self.units}
"""
HONEST = {
    "own_dense": OWN_DENSE
    + """model = lenet(TanhDense(84))
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
model.fit(np.zeros((8, 32, 32, 1)), np.arange(8), epochs=1, verbose=0)""",
    "own_activation_in_a_block": """class ScaledTanh(layers.Layer):
    '''1.7159 * tanh(2x/3), LeCun's activation.'''
    scale = 1.7159

    def call(self, x):
        return self.scale * keras.ops.tanh(x * 2.0 / 3.0)

class Block(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = layers.Dense(84)
        self.act = ScaledTanh()

    def call(self, x):
        return self.act(self.dense(x))

model = lenet(Block())""",
    "functional_with_an_op_and_a_wrapped_block": """class Stem(layers.Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.block = keras.Sequential([layers.Conv2D(6, 5), layers.AveragePooling2D(2)])

    def call(self, x):
        return self.block(x)

inputs = keras.Input((32, 32, 1))
x = layers.Flatten()(keras.ops.tanh(Stem()(inputs)))
model = keras.Model(inputs, layers.Dense(10, activation="softmax")(x))""",
}
ATTACKS = {  # each replaces what the grader relies on, in the class body
    "count_params": OWN_DENSE + "    def count_params(self):\n        return 10164\n",
    "save_own_variables": OWN_DENSE
    + "    def save_own_variables(self, store):\n        store['0'] = np.zeros((84, 10))\n",
    "__call__": OWN_DENSE + "    def __call__(self, *args, **kwargs):\n        return args[0]\n",
    "weights": OWN_DENSE + "    @property\n    def weights(self):\n        return []\n",
}
UNFAITHFUL = {  # the file would name other layers than the kernel's model holds
    "dressed_as_keras": """class Conv2D(layers.Layer):
    def call(self, x):
        return x
Conv2D.__module__ = "keras.layers"
model = lenet(Conv2D())""",
    "changes_a_layer_while_saved": """import sys
class Quiet(layers.Layer):
    def call(self, x):
        return x

    def get_config(self):
        sys.modules["__main__"].model.layers[-1].units = 7
        return super().get_config()
model = lenet(Quiet())""",
}
SHAPES = {
    "unbuilt": "model = keras.Sequential([layers.Flatten(), layers.Dense(10)])",
    "two_inputs": """a, b = keras.Input((32, 32, 1)), keras.Input((4,))
model = keras.Model([a, b], layers.Dense(10)(layers.Concatenate()([layers.Flatten()(a), b])))""",
    "two_outputs": """a = keras.Input((32, 32, 1))
flat = layers.Flatten()(a)
model = keras.Model(a, [layers.Dense(10)(flat), layers.Dense(2)(flat)])""",
    "open_size": """a = keras.Input((None, None, 1))
model = keras.Model(a, layers.Dense(10)(layers.GlobalAveragePooling2D()(a)))""",
}


def _models(tmp_path: Path, sources: dict[str, str]) -> dict[str, Answer]:
    """Each source defines ``model`` in its own cell; the harvest after it exports that model."""
    cells = [CodeCell(0, None, SETUP)]
    cells += [CodeCell(i + 1, name, sources[name]) for i, name in enumerate(sources)]
    requests = {name: TaskRequest(models=("model",)) for name in sources}
    run = KernelRun(
        tuple(cells), requests, ExecutionLimits(cell_timeout_s=120), tmp_path, tmp_path / "keep"
    )
    answers = run_kernel(run).answers
    return {name: answers[name][model_key("model")] for name in sources}


def _grade(rule: object, facts: ModelFacts | Answer, reference: ModelFacts) -> Outcome:
    answer = facts if isinstance(facts, Answer) else Answer(AnswerStatus.OK, facts)
    evidence = Evidence(
        student={model_key("model"): answer},
        reference={model_key("model"): Answer(AnswerStatus.OK, reference)},
    )
    return rule.check(ModelSource(model="model"), evidence, False)  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def reference() -> ModelFacts:
    """LeNet-5's facts as the grader reads the reference (its layers from a file Keras saved)."""
    from grader.intake.model_facts import architecture
    from grader.intake.model_file import inspect_model_file
    from tests import keras_models as km

    folder = Path(__import__("tempfile").mkdtemp(prefix="own-layers-"))
    km.lenet().save(folder / "lenet.keras")
    facts = architecture(inspect_model_file(folder / "lenet.keras"))
    return ModelFacts(
        layers=facts.layers,
        compile=facts.compile,
        measured=Measurement(loads=True, params=61706, input_shape=(32, 32, 1)),
    )


def test_an_own_layer_leaves_the_kernel_and_costs_only_its_place(
    tmp_path: Path, reference: ModelFacts
) -> None:
    """The model is read as data: the own layer is one layer of its own type (LeNet-5 with its
    own F6: 7 of 8 layers, 4 of 5 points), compile as for any model; the parameter count would
    need the student's class outside the kernel: 0, said in both languages, never a flag."""
    answers = _models(tmp_path, HONEST)
    assert {n: (a.status, a.detail) for n, a in answers.items()} == {
        n: (AnswerStatus.OK, "") for n in HONEST
    }
    saved = answers["own_dense"].value
    assert isinstance(saved, SavedModel) and saved.custom == ("TanhDense",)
    assert answers["own_activation_in_a_block"].value.custom == ("Block", "ScaledTanh")
    assert answers["functional_with_an_op_and_a_wrapped_block"].value.custom == ("Stem",)
    facts = own_layers_facts(saved.path, saved.custom)
    assert facts.refused is None and facts.untrusted is None
    assert [layer.describe() for layer in facts.layers][-2:] == [
        "TanhDense(...)",
        "Dense(10, softmax)",
    ]
    layers = _grade(layer_sequence, facts, reference)
    assert (layers.score, layers.flag) == (7 / 8, None)
    assert "layer 7: your own layer class TanhDense, expected Dense(84, tanh)" in text(
        layers.mistake, "en"
    )
    assert "Schicht 7: deine eigene Schichtklasse TanhDense" in text(layers.mistake, "de")
    assert _grade(compiled, facts, reference).score == 1.0
    params = _grade(input_params, facts, reference)
    assert (params.score, params.flag) == (0.0, None)
    english, german = text(params.message, "en"), text(params.message, "de")
    assert (
        "Unsupported custom layer TanhDense" in english and "no suspicion of tampering" in english
    )
    assert "eigene Schicht TanhDense" in german and "kein Manipulationsverdacht" in german


def test_an_own_layer_that_replaces_keras_machinery_stays_refused(
    tmp_path: Path, reference: ModelFacts
) -> None:
    answers = _models(
        tmp_path, {name: src + "model = lenet(TanhDense(84))" for name, src in ATTACKS.items()}
    )
    assert {n: (a.status, a.detail) for n, a in answers.items()} == {
        n: (AnswerStatus.UNTRUSTED, f"override:TanhDense.{n}") for n in ATTACKS
    }
    outcome = _grade(layer_sequence, answers["count_params"], reference)
    assert (outcome.score, outcome.flag) == (0.0, None)
    assert "replaces Keras' own count_params" in text(outcome.message, "en")
    assert "ersetzt" in text(outcome.message, "de")


def test_a_file_that_names_other_layers_than_the_kernel_holds_is_tampering(
    tmp_path: Path, reference: ModelFacts
) -> None:
    answers = _models(tmp_path, UNFAITHFUL)
    assert {n: (a.status, a.detail) for n, a in answers.items()} == {
        "dressed_as_keras": (AnswerStatus.UNTRUSTED, "saved:7"),
        "changes_a_layer_while_saved": (AnswerStatus.UNTRUSTED, "saved:8"),
    }
    outcome = _grade(layer_sequence, answers["dressed_as_keras"], reference)
    assert outcome.score == 0.0 and outcome.flag is not None
    assert "states layer 7 otherwise" in text(outcome.message, "en")


def test_a_model_without_one_answer_per_image_is_told_what_is_wrong(
    tmp_path: Path, reference: ModelFacts
) -> None:
    """Never Keras' exception text: what is wrong, and the input the task expects."""
    answers = _models(tmp_path, SHAPES)
    assert {n: (a.status, a.detail) for n, a in answers.items()} == {
        "unbuilt": (AnswerStatus.UNSUPPORTED, "shape:unbuilt"),
        "two_inputs": (AnswerStatus.UNSUPPORTED, "shape:inputs:2"),
        "two_outputs": (AnswerStatus.UNSUPPORTED, "shape:outputs:2"),
        "open_size": (AnswerStatus.UNSUPPORTED, "shape:open:(None, None, 1)"),
    }
    said = {
        name: tuple(
            text(_grade(layer_sequence, a, reference).message, lang) for lang in ("en", "de")
        )
        for name, a in answers.items()
    }
    assert said["unbuilt"][0].startswith("`model` was never built: Keras does not know its input")
    assert "nie gebaut" in said["unbuilt"][1]
    assert said["two_inputs"] == (
        "`model` has 2 inputs; the task expects one input of shape (32, 32, 1).",
        "`model` hat 2 Eingänge; die Aufgabe erwartet einen Eingang der Form (32, 32, 1).",
    )
    assert "2 outputs" in said["two_outputs"][0] and "2 Ausgänge" in said["two_outputs"][1]
    assert "(None, None, 1)" in said["open_size"][0] and "(32, 32, 1)" in said["open_size"][1]
    assert not any("Error" in words for pair in said.values() for words in pair)


@pytest.mark.slow
@pytest.mark.timeout(900)
def test_a_lenet5_with_an_own_layer_is_graded_without_a_flag(tmp_path: Path) -> None:
    """03 graded whole, in real kernels: LeNet-5 whose F6 is the student's own layer class.
    The layer list loses the one layer (7 of 8: 4 of 5 points), the parameters point and the
    accuracy need the model loaded outside the kernel: 0, with the layer named, in German and
    English; compiled and pad_to_32 in full; nothing flagged, nothing refused as tampering."""
    import json

    from grader.course.spec import load_assignment
    from grader.grading.submission import GradeOptions, grade_notebook
    from tests.conftest import ROOT

    notebook = json.loads((ROOT / "reference" / "03_lenet5.ipynb").read_text(encoding="utf-8"))
    answers = {
        "architecture": OWN_DENSE
        + """model = keras.Sequential([
    keras.Input(shape=(32, 32, 1)),
    layers.Conv2D(6, 5, activation="tanh"), layers.AveragePooling2D(2, strides=2),
    layers.Conv2D(16, 5, activation="tanh"), layers.AveragePooling2D(2, strides=2),
    layers.Conv2D(120, 5, activation="tanh"), layers.Flatten(),
    TanhDense(84), layers.Dense(10, activation="softmax"),
])""",
        "trained": "history = model.fit(pad_to_32(X_train[:2000]), y_train[:2000], epochs=1,"
        " batch_size=32, verbose=0)",
    }
    for cell in notebook["cells"]:
        task = cell.get("metadata", {}).get("grader", {}).get("task")
        if task in answers:
            cell["source"], cell["outputs"], cell["execution_count"] = answers[task], [], None
    path = tmp_path / "03_lenet5.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    result = grade_notebook(path, load_assignment(ROOT, "03_lenet5"), GradeOptions(seed=4))
    points = {t.task: t.points for t in result.tasks}
    assert (result.status.value, result.warnings, result.cell_errors) == ("GRADED", (), ())
    assert points == {"architecture": 4.0, "compiled": 1.0, "pad_to_32": 1.0, "trained": 0.0}
    unloaded = [
        c.outcome
        for t in result.tasks
        for c in t.checks
        if c.id in ("architecture/input-and-params", "trained/accuracy")
    ]
    for outcome in unloaded:
        assert outcome is not None and outcome.flag is None
        assert text(outcome.message, "en").startswith("Unsupported custom layer TanhDense")
        assert text(outcome.message, "de").startswith("Nicht unterstützte eigene Schicht TanhDense")
