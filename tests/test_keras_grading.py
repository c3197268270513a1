"""03 and 04 graded end to end: real notebooks in a real (sandboxed) kernel, models leaving the
kernel as .keras files, handed-in files beside the notebook, and --retrain on a CPU."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from grader.execute.sandbox import Sandbox, bwrap_path
from grader.grading import GradeOptions, grade_notebook
from grader.messages import text
from grader.results import NotebookResult, Status
from grader.spec import load_assignment
from tests.conftest import FIXTURES, ROOT, SEED

pytestmark = pytest.mark.kernel
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


def grade(assignment: str, notebook: Path, **options: bool) -> NotebookResult:
    spec = load_assignment(ROOT, assignment)  # real limits: importing TensorFlow takes seconds
    return grade_notebook(notebook, spec, GradeOptions(seed=SEED, sandbox=SANDBOX, **options))


def test_lenet_with_28x28_input_cannot_be_built_and_is_told_why() -> None:
    result = grade("03_lenet5", FIXTURES / "notebooks" / "03_lenet5" / "input-28.ipynb")
    assert result.status == Status.GRADED
    assert points(result) == {"architecture": 0, "compiled": 0, "pad_to_32": 1, "trained": 0}
    said = words(result, "architecture")
    assert "could not be built" in said
    assert "C5's 5x5 kernel meets 4x4 feature maps" in said


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
