"""Reading notebooks we do not trust, and the cell identity that links them to a spec.

A notebook names its tasks only through ``metadata.grader.task`` on answer cells; everything else
about grading (points, expected values) stays out of it. Malformed files become a
``SubmissionError`` whose message names the file and the problem in words a student can act on.
"""

from __future__ import annotations

import ast
import json
import re
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from nbformat import NotebookNode

from grader.errors import SubmissionError
from grader.messages import Count, Decimal, msg

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
_MAGIC = re.compile(r"^\s*[%!].*$", re.MULTILINE)  # IPython magics and shell lines


@dataclass(frozen=True)
class CodeCell:
    """One code cell's source, with its position and the task it answers (None: given cell)."""

    index: int
    task: str | None
    source: str


def read_notebook(path: Path) -> NotebookNode:
    """Reads and validates a notebook as nbformat 4, or raises SubmissionError saying why not."""
    raw = _read_regular_file(path)
    where = str(path)
    if path.suffix == ".py":
        raise SubmissionError(msg("file.python_script", path=where))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SubmissionError(msg("file.not_utf8", path=where)) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        problem = msg(
            "file.not_json", path=where, line=error.lineno, column=error.colno, detail=error.msg
        )
        raise SubmissionError(problem) from None
    return _to_notebook(data, path)


def _read_regular_file(path: Path) -> bytes:
    where = str(path)
    try:
        info = path.lstat()
    except OSError as error:
        raise SubmissionError(msg("file.unreadable", path=where, reason=error.strerror)) from None
    if stat.S_ISDIR(info.st_mode):
        raise SubmissionError(msg("file.is_folder", path=where))
    if not stat.S_ISREG(info.st_mode):
        raise SubmissionError(msg("file.not_regular", path=where))
    if info.st_size > MAX_NOTEBOOK_BYTES:
        # one decimal: 20.3 MB must not read "20 MB is larger than 20 MB"
        size, limit = Decimal(info.st_size / 2**20, 1), Count(MAX_NOTEBOOK_BYTES // 2**20)
        raise SubmissionError(msg("file.too_large", path=where, size=size, limit=limit))
    if info.st_size == 0:
        raise SubmissionError(msg("file.empty", path=where))
    return path.read_bytes()


def _to_notebook(data: Any, path: Path) -> NotebookNode:
    if not isinstance(data, dict) or "nbformat" not in data:
        raise SubmissionError(msg("file.not_notebook", path=str(path)))
    major = data.get("nbformat")
    if major not in (3, 4):
        raise SubmissionError(msg("file.bad_version", path=str(path), version=repr(major)))
    try:
        with warnings.catch_warnings():  # duplicate cell ids: tasks are matched by task id, not id
            warnings.simplefilter("ignore")
            notebook = nbformat.reads(json.dumps(data), as_version=4, capture_validation_error={})
            nbformat.validate(notebook)
    except Exception as error:  # nbformat raises many unrelated types for bad input
        detail = _first_line(str(error))
        raise SubmissionError(msg("file.invalid", path=str(path), detail=detail)) from None
    return notebook


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0][:200] if text.strip() else "unknown problem"


def task_of(cell: NotebookNode) -> str | None:
    meta = cell.get("metadata", {}).get("grader")
    task = meta.get("task") if isinstance(meta, dict) else None
    return task if isinstance(task, str) else None


def code_cells(notebook: NotebookNode) -> list[CodeCell]:
    return [
        CodeCell(index, task_of(cell), cell.source)
        for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code"
    ]


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
    except (SyntaxError, ValueError):  # ValueError: a null byte in the source
        return None
