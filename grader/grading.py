"""One submission from file to result: read, plan, execute student and reference, score.

This is the submission boundary: whatever goes wrong with one notebook becomes a status on its
result (NOT_GRADABLE, KERNEL_DIED, TIMEOUT, GRADER_ERROR), so a caller grading many never stops.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from nbformat import NotebookNode

from grader.answers import TaskRequest
from grader.assemble import assemble
from grader.engine import Plan, plan_requests, score
from grader.errors import ExecutionError, SpecError, SubmissionError
from grader.execute import ExecutionResult, run_notebook
from grader.messages import Message
from grader.model_answers import resolve
from grader.notebook import CodeCell, code_cells, read_notebook
from grader.results import NotebookResult, Status, TaskStatus
from grader.rules.base import Answer, SourceCell
from grader.sandbox import Sandbox
from grader.spec import AssignmentSpec, reference_version


def new_seed() -> int:
    return secrets.randbelow(2**31)


# Reference runs by (assignment, reference version, seed). A batch grades every submission with
# one seed, so each worker process runs each reference once instead of once per student.
# errors a kernel gets when it hits a limit: memory, processes (pids cgroup), file size
RESOURCE_ERRORS = ("MemoryError", "BlockingIOError")
Answers = dict[str, dict[str, Answer]]
_REFERENCE_RUNS: dict[tuple[str, str, int], tuple[ExecutionResult, Answers]] = {}


def grade_notebook(
    path: Path,
    spec: AssignmentSpec,
    seed: int | None = None,
    reuse_reference: bool = False,
    sandbox: Sandbox | None = None,
    retrain: bool = False,
) -> NotebookResult:
    """Grades one notebook. With a sandbox, the student's kernel also cannot see the course
    folder (references, specs, held-out data) or the folder the submission came from (other
    students). Cells of the spec's training tasks run only with ``retrain``; otherwise the
    handed-in files beside the notebook (``fashion_cnn.keras``) are graded as they are."""
    seed = new_seed() if seed is None else seed
    started = time.monotonic()
    if sandbox is not None:
        course = spec.spec_file.resolve().parent.parent
        sandbox = Sandbox(hidden=(*sandbox.hidden, course, path.resolve().parent))
    try:
        result = _grade(path, spec, seed, reuse_reference, sandbox, retrain)
    except SubmissionError as error:
        result = unscored(spec, path, Status.NOT_GRADABLE, error.message, seed)
    except (SpecError, ExecutionError) as error:
        result = unscored(spec, path, Status.GRADER_ERROR, str(error), seed)
    return replace(result, seconds=time.monotonic() - started)


def unscored(
    spec: AssignmentSpec, path: Path, status: Status, problem: str | Message, seed: int
) -> NotebookResult:
    """The result of a submission that could not be scored: no points, and why."""
    return NotebookResult(
        spec.name, str(path), status, 0.0, spec.max_points, seed=seed, problem=problem
    )


def _read_instructor_notebook(path: Path, role: str) -> NotebookNode:
    try:
        return read_notebook(path)
    except SubmissionError as error:
        raise SpecError(f"{role} notebook: {error}") from None


def _grade(
    path: Path,
    spec: AssignmentSpec,
    seed: int,
    reuse_reference: bool,
    sandbox: Sandbox | None,
    retrain: bool,
) -> NotebookResult:
    submission = read_notebook(path)
    reference = _read_instructor_notebook(spec.reference, "reference")
    assembly = assemble(submission, _read_instructor_notebook(spec.exercise, "exercise"))
    plan = plan_requests(spec, seed)
    skipped = () if retrain else spec.training_tasks
    student_cells = [cell for cell in assembly.cells if cell.task not in skipped]
    reference_cells = [c for c in code_cells(reference) if c.task not in spec.training_tasks]
    key = (spec.name, reference_version(spec), seed)
    with tempfile.TemporaryDirectory(prefix="grade-") as private_dir:
        private = Path(private_dir)  # the grader's own: no kernel sees it
        if reuse_reference and key in _REFERENCE_RUNS:
            student_run = _run(student_cells, plan.student, spec, sandbox, private, "student")
            reference_run, reference_answers = _REFERENCE_RUNS[key]
        else:
            student_run, reference_run = _run_both(
                student_cells, reference_cells, plan, spec, sandbox, private
            )
            _require_clean_reference(reference_run, spec)
            reference_answers = resolve(
                reference_run.answers, plan, spec, spec.reference.parent, sandbox=None
            )
        if reuse_reference:
            _REFERENCE_RUNS[key] = (reference_run, reference_answers)
        handed_in = private / "student-produced" if retrain else path.parent
        student_answers = resolve(student_run.answers, plan, spec, handed_in, sandbox)
    source = tuple(SourceCell(c.index, c.task, c.source) for c in assembly.cells)
    cell_errors = {
        task.id: error for task in spec.tasks if (error := student_run.cell_error_of(task.id))
    }
    tasks = score(spec, plan, student_answers, reference_answers, source, cell_errors)
    status = _status(student_run)
    if any(t.status == TaskStatus.GRADER_ERROR for t in tasks):
        status = Status.GRADER_ERROR
    return NotebookResult(
        assignment=spec.name,
        notebook=str(path),
        status=status,
        points=sum(t.points for t in tasks),
        max_points=spec.max_points,
        tasks=tasks,
        seed=seed,
        cell_errors=tuple(
            (c.index, c.task or "", c.error)
            for c in student_run.cells
            if c.status in ("error", "timeout")
        ),
        warnings=assembly.warnings
        + tuple(c.outcome.flag for t in tasks for c in t.checks if c.outcome and c.outcome.flag),
    )


def _run(
    cells: list[CodeCell],
    requests: Mapping[str, TaskRequest],
    spec: AssignmentSpec,
    sandbox: Sandbox | None,
    private: Path,
    role: str,
) -> ExecutionResult:
    """One side's run in its own working folder; what it saves under the artifacts' names is
    kept in ``private/<role>-produced`` (what --retrain grades)."""
    with tempfile.TemporaryDirectory(prefix="work-") as work:
        workdir = _workdir(Path(work), spec)
        run = run_notebook(
            cells,
            requests,
            spec.limits,
            workdir,
            private / role,
            sandbox,
            keras_datasets=_keras_datasets(spec),
        )
        produced = private / f"{role}-produced"
        produced.mkdir()
        for name in spec.artifacts:
            if (workdir / name).is_file() and not (workdir / name).is_symlink():
                shutil.copyfile(workdir / name, produced / name)
        return run


def _workdir(folder: Path, spec: AssignmentSpec) -> Path:
    """The notebook's working folder, with the files the spec puts beside the notebook."""
    for source in spec.data.beside_notebook:
        shutil.copyfile(source, folder / source.name)
    return folder


