"""``grader validate``: proves an assignment is sound before any student sees it.

First, for the course: every package ``course.toml`` declares imports inside the grading sandbox
(one process for all of them). Then, for each assignment: the spec loads; every task has an
answer cell in reference and exercise and no cell names an unknown task; the given cells of both
agree; every exercise answer cell holds the failing placeholder; the reference scores full marks
and the blank exercise scores 0 without crashing. This is what CI on a course repository runs. A
manual task (a free-text answer the instructor grades) cannot earn points automatically: the
reference must have an answer there, left pending for the instructor, and the blank exercise's
answer cell the placeholder; every other task is proven as before.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from nbformat import NotebookNode

from grader.course.settings import load_course
from grader.course.spec import AssignmentSpec, load_assignment
from grader.errors import GraderError
from grader.execute.imports import import_problems
from grader.execute.sandbox import Sandbox, effective
from grader.grading.reference_cache import cache_folder, code_fingerprint, default_cache
from grader.grading.submission import GradeOptions, GradingSession, grade_notebook, new_seed
from grader.intake.notebook import answer_cells, given_cells, read_notebook
from grader.results.records import CheckResult, NotebookResult, Status, TaskStatus
from grader.rules.free_text import PLACEHOLDER as TEXT_PLACEHOLDER
from grader.text.messages import Message, msg
from grader.text.numbers import Number


@dataclass(frozen=True)
class Finding:
    """One check ``grader validate`` made on an assignment (a test case, as CI shows it), and
    what is wrong; no problems: it passed."""

    name: str
    problems: tuple[str | Message, ...] = ()  # a spec that does not load: its error's text


@dataclass(frozen=True)
class Validation:
    assignment: str
    findings: tuple[Finding, ...]
    reference_points: float | None = None
    exercise_points: float | None = None
    max_points: float | None = None
    details: tuple[Finding, ...] = ()  # per spec check: the reference earns it, the exercise not
    manual_points: float = 0.0  # of the tasks the instructor grades by hand

    @property
    def problems(self) -> tuple[str | Message, ...]:
        return tuple(problem for finding in self.findings for problem in finding.problems)

    @property
    def ok(self) -> bool:
        return not self.problems and not any(d.problems for d in self.details)


Grade = Callable[[Path, AssignmentSpec], NotebookResult]


@dataclass(frozen=True)
class EnvironmentCheck:
    """The course's declared packages, and why those that do not import in the sandbox fail."""

    packages: tuple[str, ...]
    problems: tuple[Message, ...]


def package_problems(
    packages: tuple[str, ...], sandbox: Sandbox | None, memory_mb: int
) -> tuple[Message, ...]:
    """One sentence per declared package that does not import where student code runs."""
    where = grading_place(sandbox)
    pip = str(Path(sys.executable).parent / "pip")
    return tuple(
        msg("validate.package", name=name, where=where, error=error, pip=pip)
        for name, error in import_problems(packages, sandbox, memory_mb).items()
    )


def grading_place(sandbox: Sandbox | None) -> Message:
    """Where student code runs: the sandbox, or (without bubblewrap) a bare grading kernel."""
    return msg("validate.in_sandbox" if sandbox is not None else "validate.in_kernel")


def remembered_package_problems(
    packages: tuple[str, ...], sandbox: Sandbox | None, memory_mb: int
) -> tuple[Message, ...]:
    """``package_problems``, remembered once they are none: a batch's preflight starts the
    import process (seconds of CPU, hundreds of MB) once per course environment instead of per
    batch. What decides the answer names the proof: the packages, the sandbox (its effective
    form: the folders it hides that the process could otherwise see), the memory limit,
    the interpreter, every installed distribution's version and the grader's code; any change
    checks again. A problem is never remembered, and ``grader validate`` always checks afresh."""
    proof = _import_proof(packages, sandbox, memory_mb)
    if proof is not None and proof.is_file():
        return ()
    problems = package_problems(packages, sandbox, memory_mb)
    if not problems and proof is not None:
        with contextlib.suppress(OSError):
            proof.parent.mkdir(parents=True, exist_ok=True)
            proof.write_text(json.dumps(sorted(packages)), encoding="utf-8")
    return problems


def _import_proof(
    packages: tuple[str, ...], sandbox: Sandbox | None, memory_mb: int
) -> Path | None:
    folder = cache_folder()
    if folder is None or not packages:
        return None
    installed = sorted(f"{d.metadata['Name']}=={d.version}" for d in metadata.distributions())
    # the sandbox as it changes what the process sees: not each batch's own out folder
    boxed = effective(sandbox) if sandbox is not None else None
    basis = [sorted(packages), boxed, memory_mb, sys.executable, code_fingerprint(), installed]
    digest = hashlib.sha256(repr(basis).encode()).hexdigest()[:24]
    return folder / "imports" / f"{digest}.ok"


def check_environment(
    course_root: Path, sandbox: Sandbox | None, memory_mb: int
) -> EnvironmentCheck:
    packages = load_course(course_root).packages
    return EnvironmentCheck(packages, package_problems(packages, sandbox, memory_mb))


def grade_both(options: GradeOptions) -> Grade:
    """Grades with one seed and one session: the reference runs once for both notebooks."""
    session = GradingSession(default_cache())
    return lambda path, spec: grade_notebook(path, spec, options, session)


