"""Shared helpers: the bundled course, fast execution limits, and a cached grading of fixtures."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from grader.course.spec import AssignmentSpec, load_assignment
from grader.execute.sandbox import Sandbox, bwrap_path
from grader.grading.submission import GradeOptions, GradingSession, grade_notebook
from grader.results.records import NotebookResult

ROOT = Path(__file__).resolve().parents[1]
# the reference cache of this test run: its own, never the user's ~/.cache/grader. Set where
# pytest starts, so that its xdist workers inherit it: a reference one worker graded is not graded
# again by another (the cache writes atomically, as a batch's workers share it too)
os.environ.setdefault("GRADER_CACHE", tempfile.mkdtemp(prefix="grader-test-cache-"))
FIXTURES = Path(__file__).parent / "fixtures"
SEED = 7


@cache
def fast_spec(assignment: str) -> AssignmentSpec:
    """The real spec with short time limits, so that timeout fixtures take seconds (a cell still
    has the time to import TensorFlow or SciPy and W&B on a busy 2-core machine)."""
    spec = load_assignment(ROOT, assignment)
    return replace(spec, limits=replace(spec.limits, cell_timeout_s=8, call_timeout_s=2))


# fixtures graded under their assignment's own limits: their cells are slow by nature (a W&B
# run starts its service process, which on a busy machine takes longer than the short limit)
REAL_LIMITS = {"course-jupyter"}


@cache
def graded(assignment: str, fixture: str) -> NotebookResult:
    spec = load_assignment(ROOT, assignment) if fixture in REAL_LIMITS else fast_spec(assignment)
    return grade_notebook(
        FIXTURES / "notebooks" / assignment / f"{fixture}.ipynb", spec, GradeOptions(seed=SEED)
    )


DEMO = ROOT / "demo" / "course"
DEMO_NOTEBOOKS = sorted(DEMO.rglob("*.ipynb"))
_DEMO_SESSION = GradingSession()


@cache
def demo_graded(notebook: Path, assignment: str) -> NotebookResult:
    """A demo notebook graded once for the whole test run, as `grader check` grades it (seed 1,
    sandboxed where bubblewrap is): the demo and the student-kit tests share the work."""
    options = GradeOptions(seed=1, sandbox=Sandbox() if bwrap_path() else None)
    spec = load_assignment(ROOT, assignment)
    return grade_notebook(notebook, spec, options, _DEMO_SESSION)


@pytest.fixture
def root() -> Path:
    return ROOT


@pytest.fixture
def own_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A temporary folder of this test's own (TMPDIR, here and in every process it starts): the
    kernels' scratch folders and a batch's job folders land in it, so that what the test then
    finds there, or running from there, is its own, whatever else runs on the machine."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    return folder


@pytest.fixture(scope="session")
def chromium() -> str:
    """The system's Chromium for the browser tests: skipped without it, except under CI=true."""
    found = next(
        (p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome")) if p),
        None,
    )
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install Chromium (Debian package chromium) for the browser tests")
        pytest.skip("no Chromium on this machine (apt-get install chromium)")
    return found


def drift_parameters_exercise(course: Path) -> None:
    """Makes a course's 02_parameters exercise drift from its reference, as an instructor's
    careless edit would: a given cell changed, one answer filled in (what validate must catch)."""
    path = course / "exercises" / "02_parameters.ipynb"
    exercise = json.loads(path.read_text())
    exercise["cells"][1]["source"] = "changed given text"
    answer = next(
        c
        for c in exercise["cells"]
        if c.get("metadata", {}).get("grader", {}).get("task") == "lenet_total"
    )
    answer["source"] = "lenet_total = 61706"
    path.write_text(json.dumps(exercise))
