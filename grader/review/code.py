"""The student's code and answers per task, read from the submission file as it is on disk.

The notebook is untrusted: it is read like any submission (``grader.intake.notebook``), nothing in
it runs, and the page escapes it. A file that is gone or broken since grading says so instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from grader.errors import SubmissionError
from grader.intake.notebook import CellPlace, code_places, read_notebook, task_of
from grader.text.messages import msg, text

MAX_CELL_CHARS = 20_000


def submission_cells(path: Path, lang: str) -> dict[str, Any]:
    """``{"tasks": {task id: [cells]}, "added": [cells], "problem": text | None}``; a cell is
    ``{"label": text | None, "kind": "code" | "markdown", "source": ...}``, a code cell labelled
    as the student's feedback names it (its number among the code cells, and the execution count
    the file shows beside it), so that page and feedback speak of the same cell."""
    try:
        notebook = read_notebook(path)
    except SubmissionError as error:
        return {"tasks": {}, "added": [], "problem": text(error.message, lang)}
    tasks: dict[str, list[dict[str, Any]]] = {}
    added = []
    places = code_places(notebook)
    for index, cell in enumerate(notebook.cells):
        source = cell.source[:MAX_CELL_CHARS] + ("\n…" if len(cell.source) > MAX_CELL_CHARS else "")
        label = _label(places[index][1], lang) if index in places else None
        entry = {"label": label, "kind": cell.cell_type, "source": source}
        task = task_of(cell)
        if task is not None:
            tasks.setdefault(task, []).append(entry)
        elif cell.cell_type == "code":
            added.append(entry)
    return {"tasks": tasks, "added": added, "problem": None}


def _label(place: CellPlace, lang: str) -> str:
    if place.count is None:
        return text(msg("review.cell", index=place.number), lang)
    return text(msg("review.cell_count", index=place.number, count=place.count), lang)
