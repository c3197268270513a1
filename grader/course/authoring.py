"""Single-source authoring: the exercise notebook is generated from the reference notebook.

In answer cells, the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` are the solution;
the exercise gets ``# YOUR CODE HERE`` and ``raise NotImplementedError()`` in their place, at the
markers' indentation, so an unfilled cell (or an unfilled function, when called) fails loudly.
A Markdown answer cell (a free-text answer) holds the model answer between
``<!-- BEGIN SOLUTION -->`` and ``<!-- END SOLUTION -->`` (invisible when rendered); the exercise
gets the placeholder ``*Deine Antwort hier.*`` there, or in place of the whole cell without
markers. Everything else is copied, outputs cleared, so given cells cannot drift apart.
"""

from __future__ import annotations

import copy
import re

from nbformat import NotebookNode

from grader.course.spec import AssignmentSpec
from grader.errors import GraderError
from grader.intake.notebook import read_notebook, task_of
from grader.rules.free_text import PLACEHOLDER as TEXT_PLACEHOLDER

BEGIN = re.compile(r"^(\s*)### BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*### END SOLUTION\s*$")
TEXT_SOLUTION = re.compile(r"<!--\s*BEGIN SOLUTION\s*-->.*?<!--\s*END SOLUTION\s*-->", re.DOTALL)
TEXT_MODEL = re.compile(r"<!--\s*BEGIN SOLUTION\s*-->(.*?)<!--\s*END SOLUTION\s*-->", re.DOTALL)
FREE_TEXT = "free-text"  # the rule whose answers an instructor grades by hand
PLACEHOLDER = ("# YOUR CODE HERE", "raise NotImplementedError()")


def strip_solution(source: str) -> str:
    lines, inside = [], False
    for line in source.splitlines():
        if match := BEGIN.match(line):
            inside = True
            lines += [match.group(1) + text for text in PLACEHOLDER]
        elif END.match(line):
            inside = False
        elif not inside:
            lines.append(line)
    return "\n".join(lines)


def strip_text_solution(source: str) -> str:
    """A Markdown answer cell without its model answer: the placeholder in its place."""
    if TEXT_SOLUTION.search(source):
        return TEXT_SOLUTION.sub(lambda _: TEXT_PLACEHOLDER, source)
    return TEXT_PLACEHOLDER


def exercise_from_reference(reference: NotebookNode) -> NotebookNode:
    exercise = copy.deepcopy(reference)
    for cell in exercise.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            if task_of(cell) is not None:
                cell.source = strip_solution(cell.source)
        elif cell.cell_type == "markdown" and task_of(cell) is not None:
            cell.source = strip_text_solution(cell.source)
    return exercise


def free_text_questions(spec: AssignmentSpec) -> dict[str, dict[str, str]]:
    """Per free-text task of ``spec``: ``{"question": ..., "answer": ...}``, the question as the
    reference notebook asks it (the Markdown cell just before the task's first answer cell) and
    its model answer (the answer cell's solution, or the whole cell without markers). The review
    page shows both beside the students' answers. Empty where there is no reference (a kit) or it
    cannot be read: a page without the question is still a page to grade on."""
    tasks = {check.task for check in spec.checks if check.rule == FREE_TEXT}
    if not tasks or spec.reference is None:
        return {}
    try:
        cells = read_notebook(spec.reference).cells
    except GraderError:
        return {}
    found: dict[str, dict[str, str]] = {}
    question = ""
    for cell in cells:
        task = task_of(cell)
        if task is None:
            if cell.cell_type == "markdown":
                question = cell.source.strip()
            continue
        if task in tasks and task not in found and cell.cell_type == "markdown":
            model = TEXT_MODEL.search(cell.source)
            answer = model.group(1) if model else cell.source
            found[task] = {"question": question, "answer": answer.strip()}
        question = ""
    return found
