"""The nbgrader course the side-by-side benchmark builds (benchmarks/nbgrader_course.py) is a
real one: nbgrader releases it, autogrades it, gives the reference full marks and a typical
mistake fewer points, and its tests cells carry the spec's points."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
import tomllib

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from nbgrader_course import (
    ASSIGNMENTS,
    ROOT,
    build,
    nbgrader_command,
    source_notebook,
    tool_environment,
)


def test_the_tests_cells_carry_the_points_of_the_spec() -> None:
    for assignment in ASSIGNMENTS:
        spec = tomllib.loads((ROOT / "reference" / f"{assignment}.toml").read_text())
        notebook = source_notebook(assignment)
        points = [
            c.metadata["nbgrader"]["points"]
            for c in notebook.cells
            if c.metadata.get("nbgrader", {}).get("grade")
        ]
        assert sum(points) == sum(task["points"] for task in spec["tasks"].values()) == 10
        solutions = [
            c.metadata["nbgrader"]["grade_id"]
            for c in notebook.cells
            if c.metadata.get("nbgrader", {}).get("solution")
        ]
        assert solutions == list(spec["tasks"])


@pytest.mark.slow
def test_nbgrader_autogrades_the_reference_to_full_marks_and_a_mistake_below(
    tmp_path: Path,
) -> None:
    pytest.importorskip("nbgrader", reason="the bench extra: pip install -e '.[bench]'")
    course = build(tmp_path, students=2)  # student000: the reference, student001: a defect
    released = course.nbgrader / "release" / "02_parameters" / "02_parameters.ipynb"
    assert "raise NotImplementedError" in released.read_text()
    done = subprocess.run(
        nbgrader_command("autograde", "02_parameters"),
        cwd=course.nbgrader,
        env=tool_environment(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course.nbgrader / 'gradebook.db'}") as gradebook:
        scores = {s.student_id: s.score for s in gradebook.assignment_submissions("02_parameters")}
    assert course.sources["student000/02_parameters"] == "02_parameters"
    assert scores["student000"] == 10
    assert scores["student001"] < 10
    graded = nbformat.read(
        course.nbgrader / "autograded" / "student001" / "02_parameters" / "02_parameters.ipynb",
        as_version=4,
    )
    assert any(
        o.get("ename") == "AssertionError" for c in graded.cells for o in c.get("outputs", [])
    )
    assert (course.grader / "student001" / "02_parameters.ipynb").read_bytes() == (
        ROOT / "tests" / "fixtures" / "notebooks" / "02_parameters" / "bias-forgotten.ipynb"
    ).read_bytes()
