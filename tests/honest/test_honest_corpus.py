"""The honest-notebook corpus as one sandboxed batch: every right answer, written the ways real
Keras code builds, compiles and trains a model (03) or splits Fashion-MNIST (04, handing in the
reference's trained model), earns every point, with no flag and no model refused by the guard
(issue 22: seven of twelve honest LeNet-5s lost ``compiled``)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from adversarial.corpus import ROOT, fast_course

from grader.batch.run import BatchOptions, Progress, run_batch
from grader.execute.sandbox import bwrap_path
from grader.results.gradebook import Gradebook
from grader.results.records import NotebookResult

# 28 of the notebooks train LeNet-5 (2 epochs), 17 split Fashion-MNIST; on 2 workers, in the
# first test
pytestmark = [
    pytest.mark.kernel,
    pytest.mark.keras,
    pytest.mark.slow,
    pytest.mark.timeout(3600),  # 45 notebooks: 30 min on a busy 2-core machine
    pytest.mark.xdist_group("honest-corpus"),
]
CASES = Path(__file__).parent / "cases"
# Right answers the grader still punishes: each a grader defect, named precisely; strict, so a
# fix turns the case into a plain passing one
KNOWN_DEFECTS: dict[str, str] = {}  # none left: the last three were mended


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, NotebookResult]:
    if bwrap_path() is None:
        pytest.skip("bubblewrap (bwrap) is not installed: the corpus is graded sandboxed")
    work = Path(os.environ.get("HONEST_CORPUS_WORK", tmp_path_factory.mktemp("honest")))
    course, submissions, out = fast_course(work / "course"), work / "submissions", work / "out"
    shutil.copytree(CASES, submissions, ignore=shutil.ignore_patterns("source.json"))
    for folder in submissions.glob("04-*"):  # the reference's trained model and its history
        for name in ("fashion_cnn.keras", "history.json"):
            shutil.copyfile(ROOT / "reference" / name, folder / name)
    assignments = ("03_lenet5", "04_fashion_mnist_cnn")
    options = BatchOptions(submissions, out, course, assignments, workers=2, seed=7)
    run_batch(options, Progress(open(os.devnull, "w")))  # noqa: SIM115
    with Gradebook.open(out, write=False) as book:
        return {s.student: s.result for s in book.all()}


def test_every_case_names_its_source() -> None:
    for folder in CASES.iterdir():
        about = json.loads((folder / "source.json").read_text(encoding="utf-8"))
        assert about["source"] and about["shows"], folder.name


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_DEFECTS[name]))
        if name in KNOWN_DEFECTS
        else name
        for name in sorted(p.name for p in CASES.iterdir())
    ],
)
def test_an_honest_notebook_earns_every_point_without_a_flag(
    graded: dict[str, NotebookResult], case: str
) -> None:
    result = graded[case]
    lost = {t.task: t.points for t in result.tasks if t.points < t.max_points}
    assert (result.status.value, lost, result.warnings) == ("GRADED", {}, ())
    assert result.points == result.max_points == (10 if case.startswith("03") else 20)
