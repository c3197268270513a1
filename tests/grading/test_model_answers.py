"""Handed-in files beside the notebook, read as answers: whatever they hold, a status, never a
crash of the grader."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from grader.grading.model_answers import probe_mismatch, read_artifact
from grader.intake.model_facts import Measurement, ModelFacts


def test_history_json_is_read_as_data(tmp_path: Path) -> None:
    (tmp_path / "history.json").write_text('{"accuracy": [0.5], "val_accuracy": [0.4]}')
    answer = read_artifact(tmp_path / "history.json")
    assert answer.ok and answer.value["accuracy"] == [0.5]


def test_missing_broken_nested_and_linked_files_get_a_status(tmp_path: Path) -> None:
    assert read_artifact(tmp_path / "history.json").status == "missing"
    (tmp_path / "broken.json").write_text("{not json")
    assert read_artifact(tmp_path / "broken.json").status == "unsupported"
    (tmp_path / "deep.json").write_text("[" * 100_000 + "]" * 100_000)  # recursion bomb
    assert read_artifact(tmp_path / "deep.json").status == "unsupported"
    (tmp_path / "link.json").symlink_to("/etc/passwd")
    assert "not a regular file" in read_artifact(tmp_path / "link.json").detail
    (tmp_path / "model.keras").write_bytes(b"PK")
    kept = read_artifact(tmp_path / "model.keras")
    assert kept.ok and kept.value == tmp_path / "model.keras"  # checked later, as a model file


def test_a_malformed_handed_in_json_file_is_unsupported_with_the_reason(tmp_path):
    """history.json with a recursion bomb, a huge number, a duplicate key or a lone surrogate:
    the task that reads it gets the reason (naming the file, in both languages), never a crash."""
    files = {
        "deep.json": b"[" * 50_000 + b"]" * 50_000,
        "huge.json": b'{"accuracy": [' + b"9" * 5000 + b"]}",
        "twice.json": b'{"accuracy": [0.1], "accuracy": [0.9]}',
        "surrogate.json": b'{"accuracy\\udc80": [0.5]}',
        "latin.json": '{"genauigkeit": "é"}'.encode("latin-1"),
    }
    for name, content in files.items():
        (tmp_path / name).write_bytes(content)
        answer = read_artifact(tmp_path / name)
        assert answer.status == "unsupported" and answer.reason is not None
        assert str(tmp_path / name) in answer.reason.render("de")
        assert answer.reason.render("de") != answer.reason.render("en")


def test_a_model_answering_with_maps_is_compared_image_by_image() -> None:
    """A LeNet-5 without Flatten: the kernel's probe is (n, 1, 1, 10), the measuring process's
    one row per image; the same numbers are no mismatch (an honest wrong model is no tampering),
    other numbers are."""
    kernel = np.arange(40, dtype=np.float32).reshape(4, 1, 1, 10) / 40
    rows = tuple(tuple(float(v) for v in image.ravel()) for image in kernel)
    facts = ModelFacts(measured=Measurement(True, params=1, probe_outputs=rows))
    assert probe_mismatch(kernel, facts) is None
    assert probe_mismatch(kernel + 0.5, facts) == "probe:0.5"


ODD_MODELS = {  # a sample of the generated kinds, built by Keras in a real kernel
    "reference": "model = lenet()",
    "no_flatten": "model = lenet(flatten=False)",
    "global_pooling": "model = lenet(flatten=False, head=[layers.GlobalAveragePooling2D()])",
    "one_unit": "model = lenet(units=1, softmax='sigmoid')",
    "thousand_units": "model = lenet(units=1000)",
    "logits": """model = lenet(softmax=None)
model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])""",
    "float16": "model = lenet(dtype='float16')",
    "int_input": """inputs = keras.Input((32, 32, 1), dtype="int32")
model = keras.Model(inputs, lenet()(layers.Rescaling(1.0)(inputs)))""",
    "two_outputs": """inputs = keras.Input((32, 32, 1))
x = layers.Flatten()(inputs)
model = keras.Model(inputs, [layers.Dense(10, activation="softmax")(x), layers.Dense(2)(x)])""",
    "two_inputs": """a, b = keras.Input((32, 32, 1)), keras.Input((4,))
x = layers.Concatenate()([layers.Flatten()(a), b])
model = keras.Model([a, b], layers.Dense(10, activation="softmax")(x))""",
    "never_built": "model = keras.Sequential([layers.Dense(84), layers.Dense(10, activation='softmax')])",
    "no_layers": "model = keras.Sequential()",
    "none_input": """model = keras.Sequential([keras.Input((None, None, 1)), layers.Conv2D(6, 5),
                          layers.GlobalMaxPooling2D(), layers.Dense(10, activation="softmax")])""",
    "large": "model = lenet(head=[layers.Flatten(), layers.Dense(3000, activation='relu')])",
    "not_a_model": "model = 'LeNet-5'",
}
BUILDER = """import keras
from keras import layers

