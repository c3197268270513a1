"""Reading notebooks we do not trust, and the cell identity that links them to a spec.

A notebook names its tasks only through ``metadata.grader.task`` on answer cells; everything else
about grading (points, expected values) stays out of it. Malformed files become a
``SubmissionError`` whose message names the file and the problem in words a student can act on.
"""

from __future__ import annotations

import ast
import json
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from grader.errors import SubmissionError
from grader.intake.untrusted_json import parse_json, read_regular_file
from grader.text.messages import Message, msg
from grader.text.numbers import Count

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
MAX_CELLS = 5000
MAX_CELL_SOURCE = 100_000  # characters; a real answer cell has a few hundred
CELL_TYPES = ("code", "markdown", "raw")
_MAGIC = re.compile(r"^\s*[%!].*$", re.MULTILINE)  # IPython magics and shell lines


@dataclass(frozen=True)
class CodeCell:
    """One code cell's source, with its position and the task it answers (None: given cell)."""

    index: int
    task: str | None
    source: str


def read_notebook(path: Path) -> NotebookNode:
    """Reads and validates a notebook as nbformat 4, or raises SubmissionError saying why not."""
    if path.suffix == ".py" and path.is_file() and not path.is_symlink():
        raise SubmissionError(msg("file.python_script", path=str(path)))
    data = parse_json(read_regular_file(path, MAX_NOTEBOOK_BYTES), str(path))
    return _to_notebook(data, path)


def _to_notebook(data: Any, path: Path) -> NotebookNode:
    if not isinstance(data, dict) or "nbformat" not in data:
        raise SubmissionError(msg("file.not_notebook", path=str(path)))
    major = data.get("nbformat")
    if type(major) is not int or major not in (3, 4):
        raise SubmissionError(msg("file.bad_version", path=str(path), version=_shown(major)))
    problem = _cells_problem(data) if major == 4 else None
    if problem is not None:
        raise SubmissionError(msg("file.bad_structure", path=str(path), problem=problem))
    try:
        with warnings.catch_warnings():  # duplicate cell ids: tasks are matched by task id, not id
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(json.dumps(data), as_version=4, capture_validation_error={})
            nbformat.validate(notebook)
    except Exception as error:  # nbformat raises many unrelated types for bad input
        detail = _first_line(str(error))
        raise SubmissionError(msg("file.invalid", path=str(path), detail=detail)) from None
    return notebook


def _cells_problem(data: dict[str, Any]) -> Message | None:
    """What nbformat would reject (or crash on) in a version 4 notebook, in words a student can
    act on; nbformat's own messages name schema internals ("pop expected at most 1 argument")."""
    if not isinstance(data.get("metadata", {}), dict):
        return msg("structure.metadata", found=type(data["metadata"]).__name__)
    if type(data.get("nbformat_minor", 0)) is not int:
        return msg("structure.minor", found=_shown(data["nbformat_minor"]))
    cells = data.get("cells")
    if cells is None:
        return msg("structure.no_cells")
    if not isinstance(cells, list):
        return msg("structure.cells", found=type(cells).__name__)
    if len(cells) > MAX_CELLS:
        return msg("structure.too_many_cells", n=Count(len(cells)), limit=Count(MAX_CELLS))
    for index, cell in enumerate(cells):
        problem = _cell_problem(cell)
        if problem is not None:
            return msg("structure.cell", cell=index + 1, problem=problem)  # as Jupyter counts
    return None


def _cell_problem(cell: Any) -> Message | None:
    if not isinstance(cell, dict):
        return msg("structure.cell_not_object", found=type(cell).__name__)
    kind = cell.get("cell_type")
    if kind not in CELL_TYPES:
        return msg("structure.cell_type", found=_shown(kind))
    if not isinstance(cell.get("metadata", {}), dict):
        return msg("structure.cell_metadata", found=type(cell["metadata"]).__name__)
    source = cell.get("source", "")
    if isinstance(source, list) and all(isinstance(line, str) for line in source):
        source = "".join(source)
    if not isinstance(source, str):
        return msg("structure.source", found=type(source).__name__)
    if len(source) > MAX_CELL_SOURCE:
        return msg(
            "structure.source_too_long", size=Count(len(source)), limit=Count(MAX_CELL_SOURCE)
        )
    return None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:200] if text.strip() else "unknown problem"


def task_of(cell: Mapping[str, Any]) -> str | None:
    """The task a cell answers; also for a cell of unvalidated JSON (discovery reads those),
    where any level may be of the wrong type."""
    meta = cell.get("metadata")
    grader = meta.get("grader") if isinstance(meta, Mapping) else None
    task = grader.get("task") if isinstance(grader, Mapping) else None
    return task if isinstance(task, str) else None


def code_cells(notebook: NotebookNode) -> list[CodeCell]:
    return [
        CodeCell(index, task_of(cell), cell.source)
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
    ]


@dataclass(frozen=True)
class CellPlace:
    """Where a student finds a code cell in Jupyter: its position among the notebook's code
    cells (from 1; Markdown cells do not count) and the execution count the saved file shows
    beside it ("[7]"), where the file has one that no other cell has."""

    number: int
    count: int | None


def code_places(notebook: NotebookNode) -> dict[int, tuple[str, CellPlace]]:
    """Cell index -> the code cell's source and its place, for every code cell."""
    code = [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    counts = [cell.get("execution_count") for _, cell in code]
    unique = {n for n in counts if type(n) is int and counts.count(n) == 1}
    return {
        index: (cell.source, CellPlace(number, count if count in unique else None))
        for number, ((index, cell), count) in enumerate(zip(code, counts, strict=True), start=1)
    }


def text_answers(notebook: NotebookNode) -> list[CodeCell]:
    """The Markdown cells that answer a task (free-text answers): read as text, never run."""
    return [
        CodeCell(index, task, cell.source)
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "markdown" and (task := task_of(cell)) is not None
    ]


def answer_cells(notebook: NotebookNode) -> dict[str, list[int]]:
    """Task id -> indices of its answer cells, in notebook order."""
    found: dict[str, list[int]] = {}
    for index, cell in enumerate(notebook.cells):
        task = task_of(cell)
        if task is not None:
            found.setdefault(task, []).append(index)
    return found


def given_cells(notebook: NotebookNode) -> list[NotebookNode]:
    return [cell for cell in notebook.cells if task_of(cell) is None]


def cell_syntax(source: str) -> ast.Module | None:
    """A code cell's syntax tree, its IPython magics (``%matplotlib inline``, ``!pip ...``)
    read as ``pass``; None when it is not Python."""
    try:
        return ast.parse(_MAGIC.sub("pass", source))
    except (SyntaxError, ValueError, RecursionError, MemoryError):  # a null byte, hostile nesting
        return None
