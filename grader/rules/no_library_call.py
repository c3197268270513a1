"""S100 no-library-call: a by-hand function uses no library convolution or pooling.

What it checks: the notebook's code, read as a syntax tree: the function's body and every
notebook function it reaches must not refer to a library convolution or pooling (scipy.signal
/ scipy.ndimage filters, numpy's convolve/correlate, tf.nn, Keras layers and ops, torch.nn, OpenCV,
scikit-image), whatever alias it was imported under (``import scipy.signal as ss``, ``from numpy
import convolve as c``, ``f = ss.correlate2d``, ``from scipy.signal import *``). And what ran: while
the grader calls the function on its inputs, the guard in the kernel observes every call it makes
(a profiler set up before any student code), so a banned function reached through names built at
run time, ``getattr`` on decoded strings, ``importlib``, ``__builtins__`` or ``eval`` is seen by
what its code is, not by its name. A banned call seen there fails like one in the code. What
makes the observation uncertain (code built at run time, frames inspected, the profiler switched
off, answers not signed by the guard) and dynamic-code constructs in the function's code are
flagged for review; the points then stay with what was verified.
Why it matters: the exercise is to compute the operation by hand; calling a library passes every
value check while learning nothing. Usually a gate: when it fails, the task scores 0.
Example failure: ``conv2d`` returns ``scipy.signal.correlate2d(image, kernel, "valid")``.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any

from grader.boundary import AnswerStatus, Observation, observed_key
from grader.intake.notebook import cell_syntax
from grader.rules.base import (
    Evidence,
    Needs,
    Outcome,
    ParamError,
    RuleKind,
    SourceCell,
    expects_nothing,
    reject_unknown,
)
from grader.text.messages import Message, msg

BANNED = (
    "scipy.signal.convolve",
    "scipy.signal.convolve2d",
    "scipy.signal.correlate",
    "scipy.signal.correlate2d",
    "scipy.signal.fftconvolve",
    "scipy.signal.oaconvolve",
    "scipy.ndimage.convolve",
    "scipy.ndimage.correlate",
    "scipy.ndimage.convolve1d",
    "scipy.ndimage.correlate1d",
    "scipy.ndimage.maximum_filter",
    "scipy.ndimage.uniform_filter",
    "scipy.ndimage.generic_filter",
    "numpy.convolve",
    "numpy.correlate",
    "tensorflow.nn",
    "tensorflow.keras.layers",
    "tensorflow.keras.ops",
    "keras.layers",
    "keras.ops.conv",
    "keras.ops.max_pool",
    "keras.ops.average_pool",
    "keras.ops.depthwise_conv",
    "torch.nn",
    "cv2.filter2D",
    "skimage.measure.block_reduce",
    "skimage.util.view_as_blocks",
)


@dataclass(frozen=True)
class NoLibraryCall:
    function: str
    what: str = "convolution"
    banned: tuple[str, ...] = BANNED


def parse(raw: dict[str, Any]) -> NoLibraryCall:
    reject_unknown(raw, {"function", "what", "also_banned"})
    what = str(raw.get("what", "convolution"))
    if what not in ("convolution", "pooling"):
        raise ParamError(msg("param.what"))
    return NoLibraryCall(str(raw["function"]), what, BANNED + tuple(raw.get("also_banned", ())))


@dataclass
class _Scope:
    """Module-level names of the notebook: import aliases, star imports and function definitions."""

    aliases: dict[str, str] = field(default_factory=dict)
    star_modules: list[str] = field(default_factory=list)
    functions: dict[str, ast.AST] = field(default_factory=dict)

    def qualified(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.qualified(node.value)
            return f"{base}.{node.attr}" if base else None
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
        ) and (
            len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
        ):
            base = self.qualified(node.args[0])
            return f"{base}.{node.args[1].value}" if base else None
        return None

    def learn(self, node: ast.AST) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                self.aliases[alias.asname or alias.name.split(".")[0]] = (
                    alias.name if alias.asname else alias.name.split(".")[0]
                )
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name == "*":
                    self.star_modules.append(node.module)
                else:
                    self.aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            self.functions[node.name] = node
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            name = node.targets[0].id
            if isinstance(node.value, ast.Lambda):
                self.functions[name] = node.value
            elif (target := self.qualified(node.value)) is not None:
                self.aliases[name] = target


def _parse_cells(cells: tuple[SourceCell, ...]) -> _Scope:
    scope = _Scope()
    for cell in cells:
        tree = cell_syntax(cell.source)
        if tree is None:
            continue
        for node in tree.body:
            scope.learn(node)
    return scope


def _is_banned(name: str, banned: tuple[str, ...]) -> bool:
    return any(name == b or name.startswith(b + ".") for b in banned)


def _find_banned(
    scope: _Scope, function: str, banned: tuple[str, ...]
) -> tuple[str, str | None] | None:
    """(banned name, helper it was reached through or None), searching helpers depth-first."""
    stack: list[tuple[str, str | None]] = [(function, None)]
    visited: set[str] = set()
    while stack:
        name, via = stack.pop()
        if name in visited:
            continue
        visited.add(name)
        local = _Scope(dict(scope.aliases), list(scope.star_modules), scope.functions)
        for node in ast.walk(scope.functions[name]):
            if isinstance(node, ast.Import | ast.ImportFrom):
                local.learn(node)
            found = _banned_reference(local, node, banned)
            if found:
                return found, via
            if isinstance(node, ast.Name) and node.id in scope.functions and node.id != name:
                stack.append((node.id, via or node.id))
    return None


def _banned_reference(scope: _Scope, node: ast.AST, banned: tuple[str, ...]) -> str | None:
    qualified = scope.qualified(node)
    if qualified and _is_banned(qualified, banned):
        return qualified
    if isinstance(node, ast.Name) and node.id not in scope.aliases:
        for module in scope.star_modules:
            if _is_banned(f"{module}.{node.id}", banned):
                return f"{module}.{node.id}"
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "__import__"
    ) and (
        node.args
        and isinstance(node.args[0], ast.Constant)
        and any(str(node.args[0].value).startswith(b.split(".")[0]) for b in banned)
    ):
        return f"__import__({node.args[0].value!r})"
    return None


TAMPER = "tamper: "  # what the guard prefixes to a note that its observer was switched off
DYNAMIC_CALLS = {"eval", "exec", "compile", "globals", "vars", "locals", "setattr", "delattr"}
DYNAMIC_NAMES = {"__builtins__", "builtins", "importlib", "sys"}
DYNAMIC_ATTRIBUTES = {
    "__dict__",
    "__globals__",
    "__code__",
    "__closure__",
    "__subclasses__",
    "__getattribute__",
    "__builtins__",
    "import_module",
    "modules",
}


def _dynamic(node: ast.AST) -> str | None:
    """A construct that builds code or names at run time, hiding what a function calls."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        name, args = node.func.id, node.args
        if name in DYNAMIC_CALLS:
            return f"{name}()"
        if name == "getattr" and len(args) >= 2 and not isinstance(args[1], ast.Constant):
            return "getattr() with a computed name"
        if name == "__import__" and args and not isinstance(args[0], ast.Constant):
            return "__import__() with a computed name"
    if isinstance(node, ast.Name) and node.id in DYNAMIC_NAMES:
        return node.id
    if isinstance(node, ast.Attribute) and node.attr in DYNAMIC_ATTRIBUTES:
        return "." + node.attr
    return None


