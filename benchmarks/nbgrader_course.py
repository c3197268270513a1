"""A real nbgrader course made from this repository's light assignments, for side-by-side runs.

For 01_convolution and 02_parameters, ``source/<a>/<a>.ipynb`` is the reference notebook with
nbgrader's own cell metadata: each answer cell is a solution cell (its ``### BEGIN SOLUTION``
markers are nbgrader's too), each given code cell is locked (autograde restores it from the
source, as the grader takes given cells from the template), and after each task's answer comes
one autograder-tests cell per graded check of ``reference/<a>.toml`` with that check's points:
asserts equal to the value checks (expected values computed by running the reference, as the
grader does), and for a function check its example plus three of its random cases, drawn from
the spec's ranges and kept in ``### BEGIN HIDDEN TESTS``. Checks worth no points (examples,
shapes, the conv gate of dense_vs_conv) join their task's first tests cell. The by-hand ban
(no-library-call) has no nbgrader equivalent and is left out.

``nbgrader generate_assignment`` makes the student version; each student's submission is that
released notebook with the answer cells of one of the repository's notebooks (the reference, or
a defect fixture with a typical mistake) pasted into its solution cells, as a student fills it.
The same student's notebook goes to the grader's layout, ``<student>/<a>.ipynb``, unchanged.
"""

from __future__ import annotations

import io
import os
import random
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import numpy as np
import tomllib

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"
ASSIGNMENTS = ("01_convolution", "02_parameters")
# ordinary student work only: no endless loops, sleeps, dying kernels, memory hogs or cheats,
# whose cost says more about each tool's limits than about its footprint
HOSTILE = ("loop", "sleep", "dies", "memory", "injection", "allclose", "always-true")
CASES_PER_CHECK = 3
SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


@dataclass(frozen=True)
class Course:
    nbgrader: Path  # the nbgrader course root (nbgrader_config.py, source/, release/, submitted/)
    grader: Path  # the same submissions in the grader's layout: <student>/<assignment>.ipynb
    students: tuple[str, ...]
    sources: dict[str, str]  # student -> which repository notebook they handed in


def student_sources(assignment: str) -> list[Path]:
    defects = sorted(
        p
        for p in (FIXTURES / assignment).glob("*.ipynb")
        if not any(word in p.stem for word in HOSTILE)
    )
    return [ROOT / "reference" / f"{assignment}.ipynb", *defects]


def _task(cell: Any) -> str | None:
    task = cell.get("metadata", {}).get("grader", {}).get("task")
    return task if cell.cell_type == "code" else None


def _namespace(reference: Any) -> dict[str, Any]:
    """The reference's names after running it here: our own trusted code, numpy only."""
    names: dict[str, Any] = {}
    with redirect_stdout(io.StringIO()):
        for cell in reference.cells:
            if cell.cell_type == "code":
                exec(cell.source, names)
    return names


def _draw(spec: dict[str, Any], rng: random.Random) -> Any:
    """One argument drawn like the grader's function-cases: from the spec's ranges."""
    if "value" in spec:
        return spec["value"]
    if "int" in spec:
        return rng.randint(*spec["int"])
    if "choice" in spec:
        return rng.choice(spec["choice"])
    (rows, cols) = spec["array"]
    shape = (rng.randint(*rows), rng.randint(*cols))
    return [[rng.randint(-5, 5) for _ in range(shape[1])] for _ in range(shape[0])]


def _expect(expression: str, expected: Any) -> list[str]:
    """Plain asserts, as an instructor writes them in an nbgrader tests cell."""
    if isinstance(expected, np.ndarray):
        return [
            f"assert np.asarray({expression}).shape == {expected.shape!r}",
            f"assert np.allclose(np.asarray({expression}, dtype=float), {expected.tolist()!r})",
        ]
    if isinstance(expected, list) and expected and isinstance(expected[0], tuple):
        return [f"assert [tuple(v) for v in {expression}] == {expected!r}"]
    return [f"assert {expression} == {expected!r}"]


def _call(check: dict[str, Any], args: dict[str, Any], kwargs: dict[str, Any]) -> str:
    arguments = [repr(v) for v in args.values()] + [f"{k}={v!r}" for k, v in kwargs.items()]
    return f"{check['function']}({', '.join(arguments)})"


def _check_lines(check: dict[str, Any], names: dict[str, Any], rng: random.Random) -> list[str]:
    if check["rule"] == "value-equal":
        return _expect(check["name"], names[check["name"]])
    if check["rule"] == "value-shape":
        name, expected = check["name"], names[check["name"]]
        if isinstance(expected, list):  # 02 never imports numpy
            return [f"assert len({name}) == {len(expected)}"]
        return [f"assert np.shape({name}) == {np.shape(expected)!r}"]
    if check["rule"] != "function-cases":
        return []  # no-library-call: no nbgrader equivalent
    lines: list[str] = []
    for _ in range(min(CASES_PER_CHECK, int(check["cases"]))):
        args = {k: _draw(v, rng) for k, v in check.get("args", {}).items()}
        kwargs = {k: _draw(v, rng) for k, v in check.get("kwargs", {}).items()}
        function = names[check["function"]]
        lines += _expect(_call(check, args, kwargs), function(*args.values(), **kwargs))
    if check.get("hidden", True):
        lines = ["### BEGIN HIDDEN TESTS", *lines, "### END HIDDEN TESTS"]
    return lines


