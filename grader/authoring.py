"""Single-source authoring: the exercise notebook is generated from the reference notebook.

In answer cells, the lines between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` are the solution;
the exercise gets ``# YOUR CODE HERE`` and ``raise NotImplementedError()`` in their place, at the
markers' indentation, so an unfilled cell (or an unfilled function, when called) fails loudly.
Everything else is copied, outputs cleared, so given cells cannot drift apart.
"""

from __future__ import annotations

import copy
import re

from nbformat import NotebookNode

from grader.notebook import task_of

BEGIN = re.compile(r"^(\s*)### BEGIN SOLUTION\s*$")
END = re.compile(r"^\s*### END SOLUTION\s*$")
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


def exercise_from_reference(reference: NotebookNode) -> NotebookNode:
    exercise = copy.deepcopy(reference)
    for cell in exercise.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            if task_of(cell) is not None:
                cell.source = strip_solution(cell.source)
    return exercise
