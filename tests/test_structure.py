"""The shape of the package, checked: the kernel side imports no rules, importing the grader costs
no TensorFlow, and no function takes a train of parameters."""

from __future__ import annotations

import ast
import re
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
    assert "grader.grading.plan" not in modules and "grader.grading.engine" not in modules


def test_importing_the_grader_does_not_import_tensorflow() -> None:
    modules = _imported_after("import grader.cli.main, grader.batch.run, grader.report.pages")
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
    modules = _imported_after(
        "import grader.cli.main, grader.batch.run, grader.batch.executors, grader.batch.jobs"
    )
    assert "distributed" not in modules and "dask" not in modules


# --- The layout: folders that spell the flow, imports that point one way -----------------------

README = PACKAGE.parent / "README.md"
MAX_TOP_MODULES = 6
MAX_FUNCTION_LINES = 60


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Every grader module ``path`` imports, at the top or inside a function (a lazy import is
    still a dependency), resolved to the module that defines the imported name."""
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path.parent)

    def resolve(name: str) -> str:
        while name not in modules:
            name = name.rpartition(".")[0]
        return name

    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {resolve(a.name) for a in node.names if a.name.startswith("grader")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base.startswith("grader"):
                found |= {resolve(f"{base}.{a.name}") for a in node.names}
    return found - {_module_name(path)}


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p) for p in sorted(PACKAGE.rglob("*.py"))}


def _cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle (as the chain of modules), or [] where there is none."""
    done: set[str] = set()

    def visit(module: str, chain: list[str]) -> list[str]:
        if module in chain:
            return [*chain[chain.index(module) :], module]
        if module in done:
            return []
        for imported in sorted(graph.get(module, ())):
            if found := visit(imported, [*chain, module]):
                return found
        done.add(module)
        return []

    for module in sorted(graph):
        if found := visit(module, []):
            return found
    return []


def test_the_package_has_no_import_cycle() -> None:
    assert _cycle(_graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycle(graph) == ["a", "b", "c", "a"]


def _layout() -> dict[str, set[str]]:
    """The README's layout table: each folder (or top-level module) and what it may import."""
    section = README.read_text(encoding="utf-8").split("## Layout", 1)[1].split("\n\n|", 1)[1]
    rows = [line for line in ("|" + section).splitlines() if line.startswith("| `")]
    layout: dict[str, set[str]] = {}
    everything: set[str] = set()
    for row in rows:
        where, _, allowed = (cell.strip() for cell in row.strip("|").split(" | "))
        names = {name.strip("/") for name in re.findall(r"`([^`]+)`", where)}
        may = {n.strip("/") for n in re.findall(r"`([^`]+)`", allowed)}
        if allowed == "everything above":
            may = set(everything)
        for name in names:
            layout[name] = may
        everything |= names
    return layout


def _place(module: str) -> str:
    """A module's line in the layout: its folder below grader/, or its file name at the top."""
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__.py"
    return (
        parts[1] + ".py" if len(parts) == 2 and (PACKAGE / f"{parts[1]}.py").exists() else parts[1]
    )


def test_every_import_follows_the_layout_in_the_readme() -> None:
    layout = _layout()
    wrong = [
        f"{module} imports {imported}"
        for module, imports in _graph().items()
        for imported in sorted(imports)
        if imported != "grader"  # the package root, for __version__
        and _place(imported) != _place(module)
        and _place(imported) not in layout[_place(module)]
    ]
    unknown = sorted({_place(m) for m in _graph()} - set(layout))
    assert unknown == [] and wrong == []


def test_the_layout_check_catches_an_upward_import() -> None:
    layout = _layout()
    assert "cli" not in layout["rules"] and "results" not in layout["intake"]


def test_the_top_of_the_package_holds_at_most_six_modules() -> None:
    assert len(list(PACKAGE.glob("*.py"))) <= MAX_TOP_MODULES


def test_no_function_is_longer_than_sixty_lines() -> None:
    long = [
        f"{path.relative_to(PACKAGE)}:{node.lineno} {getattr(node, 'name', 'lambda')}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for node in _functions(ast.parse(path.read_text(encoding="utf-8")))
        if node.end_lineno is not None and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == []


def test_every_test_module_with_a_module_fixture_keeps_its_tests_on_one_worker() -> None:
    """``make test`` spreads tests over the cores one by one (``--dist loadgroup``); a module whose
    fixture grades a corpus or builds a kit keeps its tests together, or every worker builds it."""
    tests = PACKAGE.parent / "tests"
    scattered = [
        str(path.relative_to(tests))
        for path in sorted(tests.rglob("test_*.py"))
        if 'scope="module"' in (source := path.read_text(encoding="utf-8"))
        and "xdist_group" not in source
    ]
    assert scattered == []