def validate_assignment(
    course_root: Path,
    name: str,
    grade: Grade | None = None,
    data: dict[str, Path] | None = None,
) -> Validation:
    try:
        spec = load_assignment(course_root, name, data)
        reference, exercise = read_notebook(spec.reference_notebook), read_notebook(spec.exercise)
    except GraderError as error:
        said = error.said or getattr(error, "message", None) or str(error)  # in --lang
        return Validation(name, (Finding("spec loads", (said,)),))
    grade = grade or grade_both(GradeOptions(seed=new_seed()))
    reference_result = grade(spec.reference_notebook, spec)
    exercise_result = grade(spec.exercise, spec)
    manual = sum(t.max_points for t in reference_result.tasks if t.status == TaskStatus.PENDING)
    findings = (
        Finding("spec loads"),
        Finding("answer cells", tuple(_answer_cell_problems(spec, reference, exercise))),
        Finding("given cells agree", tuple(_given_cell_problems(spec, reference, exercise))),
        Finding("placeholders", tuple(_placeholder_problems(exercise))),
        Finding("reference scores full marks", tuple(_reference_problems(reference_result))),
        Finding("blank exercise scores 0", tuple(_exercise_problems(exercise_result))),
    )
    return Validation(
        name,
        findings,
        reference_result.points,
        exercise_result.points,
        spec.max_points,
        tuple(_check_findings(spec, reference_result, exercise_result)),
        manual,
    )


def _answer_cell_problems(
    spec: AssignmentSpec, reference: NotebookNode, exercise: NotebookNode
) -> list[Message]:
    problems = []
    task_ids = {task.id for task in spec.tasks}
    for role, notebook in (("reference", reference), ("exercise", exercise)):
        cells, label = answer_cells(notebook), msg(f"validate.{role}")
        problems += [
            msg("validate.no_answer_cell", notebook=label, task=t)
            for t in sorted(task_ids - set(cells))
        ]
        problems += [
            msg("validate.unknown_task", notebook=label, task=t)
            for t in sorted(set(cells) - task_ids)
        ]
    return problems


def _given_cell_problems(
    spec: AssignmentSpec, reference: NotebookNode, exercise: NotebookNode
) -> list[Message]:
    problems = []
    given_reference = [(c.cell_type, c.source) for c in given_cells(reference)]
    given_exercise = [(c.cell_type, c.source) for c in given_cells(exercise)]
    if given_reference != given_exercise:
        first = next(
            (
                i
                for i, (a, b) in enumerate(zip(given_reference, given_exercise, strict=False))
                if a != b
            ),
            min(len(given_reference), len(given_exercise)),
        )
        problems.append(msg("validate.given_differ", index=first, assignment=spec.name))
    return problems


def _placeholder_problems(exercise: NotebookNode) -> list[Message]:
    problems = []
    for task, indices in answer_cells(exercise).items():
        own = [exercise.cells[i] for i in indices]
        if all(c.cell_type == "markdown" for c in own):
            if not any(TEXT_PLACEHOLDER in c.source for c in own):
                problems.append(
                    msg("validate.no_text_placeholder", task=task, placeholder=TEXT_PLACEHOLDER)
                )
        elif not any("raise NotImplementedError" in c.source for c in own):
            problems.append(msg("validate.no_placeholder", task=task))
    return problems


def _not_graded(role: str, result: NotebookResult) -> Message:
    status = msg(f"status.{result.status.value}")
    problem = result.problem if result.problem is not None else "–"
    return msg(
        "validate.not_graded", notebook=msg(f"validate.{role}"), status=status, problem=problem
    )


def _reference_problems(result: NotebookResult) -> list[Message]:
    if result.status != Status.GRADED:
        return [_not_graded("reference", result)]
    lost = [
        msg("validate.task_points", task=t.task, points=Number(t.points), max=Number(t.max_points))
        for t in result.tasks
        if t.points < t.max_points and t.status != TaskStatus.PENDING
    ]
    return [msg("validate.reference_short", lost=lost)] if lost else []


def _exercise_problems(result: NotebookResult) -> list[Message]:
    if result.status != Status.GRADED:
        return [_not_graded("exercise", result)]
    earned = [
        msg("validate.task_earned", task=t.task, points=Number(t.points))
        for t in result.tasks
        if t.points > 0
    ]
    return [msg("validate.exercise_earns", earned=earned)] if earned else []


def _pending(check: CheckResult) -> bool:
    """A free-text answer waiting for the instructor: nothing a reference could earn itself."""
    return check.outcome is not None and check.outcome.pending


def _check_findings(
    spec: AssignmentSpec, reference: NotebookResult, exercise: NotebookResult
) -> list[Finding]:
    """One finding per check of the spec: the reference earns all its points, the blank
    exercise none that count (a check of a task a gate zeroes earns nothing). Where a notebook
    could not be graded at all, the check was not tried."""
    earned = {
        role: {c.id: (c, t.points) for t in result.tasks for c in t.checks}
        for role, result in (("reference", reference), ("exercise", exercise))
    }
    findings = []
    for check in spec.checks:
        problems: list[str | Message] = []
        for role, result in (("reference", reference), ("exercise", exercise)):
            found, task_points = earned[role].get(check.id, (None, 0.0))
            if result.status != Status.GRADED or found is None:
                status = msg(f"status.{result.status.value}")
                problems.append(
                    msg("validate.not_checked", notebook=msg(f"validate.{role}"), status=status)
                )
            elif role == "reference" and found.points < found.max_points and not _pending(found):
                why = found.outcome.message if found.outcome else found.error or ""
                key = "validate.reference_earns_why" if why else "validate.reference_earns"
                points, most = Number(found.points), Number(found.max_points)
                problems.append(msg(key, points=points, max=most, why=why))
            elif role == "exercise" and found.points > 0 and task_points > 0:
                problems.append(msg("validate.exercise_earns_check", points=Number(found.points)))
        findings.append(Finding(check.id, tuple(problems)))
    return findings
