"""Why a cell failed, in words a stuck student can act on.

Three failures are told apart from a plain error line: a module the grading environment lacks
(the instructor can add it; a typo the student can fix), a cell that ran past its time limit, and
a name that is not defined because an *earlier* cell, which should have defined it, failed first.
The last one turns a cascade of ``NameError: name 'conv2d' is not defined`` in every later task
into one sentence that points at the cell to fix and says why it failed.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping

from grader.intake.notebook import cell_syntax
from grader.rules.base import CellFailure, SourceCell
from grader.text.messages import Message, msg

MODULE_MISSING = re.compile(r"^ModuleNotFoundError: No module named '([\w.]+)'")
NAME_UNDEFINED = re.compile(r"^NameError: name '(\w+)' is not defined")


def cell_ref(failure: CellFailure) -> Message:
    """ "code cell 2 (task „conv2d", [5] in your notebook)", or "code cell 2" for a cell that
    answers no task; the "[5]" only where the saved file shows that count beside it alone."""
    count = failure.place.count if failure.place else None
    return place_ref(failure.number, count, failure.title)


def place_ref(number: int, count: int | None, title: str | Mapping[str, str] | None) -> Message:
    """A code cell as the student finds it: its number among the code cells, the execution
    count beside it (where known) and its task's title (None: a cell that answers no task)."""
    key = "cell.ref" if title is not None else "cell.ref_plain"
    if count is None:
        return msg(key, cell=number, task=title) if title is not None else msg(key, cell=number)
    if title is None:
        return msg(f"{key}_count", cell=number, count=count)
    return msg(f"{key}_count", cell=number, count=count, task=title)


def explain(
    failure: CellFailure, failures: tuple[CellFailure, ...], source: tuple[SourceCell, ...]
) -> str | Message:
    """The failure's error, explained where one of the three known causes applies."""
    if failure.timeout_s is not None:
        return msg("error.cell_timeout", seconds=f"{failure.timeout_s:g}")
    return explain_error(failure.error, failure.index, failures, source)


def _cause(failure: CellFailure) -> str | Message:
    """An earlier cell's failure, said briefly: its own task's feedback says the rest."""
    if failure.timeout_s is not None:
        return msg("error.cell_timeout", seconds=f"{failure.timeout_s:g}")
    module = MODULE_MISSING.match(failure.error)
    if module:
        return msg("error.module_missing_brief", module=module.group(1))
    return _shortened(failure.error, 160)


def _shortened(text: str, limit: int) -> str:
    """Cut after a whole word, marked with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def explain_error(
    error: str,
    before: int | None,
    failures: tuple[CellFailure, ...],
    source: tuple[SourceCell, ...],
) -> str | Message:
    """``error`` explained; ``before``: only cells above this position can be its cause (None:
    any cell, e.g. for a function the grader called after the whole notebook ran)."""
    module = MODULE_MISSING.match(error)
    if module:
        return msg("error.module_missing", module=module.group(1))
    name = NAME_UNDEFINED.match(error)
    if name is None:
        return error
    cause = _defining_failure(name.group(1), before, failures, source)
    if cause is None:
        return error
    return msg(
        "error.after_failed_cell",
        name=name.group(1),
        cell=cell_ref(cause),
        cause=_cause(cause),
    )


def _defining_failure(
    name: str, before: int | None, failures: tuple[CellFailure, ...], source: tuple[SourceCell, ...]
) -> CellFailure | None:
    """The last failed cell above ``before`` whose code defines ``name`` at the top level."""
    code = {cell.index: cell.source for cell in source}
    candidates = [
        f
        for f in failures
        if (before is None or f.index < before) and name in defined_names(code.get(f.index, ""))
    ]
    return candidates[-1] if candidates else None


def defined_names(source: str) -> set[str]:
    """The module-level names a cell defines: functions, classes, imports and assignments,
    also inside top-level ``if``/``for``/``with``/``try`` blocks, never inside a function."""
    tree = cell_syntax(source)
    if tree is None:
        return set()
    names: set[str] = set()
    stack: list[ast.AST] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names if a.name != "*")
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        if not isinstance(
            node, ast.Lambda | ast.GeneratorExp | ast.ListComp | ast.SetComp | ast.DictComp
        ):
            stack.extend(ast.iter_child_nodes(node))
    return names