def lenet(flatten=True, head=(), units=10, softmax="softmax", dtype=None):
    stack = [keras.Input((32, 32, 1)), layers.Conv2D(6, 5, activation="tanh"),
             layers.AveragePooling2D(2), layers.Conv2D(16, 5, activation="tanh"),
             layers.AveragePooling2D(2), layers.Conv2D(120, 5, activation="tanh")]
    stack += [layers.Flatten()] if flatten else []
    stack += [*head, layers.Dense(84, activation="tanh"), layers.Dense(units, activation=softmax, dtype=dtype)]
    model = keras.Sequential(stack)
    model.compile(loss="sparse_categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    return model"""


@pytest.mark.kernel
@pytest.mark.keras
def test_odd_models_from_a_real_kernel_are_graded_not_crashed(tmp_path: Path) -> None:
    """Each odd model leaves the kernel (or is said not to), is measured in the measuring
    process on 03's held-out digits and the probe images, and every model rule of 03 and 04
    grades it with a message in both languages: no rule crashed, no exception."""
    from dataclasses import replace

    from grader.boundary import Answer, AnswerStatus, ExecutionLimits, SavedModel, TaskRequest
    from grader.boundary import model_key as key_of
    from grader.course.spec import load_assignment
    from grader.execute.kernel import KernelRun, run_kernel
    from grader.grading.engine import run_check
    from grader.grading.model_answers import evaluation_images, models_facts, probe_pool
    from grader.intake.notebook import CodeCell
    from grader.rules.base import Evidence
    from grader.text.messages import text
    from tests.conftest import ROOT

    cells = [CodeCell(0, None, BUILDER)]
    cells += [CodeCell(i + 1, name, ODD_MODELS[name]) for i, name in enumerate(ODD_MODELS)]
    requests = {name: TaskRequest(models=("model",)) for name in ODD_MODELS}
    run = KernelRun(
        tuple(cells), requests, ExecutionLimits(cell_timeout_s=120), tmp_path, tmp_path / "keep"
    )
    answers = {name: found[key_of("model")] for name, found in run_kernel(run).answers.items()}
    saved = {n: a.value for n, a in answers.items() if a.ok and isinstance(a.value, SavedModel)}
    lenet = load_assignment(ROOT, "03_lenet5")
    assert lenet.data.evaluation is not None
    seeds = {model.probe_seed for model in saved.values()}
    *facts, fashion_facts = models_facts(
        (*((m.path, True) for m in saved.values()), (ROOT / "reference/fashion_cnn.keras", False)),
        evaluation_images(lenet.data.evaluation),
        sandbox=None,
        probe=probe_pool(seeds.pop()) if seeds else None,
    )
    lenet_facts = facts[list(saved).index("reference")]
    reference = {"03_lenet5": lenet_facts, "04_fashion_mnist_cnn": fashion_facts}
    resolved = dict(answers)
    for (name, model), found in zip(saved.items(), facts, strict=True):
        untrusted = probe_mismatch(model.probe, found)
        resolved[name] = Answer(AnswerStatus.OK, replace(found, untrusted=untrusted))
        assert untrusted is None, (name, untrusted)  # an odd model is no tampering
    # several inputs or outputs, an unbuilt model or a None size: the guard says which before it
    # saves (a catalogue sentence for the student, never Keras' exception text); a string is no
    # model
    not_saved = {"two_outputs", "two_inputs", "never_built", "no_layers", "none_input"}
    said = {n: a.detail for n, a in answers.items() if a.status == AnswerStatus.UNSUPPORTED}
    assert set(said) == not_saved, said
    assert all(detail.startswith("shape:") for detail in said.values()), said
    assert set(saved) == set(ODD_MODELS) - not_saved - {"not_a_model"}
    specs = (lenet, load_assignment(ROOT, "04_fashion_mnist_cnn"))
    rules = {"layer-sequence", "input-params", "compiled", "accuracy", "model-contract"}
    checks = [(s.name, c) for s in specs for c in s.checks if c.rule in rules]
    for name, answer in resolved.items():
        for assignment, check in checks:
            key = getattr(check.params, "source", check.params).key
            expected = {key: Answer(AnswerStatus.OK, reference[assignment])}
            result = run_check(check, Evidence(student={key: answer}, reference=expected))
            assert result.error is None and result.outcome is not None, (name, check.id)
            assert all(text(result.outcome.message, lang) for lang in ("de", "en"))
