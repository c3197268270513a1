"""The student's code and answers per task, read from the submission file as it is on disk.

The notebook is untrusted: it is read like any submission (``grader.intake.notebook``), nothing in
it runs, and the page escapes it. A file that is gone or broken since grading says so instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from grader.errors import SubmissionError
from grader.intake.notebook import read_notebook, task_of
from grader.text.messages import text

MAX_CELL_CHARS = 20_000


def submission_cells(path: Path, lang: str) -> dict[str, Any]:
    """``{"tasks": {task id: [cells]}, "added": [cells], "problem": text | None}``; a cell is
    ``{"index": 1-based, "kind": "code" | "markdown", "source": ...}``."""
    try:
        notebook = read_notebook(path)
    except SubmissionError as error:
        return {"tasks": {}, "added": [], "problem": text(error.message, lang)}
    tasks: dict[str, list[dict[str, Any]]] = {}
    added = []
    for index, cell in enumerate(notebook.cells, start=1):
        source = cell.source[:MAX_CELL_CHARS] + ("\n…" if len(cell.source) > MAX_CELL_CHARS else "")
        entry = {"index": index, "kind": cell.cell_type, "source": source}
        task = task_of(cell)
        if task is not None:
            tasks.setdefault(task, []).append(entry)
        elif cell.cell_type == "code":
            added.append(entry)
    return {"tasks": tasks, "added": added, "problem": None}
