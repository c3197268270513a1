"""The student's code on the review page names each cell as the student's feedback does."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from grader.intake.notebook import code_places
from grader.review.code import submission_cells
from grader.rules.helpers.cell_failures import place_ref
from grader.text.messages import text


def _notebook(path: Path) -> Path:
    cells = [
        nbformat.v4.new_markdown_cell("# Übung"),
        nbformat.v4.new_code_cell("import numpy as np", execution_count=3),
        nbformat.v4.new_markdown_cell("## Aufgabe 1"),
        nbformat.v4.new_code_cell(
            "def conv2d(image, kernel):\n    ...",
            execution_count=5,
            metadata={"grader": {"task": "conv2d"}},
        ),
        nbformat.v4.new_code_cell("print(conv2d)", execution_count=3),  # a count shown twice
    ]
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


@pytest.mark.parametrize(
    ("lang", "labels"),
    [
        (
            "de",
            ["Code-Zelle 2 (im Notebook [5])", "Code-Zelle 1", "Code-Zelle 3"],
        ),
        (
            "en",
            ["Code cell 2 ([5] in the notebook)", "Code cell 1", "Code cell 3"],
        ),
    ],
)
def test_cells_are_numbered_among_the_code_cells_with_their_execution_count(tmp_path, lang, labels):
    path = _notebook(tmp_path / "anna.ipynb")
    cells = submission_cells(path, lang)
    assert cells["problem"] is None
    shown = [cell["label"] for cell in cells["tasks"]["conv2d"]] + [
        cell["label"] for cell in cells["added"]
    ]
    assert shown == labels


def test_the_page_and_the_feedback_give_a_cell_the_same_number(tmp_path):
    path = _notebook(tmp_path / "anna.ipynb")
    notebook = nbformat.read(path, as_version=4)
    _, place = code_places(notebook)[3]
    feedback = text(place_ref(place.number, place.count, None), "de")
    page = submission_cells(path, "de")["tasks"]["conv2d"][0]["label"]
    assert feedback == "Code-Zelle 2 (in deinem Notebook [5])"
    assert page == "Code-Zelle 2 (im Notebook [5])"