def _dynamic_constructs(scope: _Scope, function: str) -> list[str]:
    """Dynamic-code constructs in the function and the notebook functions it reaches."""
    found: list[str] = []
    stack, visited = [function], set()
    while stack:
        name = stack.pop()
        if name in visited:
            continue
        visited.add(name)
        for node in ast.walk(scope.functions[name]):
            construct = _dynamic(node)
            if construct and construct not in found:
                found.append(construct)
            if isinstance(node, ast.Name) and node.id in scope.functions:
                stack.append(node.id)
    return found


def _runtime(params: NoLibraryCall, evidence: Evidence) -> Outcome | Message | None:
    """What the guard saw: a failing outcome for a banned call, a flag for an observation that
    cannot be trusted or is uncertain, or None."""
    answer = evidence.student.get(observed_key(params.function))
    if answer is None:
        return None
    if answer.status == AnswerStatus.UNTRUSTED:  # the answers were not the guard's
        found = msg("runtime.unobserved", function=params.function, reason=answer.detail)
        return Outcome(0.0, found, flag=found)
    if answer.status in (AnswerStatus.KERNEL_DIED, AnswerStatus.TIMEOUT, AnswerStatus.MISSING):
        return None  # the harvest never ran: the task's status says why
    seen = answer.value if answer.ok else None
    if not isinstance(seen, Observation):  # the export broke (json patched, say)
        return msg("runtime.unobserved", function=params.function, reason=answer.detail or "?")
    if seen.banned:
        call = ", ".join(seen.banned)
        what = msg(f"what.{params.what}")
        found = msg("runtime.banned", function=params.function, what=what, call=call)
        return Outcome(0.0, found, found=call)
    tampered = [note.removeprefix(TAMPER) for note in seen.notes if note.startswith(TAMPER)]
    if tampered:  # switching the observer off is no way to compute by hand
        notes = "; ".join(tampered)
        found = msg("runtime.tampered", function=params.function, notes=notes)
        return Outcome(0.0, found, flag=found)
    if seen.notes:
        return msg("runtime.undecidable", function=params.function, notes="; ".join(seen.notes))
    return None


def check(params: NoLibraryCall, evidence: Evidence, _hidden: bool) -> Outcome:
    scope = _parse_cells(evidence.source)
    what = msg(f"what.{params.what}")
    if params.function not in scope.functions:
        return Outcome(1.0, msg("source.not_defined", function=params.function))
    found = _find_banned(scope, params.function, params.banned)
    if found is not None:
        name, helper = found
        via = msg("source.via", helper=helper) if helper else ""
        return Outcome(
            0.0, msg("source.banned", function=params.function, what=what, call=name, via=via)
        )
    runtime = _runtime(params, evidence)
    if isinstance(runtime, Outcome):
        return runtime
    constructs = _dynamic_constructs(scope, params.function)
    flag = runtime or (
        msg("runtime.dynamic", function=params.function, constructs=", ".join(constructs))
        if constructs
        else None
    )
    seen = evidence.student.get(observed_key(params.function))
    if seen is not None and seen.ok and isinstance(seen.value, Observation) and seen.value.calls:
        # no count of the calls: the kit, which runs the public calls only, says the same
        return Outcome(1.0, msg("runtime.clean", function=params.function, what=what), flag=flag)
    return Outcome(1.0, msg("source.clean", function=params.function, what=what), flag=flag)


def needs(params: NoLibraryCall, rng: Any) -> Needs:
    return Needs(observe=((params.function, params.banned),))


RULE = RuleKind(
    code="S100",
    name="no-library-call",
    doc=__doc__ or "",
    parse=parse,
    needs=needs,
    check=check,
    expect=expects_nothing,
)