def _keras_datasets(spec: AssignmentSpec) -> dict[str, Path]:
    return {name: spec.data.folder(name) for name in spec.data.keras_cache}


def _run_both(
    student_cells: list[CodeCell],
    reference_cells: list[CodeCell],
    plan: Plan,
    spec: AssignmentSpec,
    sandbox: Sandbox | None,
    private: Path,
) -> tuple[ExecutionResult, ExecutionResult]:
    """Student and reference run at the same time, each in its own kernel and folder; only the
    student's kernel is sandboxed (the reference is the instructor's own code)."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        student = pool.submit(_run, student_cells, plan.student, spec, sandbox, private, "student")
        reference = pool.submit(
            _run, reference_cells, plan.reference, spec, None, private, "reference"
        )
        return student.result(), reference.result()


def _status(run: ExecutionResult) -> Status:
    if any(
        cell.error.startswith(RESOURCE_ERRORS) or "File too large" in cell.error
        for cell in run.cells
    ):
        return Status.RESOURCE_LIMIT
    if run.kernel_died:
        return Status.KERNEL_DIED
    if run.notebook_timed_out:
        return Status.TIMEOUT
    return Status.GRADED


def _require_clean_reference(run: ExecutionResult, spec: AssignmentSpec) -> None:
    failed = [c for c in run.cells if c.status != "ok"]
    if run.kernel_died or run.notebook_timed_out or failed:
        detail = failed[0].error if failed else ("kernel died" if run.kernel_died else "time limit")
        raise SpecError(f"the reference notebook {spec.reference} did not run cleanly: {detail}")
