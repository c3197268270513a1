"""03 and 04 graded end to end: real notebooks in a real (sandboxed) kernel, models leaving the
kernel as .keras files, handed-in files beside the notebook, and --retrain on a CPU."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from grader.course.spec import load_assignment
from grader.execute.sandbox import Sandbox, bwrap_path
from grader.grading.submission import GradeOptions, GradingSession, grade_notebook
from grader.results.records import NotebookResult, Status
from grader.text.messages import text
from tests.conftest import FIXTURES, ROOT, SEED

pytestmark = [pytest.mark.kernel, pytest.mark.xdist_group("keras-grading")]
SANDBOX = Sandbox() if bwrap_path() else None


def words(result: NotebookResult, task: str) -> str:
    parts = []
    for t in result.tasks:
        if t.task == task:
            for c in t.checks:
                if c.outcome is not None:
                    parts += [text(c.outcome.message, "en"), text(c.outcome.mistake, "en")]
    return " | ".join(parts)


def points(result: NotebookResult) -> dict[str, float]:
    return {t.task: t.points for t in result.tasks}


SESSION = GradingSession()  # one seed: each reference runs once for all tests of this module


def grade(assignment: str, notebook: Path, **options: bool) -> NotebookResult:
    spec = load_assignment(ROOT, assignment)  # real limits: importing TensorFlow takes seconds
    options = GradeOptions(seed=SEED, sandbox=SANDBOX, **options)
    return grade_notebook(notebook, spec, options, SESSION)


def test_lenet_with_28x28_input_cannot_be_built_and_is_told_why() -> None:
    result = grade("03_lenet5", FIXTURES / "notebooks" / "03_lenet5" / "input-28.ipynb")
    assert result.status == Status.GRADED
    assert points(result) == {"architecture": 0, "compiled": 0, "pad_to_32": 1, "trained": 0}
    said = words(result, "architecture")
    assert "could not be built" in said
    assert "a 5x5 kernel meets 4x4 feature maps (in LeNet-5 that is C5)" in said
    assert "pad_to_32 exists" in said


def test_a_model_too_small_for_its_kernels_is_not_told_the_28x28_story() -> None:
    """32x32 input, a pooling of 3: the explanation is the error's, not pad_to_32's."""
    result = grade("03_lenet5", FIXTURES / "notebooks" / "03_lenet5" / "maps-too-small.ipynb")
    assert points(result) == {"architecture": 0, "compiled": 0, "pad_to_32": 1, "trained": 0}
    said = words(result, "architecture")
    assert "A 5x5 kernel meets 2x2 feature maps" in said and "pad_to_32" not in said
    assert "\x1b" not in said
    compiled = words(result, "compiled")
    assert compiled.startswith(
        "`model` is not defined because code cell 2 (task “LeNet-5 architecture”)"
    )


def test_pad_to_32_returning_a_tensorflow_tensor_earns_its_point() -> None:
    result = grade("03_lenet5", FIXTURES / "notebooks" / "03_lenet5" / "tf-pad.ipynb")
    # the model is right; trained on 500 digits for one epoch it stays below 0.90
    assert points(result) == {"architecture": 6, "compiled": 1, "pad_to_32": 1, "trained": 0}


def test_tf_nn_activations_are_refused_with_the_layer_and_the_fix() -> None:
    result = grade("03_lenet5", FIXTURES / "notebooks" / "03_lenet5" / "tf-nn-activation.ipynb")
    assert points(result) == {"architecture": 0, "compiled": 0, "pad_to_32": 1, "trained": 0}
    said = words(result, "architecture")
    assert "layer 8 (Dense `dense_1`): its activation is the function `softmax_v2`" in said
    assert 'Write activation="softmax"' in said


def test_subclassed_lenet_that_lies_about_its_count_scores_nothing() -> None:
    """Spec 03: an object that is not exactly Keras' own Sequential or functional model is not
    trusted: architecture, compiled and trained score 0, saying so and how to build it."""
    result = grade("03_lenet5", FIXTURES / "notebooks" / "03_lenet5" / "subclassed-liar.ipynb")
    assert {t: p for t, p in points(result).items() if t != "pad_to_32"} == {
        "architecture": 0,
        "compiled": 0,
        "trained": 0,
    }
    said = words(result, "architecture")
    assert "not one of Keras' own model classes" in said
    assert "keras.Sequential([...]) or keras.Model(inputs, outputs)" in said


@pytest.fixture(scope="module")
def handed_in(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A student folder: the leaky-split notebook with the reference's own model and history
    beside it (handed-in files are graded as they are: nothing is retrained)."""
    folder = tmp_path_factory.mktemp("student")
    shutil.copy(FIXTURES / "notebooks" / "04_fashion_mnist_cnn" / "leaky-split.ipynb", folder)
    for name in ("fashion_cnn.keras", "history.json"):
        shutil.copy(ROOT / "reference" / name, folder / name)
    return folder / "leaky-split.ipynb"


