"""What actually runs: the instructor's given cells, with the student's answers in their places.

A submission carries identity (``metadata.grader.task``), never grading truth, so the given cells
always come from the exercise template. The rules, in the order they apply:

- Every template given cell runs as the instructor wrote it. If the submission's copy is missing
  or changed, the original runs and the result carries a warning (possible tampering, for review).
  A copy that was only reformatted (the same syntax tree: other spaces, line breaks, comments)
  is the same cell, not a change.
- A task's answer cells are all of the submission's cells tagged with that task, in notebook
  order, run at the place of the template's first answer cell of that task. So a duplicated answer
  cell runs too, and the last definition counts, as when the student ran the notebook top to
  bottom; the duplicate is reported. A task with no answer cell is reported.
- A cell the student added (untagged, and not a changed copy of a given cell) runs right after
  the answer cells it follows, so helper functions and imports keep working.
- A changed copy of a given cell (similar to it, but not equal) does not run: it would undo the
  original.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from nbformat import NotebookNode

from grader.intake.notebook import CellPlace, CodeCell, cell_syntax, code_cells, code_places
from grader.text.messages import Message, msg

SIMILAR = 0.6  # a changed given cell usually keeps most of its text; a helper cell does not


@dataclass(frozen=True)
class Assembly:
    cells: tuple[CodeCell, ...]
    warnings: tuple[Message, ...]
    # where the student finds each cell that runs: in their own notebook; a given cell that runs
    # from the template (changed or deleted) by its place there, without an execution count
    places: Mapping[int, CellPlace] = field(default_factory=dict)


def _first_line(source: str) -> str:
    line = next((line for line in source.splitlines() if line.strip()), "")
    return line.strip()[:60]


def _is_changed_copy(source: str, originals: Iterable[str]) -> bool:
    """Similar to one of the originals; the cheap upper bounds first, so a huge added cell costs
    no quadratic comparison."""
    for original in originals:
        matcher = difflib.SequenceMatcher(None, source, original)
        if (
            matcher.real_quick_ratio() >= SIMILAR
            and matcher.quick_ratio() >= SIMILAR
            and matcher.ratio() >= SIMILAR
        ):
            return True
    return False


def _syntax(source: str) -> str | None:
    """The code's syntax tree as text: the same for the same code however it is laid out
    (spaces, line breaks, comments, a formatter's quotes); None for what is not Python."""
    tree = cell_syntax(source)
    return None if tree is None else ast.dump(tree)


def _same_cell(source: str, original: str) -> bool:
    if source.strip() == original:
        return True
    tree = _syntax(source)
    return tree is not None and tree == _syntax(original)


def assemble(submission: NotebookNode, template: NotebookNode) -> Assembly:
    template_cells = code_cells(template)
    tasks = {cell.task for cell in template_cells if cell.task is not None}
    given = [cell for cell in template_cells if cell.task is None]
    unmatched = {cell.index: cell.source.strip() for cell in given}
    answers: dict[str, list[CodeCell]] = {}
    added: dict[str | None, list[CodeCell]] = {}
    anchor: str | None = None
    positions: dict[int, int] = {}  # template index -> where the student's notebook has it
    for cell in code_cells(submission):
        if cell.task in tasks:
            answers.setdefault(cell.task, []).append(cell)
            anchor = cell.task
            continue
        match = next(
            (i for i, source in unmatched.items() if _same_cell(cell.source, source)), None
        )
        if match is not None:
            del unmatched[match]
            positions[match] = cell.index
        elif not _is_changed_copy(cell.source.strip(), unmatched.values()):  # a copy never runs
            added.setdefault(anchor, []).append(CodeCell(cell.index, None, cell.source))
    numbers = {index: place.number for index, (_, place) in code_places(template).items()}
    changed_given = tuple(  # numbered among the template's code cells, as the student counts
        msg("tamper.given_changed", cell=numbers[i], line=_first_line(s))
        for i, s in unmatched.items()
    )
    in_place = [
        CodeCell(positions.get(c.index, c.index), c.task, c.source) if c.task is None else c
        for c in template_cells
    ]
    cells, answer_warnings = _in_template_order(in_place, answers, added)
    places = _places(submission, template, unmatched)
    return Assembly(cells, changed_given + answer_warnings, places)


def _places(
    submission: NotebookNode, template: NotebookNode, unmatched: Iterable[int]
) -> dict[int, CellPlace]:
    """The student's code cells where they are; a given cell that runs from the template
    (changed or deleted) and has no place in the student's notebook: its place there."""
    from_template = code_places(template)
    places = {index: place for index, (_, place) in code_places(submission).items()}
    for index in unmatched:
        places.setdefault(index, replace(from_template[index][1], count=None))
    return places


def _in_template_order(
    template_cells: list[CodeCell],
    answers: dict[str, list[CodeCell]],
    added: dict[str | None, list[CodeCell]],
) -> tuple[tuple[CodeCell, ...], tuple[Message, ...]]:
    cells: list[CodeCell] = []
    warnings: list[Message] = []
    placed: set[str] = set()
    template_count: dict[str, int] = {}
    for cell in template_cells:
        if cell.task is not None:
            template_count[cell.task] = template_count.get(cell.task, 0) + 1
    for cell in template_cells:
        if cell.task is None:
            cells.append(cell)
            continue
        if cell.task in placed:
            continue
        if not placed:
            cells += added.get(None, [])
        placed.add(cell.task)
        own = answers.get(cell.task, [])
        if not own:
            warnings.append(msg("tamper.answer_missing", task=cell.task))
        elif len(own) > template_count[cell.task]:
            warnings.append(msg("tamper.answer_duplicated", task=cell.task, n=len(own)))
        cells += own + added.get(cell.task, [])
    return tuple(cells), tuple(warnings)
