"""What runs is the template's given cells with the student's answers in their places: checked on
the real 01 exercise, without a kernel."""

from __future__ import annotations

import copy

import nbformat
import pytest
from conftest import ROOT

from grader.grading.assemble import assemble
from grader.intake.notebook import answer_cells, read_notebook

TEMPLATE = read_notebook(ROOT / "exercises" / "01_convolution.ipynb")


@pytest.fixture
def student() -> nbformat.NotebookNode:
    return copy.deepcopy(read_notebook(ROOT / "reference" / "01_convolution.ipynb"))


def _keys(assembly: object) -> list[str]:
    return [w.key for w in assembly.warnings]  # type: ignore[attr-defined]


def test_an_untouched_notebook_runs_as_the_template_with_its_answers(student) -> None:
    assembly = assemble(student, TEMPLATE)
    assert assembly.warnings == ()
    assert [c.source for c in assembly.cells] == [
        c.source for c in student.cells if c.cell_type == "code"
    ]


def test_a_changed_given_cell_is_replaced_by_the_original_and_flagged(student) -> None:
    given = next(c for c in student.cells if c.cell_type == "code" and "grader" not in c.metadata)
    original = given.source
    given.source = original.replace("3", "30", 1)
    assembly = assemble(student, TEMPLATE)
    assert _keys(assembly) == ["tamper.given_changed"]
    # the template's 1st code cell (its 2nd cell, after the title's Markdown)
    assert assembly.warnings[0].params["cell"] == 1 and TEMPLATE.cells[0].cell_type == "markdown"
    sources = [c.source for c in assembly.cells]
    assert original in sources and given.source not in sources


def test_a_deleted_answer_cell_and_a_duplicated_one_are_flagged(student) -> None:
    cells = answer_cells(student)
    sobel, vertical = cells["sobel"][0], cells["vertical"][0]
    duplicate = copy.deepcopy(student.cells[vertical])
    duplicate.source = "result_vertical = 'second definition'"
    student.cells.insert(vertical + 1, duplicate)
    del student.cells[sobel + 1]  # sobel moved one down by the insertion
    assembly = assemble(student, TEMPLATE)
    assert sorted(_keys(assembly)) == ["tamper.answer_duplicated", "tamper.answer_missing"]
    vertical_cells = [c.source for c in assembly.cells if c.task == "vertical"]
    assert vertical_cells[-1] == "result_vertical = 'second definition'"  # the last one counts


def test_a_helper_cell_the_student_added_runs_after_the_answer_it_follows(student) -> None:
    conv = answer_cells(student)["conv2d"][-1]
    student.cells.insert(conv + 1, nbformat.v4.new_code_cell("def helper():\n    return 1"))
    assembly = assemble(student, TEMPLATE)
    sources = [c.source for c in assembly.cells]
    position = sources.index("def helper():\n    return 1")
    assert assembly.cells[position - 1].task == "conv2d"
    assert assembly.warnings == ()


def test_a_given_cell_only_reformatted_is_the_same_cell(student) -> None:
    """Black, an editor or a student's tidy-up changes spaces, line breaks, quotes and comments,
    never the syntax tree: that is no change to flag, and the template's text still runs."""
    given = next(c for c in student.cells if c.cell_type == "code" and "grader" not in c.metadata)
    original = given.source
    given.source = (
        "import numpy as np\n# Beispiel aus der Vorlesung, umformatiert\n"
        + original.split("\n", 1)[1].replace("[[3, 2, 1, -1],", "[[3,2,1,-1],").replace("  #", "#")
    )
    assert given.source != original
    assembly = assemble(student, TEMPLATE)
    assert assembly.warnings == ()
    assert original in [c.source for c in assembly.cells]
    code = [i for i, c in enumerate(student.cells) if c.cell_type == "code"]
    assert assembly.cells[0].index == code[0]  # numbered where the student's notebook has it