def _tests_cells(spec: dict[str, Any], names: dict[str, Any]) -> dict[str, list[Any]]:
    """Per task, its autograder-tests cells: one per graded check, free checks in the first."""
    rng = random.Random(f"{spec['assignment']}-nbgrader")
    cells: dict[str, list[Any]] = {}
    waiting: dict[str, list[str]] = {}
    for check in spec["checks"]:
        lines = _check_lines(check, names, rng)
        task = check["task"]
        if check["points"] == 0 or not lines:
            waiting.setdefault(task, []).extend(lines)
            continue
        grade_id = re.sub(r"[^A-Za-z0-9_-]", "-", check["id"])
        source = "\n".join([*waiting.pop(task, []), *lines])
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["nbgrader"] = _metadata(grade_id, grade=True, points=check["points"])
        cells.setdefault(task, []).append(cell)
    for task, lines in waiting.items():  # a gate worth no points: into the task's first cell
        first = cells[task][0]
        first.source = "\n".join([*lines, first.source])
    return cells


def _metadata(grade_id: str, grade: bool = False, points: float = 0) -> dict[str, Any]:
    metadata = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": grade,
        "schema_version": 3,
        "solution": False,
        "task": False,
    }
    return metadata | ({"points": points} if grade else {})


def source_notebook(assignment: str) -> Any:
    """The nbgrader source notebook: the reference with solution, locked and tests cells."""
    reference = nbformat.read(ROOT / "reference" / f"{assignment}.ipynb", as_version=4)
    spec = tomllib.loads((ROOT / "reference" / f"{assignment}.toml").read_text())
    tests = _tests_cells(spec, _namespace(reference))
    cells: list[Any] = []
    for index, cell in enumerate(reference.cells):
        task = _task(cell)
        cell.metadata.pop("grader", None)
        if task is not None:
            cell.metadata["nbgrader"] = _metadata(task) | {"solution": True}
        elif cell.cell_type == "code":
            cell.metadata["nbgrader"] = _metadata(f"given-{index}") | {"locked": True}
        cells.append(cell)
        following = reference.cells[index + 1 : index + 2]
        if task is not None and not (following and _task(following[0]) == task):
            cells += tests.pop(task, [])
    reference.cells = cells
    reference.metadata.pop("grader", None)
    return reference


def _answers(notebook: Path) -> dict[str, str]:
    """What a student wrote per task: the source of its answer cells, without our markers."""
    answers: dict[str, list[str]] = {}
    for cell in nbformat.read(notebook, as_version=4).cells:
        task = _task(cell)
        if task is not None:
            lines = cell.source.splitlines()
            lines = [line for line in lines if line.strip() not in SOLUTION_MARKERS]
            answers.setdefault(task, []).append("\n".join(lines))
    return {task: "\n\n".join(parts) for task, parts in answers.items()}


def _filled(released: Path, student_notebook: Path) -> Any:
    notebook = nbformat.read(released, as_version=4)
    answers = _answers(student_notebook)
    for cell in notebook.cells:
        metadata = cell.metadata.get("nbgrader", {})
        if metadata.get("solution") and metadata["grade_id"] in answers:
            cell.source = answers[metadata["grade_id"]]
    return notebook


def tool_environment() -> dict[str, str]:
    """This interpreter's scripts first on PATH: nbgrader runs ``alembic`` by name, and kernels
    start from the same installation for both tools."""
    scripts = str(Path(sys.executable).parent)
    return os.environ | {"PATH": os.pathsep.join([scripts, os.environ.get("PATH", "")])}


def nbgrader_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "nbgrader", *args]


def _nbgrader(course: Path, *args: str) -> None:
    command = nbgrader_command(*args)
    done = subprocess.run(
        command, cwd=course, env=tool_environment(), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")


def _students(count: int) -> Iterator[str]:
    for index in range(count):
        yield f"student{index:03d}"


def build(folder: Path, students: int) -> Course:
    """Both courses with the same STUDENTS x 2 submissions; nbgrader's assignments released."""
    nbgrader_root, grader_root = folder / "nbgrader", folder / "grader"
    nbgrader_root.mkdir(parents=True)
    (nbgrader_root / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(nbgrader_root)!r}\n"
        "c.CourseDirectory.course_id = 'cnn'\n"
    )
    for assignment in ASSIGNMENTS:
        source = nbgrader_root / "source" / assignment
        source.mkdir(parents=True)
        nbformat.write(source_notebook(assignment), source / f"{assignment}.ipynb")
        _nbgrader(nbgrader_root, "generate_assignment", assignment, "--force")
    names = tuple(_students(students))
    handed_in: dict[str, str] = {}
    for assignment in ASSIGNMENTS:
        released = nbgrader_root / "release" / assignment / f"{assignment}.ipynb"
        sources = student_sources(assignment)
        for index, student in enumerate(names):
            notebook = sources[index % len(sources)]
            handed_in[f"{student}/{assignment}"] = notebook.stem
            submitted = nbgrader_root / "submitted" / student / assignment
            submitted.mkdir(parents=True)
            nbformat.write(_filled(released, notebook), submitted / f"{assignment}.ipynb")
            (grader_root / student).mkdir(parents=True, exist_ok=True)
            (grader_root / student / f"{assignment}.ipynb").write_bytes(notebook.read_bytes())
    return Course(nbgrader_root, grader_root, names, handed_in)