def test_handed_in_model_is_graded_without_retraining(handed_in: Path) -> None:
    result = grade("04_fashion_mnist_cnn", handed_in)
    assert points(result) == {
        "data_split": 0,
        "model_file": 2,
        "threshold": 12,
        "history": 2,
        "regularisation": 2,
    }
    said = words(result, "data_split")
    assert "of the validation images are training images too" in said
    assert "divide by 255" in said
    assert "on 10,000 test images" in words(result, "threshold")
    assert result.seconds < 120  # no training ran: the model file is read, not rebuilt


def test_missing_model_file_is_named(tmp_path: Path) -> None:
    notebook = tmp_path / "04_fashion_mnist_cnn.ipynb"
    shutil.copy(ROOT / "reference" / "04_fashion_mnist_cnn.ipynb", notebook)
    result = grade("04_fashion_mnist_cnn", notebook)
    assert points(result)["threshold"] == 0
    assert "`fashion_cnn.keras` is missing beside the notebook" in words(result, "threshold")


def test_history_claiming_more_than_measured_is_flagged(handed_in: Path) -> None:
    history = json.loads((handed_in.parent / "history.json").read_text())
    history["val_accuracy"] = [0.99 for _ in history["val_accuracy"]]
    (handed_in.parent / "history.json").write_text(json.dumps(history))
    result = grade("04_fashion_mnist_cnn", handed_in)
    flagged = [text(w, "en") for w in result.warnings]
    assert any("claims a validation accuracy of 0.9900" in w for w in flagged)


@pytest.mark.slow
def test_retrain_runs_the_training_cells_on_a_cpu(tmp_path: Path) -> None:
    notebook = tmp_path / "tiny-model.ipynb"
    shutil.copy(FIXTURES / "notebooks" / "04_fashion_mnist_cnn" / "tiny-model.ipynb", notebook)
    without = grade("04_fashion_mnist_cnn", notebook)
    assert points(without)["model_file"] == 0  # nothing handed in
    result = grade("04_fashion_mnist_cnn", notebook, retrain=True)
    assert points(result)["model_file"] == 2
    assert points(result)["history"] == 2
    assert points(result)["threshold"] == 0  # one epoch of a tiny model: well below 0.88
    assert "Accuracy measured by the grader" in words(result, "threshold")


def test_a_wandb_run_beside_the_notebook_is_the_training_history(tmp_path: Path) -> None:
    """The W&B variant of the lecture's notebook: no history.json, the offline run W&B wrote
    (its Keras callback) beside the notebook. Same reading, same points, curves drawn."""
    notebook = tmp_path / "leaky-split.ipynb"
    shutil.copy(FIXTURES / "notebooks" / "04_fashion_mnist_cnn" / "leaky-split.ipynb", notebook)
    shutil.copy(ROOT / "reference" / "fashion_cnn.keras", tmp_path / "fashion_cnn.keras")
    shutil.copytree(FIXTURES / "histories" / "wandb-keras-callback" / "wandb", tmp_path / "wandb")
    result = grade("04_fashion_mnist_cnn", notebook)
    assert points(result)["history"] == 2
    history = next(t for t in result.tasks if t.task == "history")
    (check,) = history.checks
    assert check.outcome is not None and check.outcome.curves is not None
    assert check.outcome.curves.threshold == 0.92
    assert check.outcome.curves.measured is not None and check.outcome.curves.measured > 0.92
    assert "Read `wandb/offline-run-" in words(result, "history")


@pytest.mark.slow
def test_a_notebook_logging_to_wandb_runs_offline_and_its_run_is_graded(tmp_path: Path) -> None:
    """wandb.init() and W&B's Keras callback inside the sandbox (no network): the run lands in
    wandb/ beside the notebook and is read as the history, retrained on a CPU."""
    notebook = tmp_path / "04_fashion_mnist_cnn.ipynb"
    shutil.copy(FIXTURES / "notebooks" / "04_fashion_mnist_cnn" / "wandb-logged.ipynb", notebook)
    result = grade("04_fashion_mnist_cnn", notebook, retrain=True)
    assert result.status == Status.GRADED, result.cell_errors
    assert points(result) == {
        "data_split": 2,
        "model_file": 2,
        "threshold": 0,  # a tiny model, two epochs: far below 0.88
        "history": 2,
        "regularisation": 2,
    }
    assert "Read `wandb/offline-run-" in words(result, "history") and "with 2 epochs" in words(
        result, "history"
    )
