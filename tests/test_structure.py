"""The shape of the package, checked: the kernel side imports no rules, importing the grader costs
no TensorFlow, and no function takes a train of parameters."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grader

PACKAGE = Path(grader.__file__).parent
MAX_PARAMETERS = 5


def _imported_after(statement: str) -> set[str]:
    code = f"{statement}; import sys, json; print(json.dumps(sorted(sys.modules)))"
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return set(__import__("json").loads(completed.stdout))


def test_the_execution_side_imports_nothing_of_the_rules() -> None:
    modules = _imported_after(
        "import grader.execute, grader.execute.kernel, grader.execute.measure, "
        "grader.execute.launcher, grader.execute.exchange"
    )
    assert not [m for m in modules if m.startswith("grader.rules")]
    assert "grader.plan" not in modules and "grader.engine" not in modules


def test_importing_the_grader_does_not_import_tensorflow() -> None:
    modules = _imported_after("import grader.cli, grader.batch, grader.report.pages")
    assert "tensorflow" not in modules and "keras" not in modules


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda]:
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
    return [node for node in ast.walk(tree) if isinstance(node, kinds)]


def _parameters(node: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) -> int:
    args = node.args
    names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    return len([name for name in names if name not in ("self", "cls")])


def test_no_function_takes_more_than_five_parameters() -> None:
    too_many = [
        f"{path.relative_to(PACKAGE)}:{node.lineno} ({_parameters(node)})"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in _functions(ast.parse(path.read_text(encoding="utf-8")))
        if _parameters(node) > MAX_PARAMETERS
    ]
    assert too_many == []


def test_importing_the_grader_does_not_import_dask() -> None:
    """Dask is loaded only by a batch that grades on a cluster: the pool and `grader check`
    start as fast as before."""
    modules = _imported_after("import grader.cli, grader.batch, grader.executors, grader.jobs")
    assert "distributed" not in modules and "dask" not in modules
