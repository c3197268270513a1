"""Model files are read as data before anything may load them: the accepted shape, and the attack
shapes of the threat catalogue (ESC-02, ESC-03, INT-15/16, ENV-03, MAL-10)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from grader.errors import SubmissionError
from grader.intake.model_file import inspect_model_file
from grader.text.messages import render

MODELS = Path(__file__).parents[1] / "fixtures" / "models"

# LeNet-5 as the file lists it after its InputLayer (both pooling layers are S2 and S4)
LENET5 = ["Conv2D", "AveragePooling2D", "Conv2D", "AveragePooling2D", "Conv2D", "Flatten"]
LENET5 += ["Dense", "Dense"]


def test_a_keras_3_archive_of_allowed_layers_is_read_without_keras():
    model = inspect_model_file(MODELS / "lenet5.keras")
    assert (model.keras_version, model.model_class) == ("3.15.1", "Sequential")
    assert [layer["class_name"] for layer in model.layers] == ["InputLayer", *LENET5]
    assert (
        model.compile_config is not None
        and model.compile_config["loss"] == "sparse_categorical_crossentropy"
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("lambda-layer.keras", "a Lambda layer runs arbitrary code"),
        ("os-system-in-config.keras", "comes from module 'os', not from Keras"),
        ("tfsm-layer.keras", "TFSMLayer loads an external SavedModel"),
        ("custom-layer.keras", "unsupported custom layer MyConv: the grader does not run your"),
        ("unsafe-deserialization.keras", "switch Keras' safe mode off"),
        ("subclassed-model.keras", "custom class 'Custom>LiarModel'"),
        ("keras-9.keras", "saved with Keras 9.9.9"),
        ("zip-slip.keras", "unsafe path in the archive: '../../evil.py'"),
        ("extra-member.keras", "unexpected file in the archive: 'sitecustomize.py'"),
        ("zip-bomb.keras", "assets/zeros.bin is too large when unpacked"),
        ("not-a-zip.keras", "not a .keras archive"),
        ("model.h5", "only .keras files are accepted"),
    ],
)
def test_attack_shapes_are_refused_with_the_reason(name, reason):
    with pytest.raises(SubmissionError) as error:
        inspect_model_file(MODELS / name)
    assert reason in str(error.value)
    assert render(error.value.message, "de").startswith(f"{MODELS / name}: Modelldatei abgelehnt")
    assert not os.path.exists("/tmp/CANARY-MODEL")


def test_a_link_to_a_model_is_refused(tmp_path):
    link = tmp_path / "fashion_cnn.keras"
    link.symlink_to(MODELS / "lenet5.keras")
    with pytest.raises(SubmissionError, match="not a regular file"):
        inspect_model_file(link)


@pytest.mark.keras
def test_keras_functions_saved_by_name_pass_and_other_names_do_not(tmp_path):
    """compile(loss=keras.losses.sparse_categorical_crossentropy) saves the function by name
    under module "builtins"; Keras resolves such names in its own modules only, so they pass.
    The same shape naming anything else is refused."""
    import json
    import zipfile

    import keras

    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(loss=keras.losses.sparse_categorical_crossentropy, optimizer="adam")
    good = tmp_path / "functions.keras"
    model.save(good)
    assert inspect_model_file(good).compile_config is not None
    with zipfile.ZipFile(good) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    config = json.loads(members["config.json"])
    config["compile_config"]["loss"]["config"] = "system"
    members["config.json"] = json.dumps(config).encode()
    bad = tmp_path / "system.keras"
    with zipfile.ZipFile(bad, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(SubmissionError) as refused:
        inspect_model_file(bad)
    assert "serialized Python function" in render(refused.value.message, "en")


def test_an_oversized_model_file_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "fashion_cnn.keras"
    with open(huge, "wb") as handle:
        handle.truncate(300 * 1024 * 1024)  # sparse: no disk used
    with pytest.raises(SubmissionError) as refused:
        inspect_model_file(huge)
    assert "bytes; a model file may have" in render(refused.value.message, "en")


@pytest.mark.keras
def test_a_layer_called_twice_is_listed_once_per_call_in_the_order_data_flows(tmp_path):
    """The Keras guide's shared layers: one AveragePooling2D as LeNet-5's S2 and S4 is the same
    network (no weights), so the file's layer list holds it twice, where it is called; an
    unshared functional model keeps the order its config lists."""
    import keras
    from keras import layers

    inputs = keras.Input((32, 32, 1))
    pool = layers.AveragePooling2D(2, 2)
    x = pool(layers.Conv2D(6, 5, activation="tanh")(inputs))
    x = pool(layers.Conv2D(16, 5, activation="tanh")(x))
    x = layers.Flatten()(layers.Conv2D(120, 5, activation="tanh")(x))
    outputs = layers.Dense(10, activation="softmax")(layers.Dense(84, activation="tanh")(x))
    shared = keras.Model(inputs, outputs)
    shared.save(tmp_path / "shared.keras")
    found = inspect_model_file(tmp_path / "shared.keras").layers
    assert [layer["class_name"] for layer in found] == ["InputLayer", *LENET5]

    branch = keras.Input((8,))
    left, right = layers.Dense(4, name="left")(branch), layers.Dense(4, name="right")(branch)
    joined = keras.Model(branch, layers.Concatenate(name="join")([left, right]))
    joined.save(tmp_path / "joined.keras")
    names = [layer["name"] for layer in inspect_model_file(tmp_path / "joined.keras").layers]
    assert names == [layer.name for layer in joined.layers]


def test_a_handed_in_custom_layer_costs_the_model_tasks_with_the_reason_in_both_languages():
    """ESC-03: a handed-in file (04) is loaded outside the kernel, where the student's class
    does not exist: refused, never loaded, and the student reads why and what to use instead."""
    from grader.boundary import Answer, AnswerStatus, artifact_key
    from grader.grading.model_answers import models_facts
    from grader.rules import accuracy, model_contract
    from grader.rules.base import Evidence

    (facts,) = models_facts(((MODELS / "custom-layer.keras", True),), None, None)
    evidence = Evidence({artifact_key("fashion_cnn.keras"): Answer(AnswerStatus.OK, facts)}, {})
    for rule, raw in (
        (model_contract, {"input_shape": [28, 28, 1], "classes": 10, "max_params": 3000000}),
        (accuracy, {"full_at": 0.92}),
    ):
        params = rule.parse({"file": "fashion_cnn.keras", **raw})
        outcome = rule.check(params, evidence, False)
        assert (outcome.score, outcome.flag) == (0.0, None)
        assert (
            "model file refused: unsupported custom layer MyConv: the grader does not run your "
            "code to load it; use Keras' own layers"
        ) in render(outcome.message, "en")
        assert "nicht unterstützte eigene Schicht MyConv" in render(outcome.message, "de")


def test_only_the_layers_the_guard_vouched_for_are_read_as_the_students_own():
    """A file the guard saved in the kernel names its own layers' classes; any other custom
    layer, or one that claims a Keras module, is read as before (refused or Keras' own)."""
    model = inspect_model_file(MODELS / "custom-layer.keras", frozenset({"MyConv"}))
    assert [model.is_custom(layer) for layer in model.layers].count(True) == 1
    with pytest.raises(SubmissionError, match="unsupported custom layer MyConv"):
        inspect_model_file(MODELS / "custom-layer.keras", frozenset({"OtherLayer"}))
    lenet = inspect_model_file(MODELS / "lenet5.keras", frozenset({"Conv2D"}))
    assert not any(lenet.is_custom(layer) for layer in lenet.layers)
