"""One submission from file to result: read, plan, execute student and reference, score.

This is the submission boundary: whatever goes wrong with one notebook becomes a status on its
result (NOT_GRADABLE, KERNEL_DIED, TIMEOUT, GRADER_ERROR), so a caller grading many never stops.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from nbformat import NotebookNode

from grader.boundary import TaskRequest
from grader.course.spec import AssignmentSpec, EvaluationSpec, reference_version
from grader.errors import ExecutionError, SpecError, SubmissionError
from grader.execute.kernel import CellStatus, KernelResult, KernelRun, run_kernel
from grader.execute.measure import Evaluation, MeasurerSpares
from grader.execute.sandbox import Sandbox, gpu_devices
from grader.execute.started import Launch, Spares, StartedKernel
from grader.grading.assemble import Assembly, assemble
from grader.grading.engine import StudentWork, score
from grader.grading.expectations import Expectations, expectations, from_json
from grader.grading.model_answers import (
    HandedIn,
    Measuring,
    evaluation_images,
    read_handed_in,
    resolve,
)
from grader.grading.plan import Plan, make_plan, restricted
from grader.grading.reference_cache import ReferenceCache, ReferenceModels, seeded_checks
from grader.intake.discover import copy_folder
from grader.intake.model_file import is_model_file
from grader.intake.notebook import CellPlace, CodeCell, code_cells, read_notebook, text_answers
from grader.results.records import NotebookResult, Status, TaskResult, TaskStatus
from grader.rules.base import CellFailure, SourceCell
from grader.rules.helpers.cell_failures import cell_ref, explain
from grader.text.messages import LANGUAGES, Message, msg

# errors a kernel gets when it hits a limit: memory, processes (pids cgroup), file size
RESOURCE_ERRORS = ("MemoryError", "BlockingIOError")


def new_seed() -> int:
    return secrets.randbelow(2**31)


@dataclass(frozen=True)
class GradeOptions:
    """How to grade: the seed of the hidden inputs (None: a fresh one), the sandbox of the
    student's kernel (None: OS limits only), and whether the training cells run again."""

    seed: int | None = None
    sandbox: Sandbox | None = None
    retrain: bool = False


ReferenceKey = tuple[str, str, int]  # assignment, reference version, seed


class GradingSession:
    """What a caller grading many notebooks keeps between them: each reference's expectations
    by (assignment, reference version, seed), and the evaluation images. A batch worker grades
    every submission with one seed, so it runs each reference once instead of once per student;
    with a ``cache`` (``grader.grading.reference_cache``) the seed-free expectations are also read
    from and kept on disk, so a reference's models are measured once per machine. With
    ``spares`` (``grader.execute.started``), each student's kernel is started while the previous
    student is graded, and with ``measurers`` (``grader.execute.measure``) each measuring
    process; ``close`` shuts down the ones started for nobody."""

    def __init__(
        self,
        cache: ReferenceCache | None = None,
        spares: Spares | None = None,
        measurers: MeasurerSpares | None = None,
    ) -> None:
        self.cache = cache
        self.spares = spares  # a batch worker's: each student's kernel started ahead
        self.measurers = measurers  # and each student's measuring process
        self._expectations: dict[ReferenceKey, Expectations] = {}
        self._images: dict[EvaluationSpec, Evaluation] = {}
        self._seeded: dict[tuple[str, str], frozenset[str]] = {}
        self._models: dict[tuple[str, str], ReferenceModels] = {}
        self._loading = threading.Lock()  # a grading measures handed-in models in a thread

    def close(self) -> None:
        """Shuts down the kernel and the measuring process started ahead for a submission that
        never came."""
        if self.spares is not None:
            self.spares.close()
        if self.measurers is not None:
            self.measurers.close()

    def cached(self, spec: AssignmentSpec, seed: int) -> Expectations:
        return self.cache.load(spec, seed) if self.cache is not None else Expectations({})

    def keep(self, spec: AssignmentSpec, seed: int, expected: Expectations) -> None:
        if self.cache is not None:
            self.cache.store(spec, seed, expected, self.seeded(spec))

    def seeded(self, spec: AssignmentSpec) -> frozenset[str]:
        key = (spec.name, reference_version(spec))
        if key not in self._seeded:
            self._seeded[key] = seeded_checks(spec)
        return self._seeded[key]

    def reference_models(self, spec: AssignmentSpec) -> ReferenceModels:
        """The reference's own model files, whose measurements this machine keeps."""
        key = (spec.name, reference_version(spec))
        with self._loading:
            if key not in self._models:
                self._models[key] = ReferenceModels.of(spec, self.cache)
            return self._models[key]

    def expectations(self, key: ReferenceKey) -> Expectations | None:
        return self._expectations.get(key)

    def remember(self, key: ReferenceKey, expected: Expectations) -> None:
        self._expectations[key] = expected

    def images(self, evaluation: EvaluationSpec | None) -> Evaluation | None:
        if evaluation is None:
            return None
        with self._loading:
            if evaluation not in self._images:
                self._images[evaluation] = evaluation_images(evaluation)
            return self._images[evaluation]


@dataclass(frozen=True)
class _Grading:
    """One grading in progress: which notebook, against which spec and plan, seen how."""

    path: Path
    spec: AssignmentSpec
    plan: Plan
    options: GradeOptions
    private: Path  # the grader's own folder for this grading: no kernel sees it
    session: GradingSession


def grade_notebook(
    path: Path,
    spec: AssignmentSpec,
    options: GradeOptions = GradeOptions(),
    session: GradingSession | None = None,
) -> NotebookResult:
    """Grades one notebook. With a sandbox, the student's kernel also cannot see the course
    folder (references, specs, held-out data) or the folder the submission came from (other
    students). Cells of the spec's training tasks run only with ``retrain``; otherwise the
    handed-in files beside the notebook (``fashion_cnn.keras``) are graded as they are."""
    seed = new_seed() if options.seed is None else options.seed
    started = time.monotonic()
    if options.sandbox is not None:
        sandbox = _sandbox_for(path, spec, options.sandbox, options.retrain)
        options = replace(options, sandbox=sandbox)
    try:
        with tempfile.TemporaryDirectory(prefix="grade-") as private:
            grading = _Grading(
                path,
                spec,
                make_plan(spec, seed),
                options,
                Path(private),
                session or GradingSession(),
            )
            result = _grade(grading)
    except SubmissionError as error:
        result = unscored(spec, path, Status.NOT_GRADABLE, error.message, seed)
    except (SpecError, ExecutionError) as error:
        result = unscored(spec, path, Status.GRADER_ERROR, error.said or str(error), seed)
    return replace(result, seconds=time.monotonic() - started)


def unscored(
    spec: AssignmentSpec, path: Path, status: Status, problem: str | Message, seed: int
) -> NotebookResult:
    """The result of a submission that could not be scored: no points, and why."""
    return NotebookResult(
        spec.name,
        str(path),
        status,
        0.0,
        spec.max_points,
        seed=seed,
        problem=problem,
        public_only=spec.stored_expectations is not None,
        withheld=spec.withheld,
    )


def _read_instructor_notebook(path: Path, role: str) -> NotebookNode:
    try:
        return read_notebook(path)
    except SubmissionError as error:
        raise SpecError(msg(f"spec.{role}_unreadable", problem=error.message)) from None


def _grade(grading: _Grading) -> NotebookResult:
    """Read, run, resolve the answers, score: each a step below."""
    submission = read_notebook(grading.path)
    template = _read_instructor_notebook(grading.spec.exercise, "exercise")
    assembly = assemble(submission, template)
    student_run, expected, handed_in = _run_and_measure(grading, assembly)
    work = _student_work(grading, submission, assembly, student_run, handed_in)
    tasks = score(grading.spec, grading.plan, work, expected)
    return _result(grading, assembly, student_run, work, tasks)


def _sandbox_for(path: Path, spec: AssignmentSpec, sandbox: Sandbox, retrain: bool) -> Sandbox:
    """The sandbox of this grading: the course folder and the submission's own folder hidden
    too; when retraining, the GPUs given to this process passed in (a Dask GPU worker's own)."""
    course = spec.spec_file.resolve().parent.parent
    hidden = (*sandbox.hidden, course, path.resolve().parent)
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    devices = gpu_devices(visible=visible) if retrain else ()
    return replace(sandbox, hidden=hidden, devices=devices)


def _measuring(grading: _Grading, role: str = "student") -> Measuring:
    """How this grading measures model files: the student's sandboxed, in the session's
    measuring processes started ahead; the reference's unsandboxed, in one of its own; both on
    the evaluation images (loaded once per session when a measurement first needs them) and
    knowing the reference's models measured before."""
    images = partial(grading.session.images, grading.spec.data.evaluation)
    known = grading.session.reference_models(grading.spec)
    if role == "reference":
        return Measuring(None, images, known)
    return Measuring(grading.options.sandbox, images, known, grading.session.measurers)


def _run_and_measure(
    grading: _Grading, assembly: Assembly
) -> tuple[KernelResult, Expectations, HandedIn]:
    """The kernels' runs and the handed-in files with their models measured. A handed-in model
    is measured while the kernels run (it needs none of them); with ``--retrain`` the model is
    the one the student's kernel trained, read after the run."""
    spec, plan, options = grading.spec, grading.plan, grading.options
    measurers = grading.session.measurers
    if measurers is not None and _measures_models(plan):
        measurers.prepare(options.sandbox)
    skipped = () if options.retrain else spec.training_tasks
    cells = tuple(cell for cell in assembly.cells if cell.task not in skipped)
    if options.retrain:
        student_run, expected = _kernel_runs(grading, cells)
        produced = grading.private / "student-produced"
        return (
            student_run,
            expected,
            read_handed_in(plan, produced, _measuring(grading)),
        )
    with ThreadPoolExecutor(max_workers=1) as pool:
        early = pool.submit(read_handed_in, plan, grading.path.parent, _measuring(grading))
        student_run, expected = _kernel_runs(grading, cells)
        return student_run, expected, early.result()


def _measures_models(plan: Plan) -> bool:
    """Whether the student's grading may start a measuring process: a model file handed in, or
    a model the kernel exports."""
    handed_in = any(is_model_file(name) for names in plan.artifacts.values() for name in names)
    return handed_in or any(request.models for request in plan.student.values())


def _student_work(
    grading: _Grading,
    submission: NotebookNode,
    assembly: Assembly,
    student_run: KernelResult,
    handed_in: HandedIn,
) -> StudentWork:
    """What the rules judge: the answers (handed-in files resolved), the code as it ran, the
    cells that failed and the written answers."""
    answers = resolve(student_run.answers, grading.plan, handed_in, _measuring(grading))
    source = tuple(SourceCell(c.index, c.task, c.source) for c in assembly.cells)
    texts = tuple(SourceCell(c.index, c.task, c.source) for c in text_answers(submission))
    failures = _failures(student_run, grading.spec, assembly.places)
    return StudentWork(answers, source, failures, texts)


def _result(
    grading: _Grading,
    assembly: Assembly,
    student_run: KernelResult,
    work: StudentWork,
    tasks: tuple[TaskResult, ...],
) -> NotebookResult:
    """The notebook's result: its status (a rule's own error makes it GRADER_ERROR), points,
    the cells that failed with their explanation, and every flag once."""
    spec = grading.spec
    status, problem = _status(student_run, work.failures, spec)
    if any(t.status == TaskStatus.GRADER_ERROR for t in tasks):
        status = Status.GRADER_ERROR
    flags = tuple(c.outcome.flag for t in tasks for c in t.checks if c.outcome and c.outcome.flag)
    errors = tuple(
        (f.number, f.task or "", explain(f, work.failures, work.source)) for f in work.failures
    )
    return NotebookResult(
        assignment=spec.name,
        notebook=str(grading.path),
        status=status,
        points=sum(t.points for t in tasks),
        max_points=spec.max_points,
        tasks=tasks,
        seed=grading.plan.seed,
        cell_errors=errors,
        cell_counts=tuple(
            (f.number, f.place.count) for f in work.failures if f.place and f.place.count
        ),
        problem=problem,
        warnings=_distinct(assembly.warnings + flags),
        public_only=spec.stored_expectations is not None,
        withheld=spec.withheld,
    )


def _kernel_runs(
    grading: _Grading, student_cells: tuple[CodeCell, ...]
) -> tuple[KernelResult, Expectations]:
    """The student's kernel run and the expectations: the reference's kernel runs beside it
    unless they are known (this session's, a kit's, the cache's)."""
    spec, plan, session = grading.spec, grading.plan, grading.session
    key = (spec.name, reference_version(spec), plan.seed)
    expected = session.expectations(key) or _stored_expectations(spec)
    if not _needs_kernels(plan):
        student_run, expected = KernelResult(cells=(), answers={}), Expectations({})
    elif expected is None:
        student_run, expected = _run_with_reference(grading, student_cells, session)
    else:
        student_run = _run(grading, student_cells, plan.student, "student")
    session.remember(key, expected)
    return student_run, expected


def _stored_expectations(spec: AssignmentSpec) -> Expectations | None:
    """A student kit's expectations, stored as data in place of the reference notebook."""
    if spec.stored_expectations is None:
        return None
    try:
        return from_json(spec.stored_expectations.read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError) as error:
        path = str(spec.stored_expectations)
        raise SpecError(msg("spec.kit_expectations", path=path, error=str(error))) from None


def _needs_kernels(plan: Plan) -> bool:
    """Whether any check needs an answer from a kernel: free-text answers and by-hand bans read
    the file only, so an assignment of those alone starts no kernel at all."""
    requests = (*plan.student.values(), *plan.reference.values())
    return any(r.keys() for r in requests) or any(plan.artifacts.values())


def _failures(
    run: KernelResult, spec: AssignmentSpec, places: Mapping[int, CellPlace]
) -> tuple[CellFailure, ...]:
    # a title the spec gives in English too goes into the messages in both languages
    titles = {
        task.id: {lang: task.title_in(lang) for lang in LANGUAGES} if task.titles else task.title
        for task in spec.tasks
    }
    return tuple(
        CellFailure(
            index=cell.index,
            task=cell.task,
            title=titles.get(cell.task) if cell.task else None,
            error=cell.error,
            timeout_s=spec.limits.cell_timeout_s if cell.status == CellStatus.TIMEOUT else None,
            place=places.get(cell.index),
        )
        for cell in run.cells
        if cell.failed
    )


def _distinct(messages: tuple[Message, ...]) -> tuple[Message, ...]:
    """Each flag once: several checks of one model report the same tampering."""
    seen: set[str] = set()
    kept = []
    for message in messages:
        key = f"{message.key}{message.params!r}"
        if key not in seen:
            seen.add(key)
            kept.append(message)
    return tuple(kept)


def _run(
    grading: _Grading, cells: tuple[CodeCell, ...], requests: Mapping[str, TaskRequest], role: str
) -> KernelResult:
    """One side's run in its own kernel and working folder; what it saves under the artifacts'
    names is kept in ``private/<role>-produced`` (what --retrain grades). Only the student's
    kernel is sandboxed (the reference is the instructor's own code), and only the student's
    may have been started ahead by the session's spares: the data beside the notebook is laid
    down in its (empty) working folder now."""
    spec = grading.spec
    sandbox = grading.options.sandbox if role == "student" else None
    datasets = tuple((name, spec.data.folder(name)) for name in spec.data.keras_cache)
    launch = Launch.of(spec.limits, sandbox, datasets)
    spares = grading.session.spares if role == "student" else None
    with spares.take(launch) if spares is not None else StartedKernel(launch) as kernel:
        workdir = kernel.workdir
        for source in spec.data.beside_notebook:
            shutil.copyfile(source, workdir / source.name)
        run = KernelRun(
            cells=cells,
            requests=requests,
            limits=spec.limits,
            workdir=workdir,
            keep=grading.private / role,
            sandbox=sandbox,
            keras_datasets=datasets,
        )
        result = run_kernel(run, kernel)
        produced = grading.private / f"{role}-produced"
        produced.mkdir()
        for name in spec.artifacts:
            written = workdir / name
            if written.is_symlink():
                continue
            if written.is_file():
                shutil.copyfile(written, produced / name)
            elif written.is_dir():
                copy_folder(written, produced / name)
        return result


def _run_with_reference(
    grading: _Grading, student_cells: tuple[CodeCell, ...], session: GradingSession
) -> tuple[KernelResult, Expectations]:
    """The student's run, and the expectations: from the cache where it has them (every seed-free
    check, and the seeded ones a grading under this seed stored), the rest from the reference's
    kernel, which runs only as far as they need."""
    spec, seed = grading.spec, grading.plan.seed
    cached = session.cached(spec, seed)
    needed = frozenset(c.id for c in spec.checks) - set(cached.by_check)
    if not needed:
        return _run(grading, student_cells, grading.plan.student, "student"), cached
    student_run, computed = _run_both(grading, student_cells, restricted(grading.plan, needed))
    expected = Expectations({**cached.by_check, **computed.by_check})
    session.keep(spec, seed, expected)
    return student_run, expected


def _through_last_request(
    cells: tuple[CodeCell, ...], requests: Mapping[str, TaskRequest]
) -> tuple[CodeCell, ...]:
    """The cells up to the last one of a task with something to answer: what comes after
    (03's training, say) cannot change those answers."""
    asked = {task for task, request in requests.items() if request.keys()}
    last = max((i for i, cell in enumerate(cells) if cell.task in asked), default=len(cells) - 1)
    return cells[: last + 1]


def _run_both(
    grading: _Grading, student_cells: tuple[CodeCell, ...], reference_plan: Plan
) -> tuple[KernelResult, Expectations]:
    """Student and reference run at the same time, each in its own kernel and folder; the
    reference's answers are resolved as the student's are (its models measured unsandboxed)
    and reduced to each check's expectation."""
    spec = grading.spec
    reference = _read_instructor_notebook(spec.reference_notebook, "reference")
    cells = tuple(c for c in code_cells(reference) if c.task not in spec.training_tasks)
    cells = _through_last_request(cells, reference_plan.reference)
    with ThreadPoolExecutor(max_workers=2) as pool:
        student = pool.submit(_run, grading, student_cells, grading.plan.student, "student")
        reference_run = _run(grading, cells, reference_plan.reference, "reference")
        student_run = student.result()
    _require_clean_reference(reference_run, spec)
    measuring = _measuring(grading, "reference")
    handed_in = read_handed_in(reference_plan, spec.reference_notebook.parent, measuring)
    answers = resolve(reference_run.answers, reference_plan, handed_in, measuring)
    return student_run, expectations(reference_plan, answers)


def _status(
    run: KernelResult, failures: tuple[CellFailure, ...], spec: AssignmentSpec
) -> tuple[Status, Message | None]:
    """A run that hit a limit says so, whatever the points: a resource limit or a timeout is
    not GRADED (and so never "all points"), with the cell where it happened."""
    limited = [f for f in failures if f.error.startswith(RESOURCE_ERRORS) or _too_large(f)]
    if limited:
        return Status.RESOURCE_LIMIT, msg("problem.resource_limit", cell=cell_ref(limited[0]))
    if run.kernel_died:
        return Status.KERNEL_DIED, None
    if run.notebook_timed_out:
        seconds = f"{spec.limits.notebook_timeout_s:g}"
        return Status.TIMEOUT, msg("problem.notebook_timeout", seconds=seconds)
    timed_out = [f for f in failures if f.timeout_s is not None]
    if timed_out:
        seconds = f"{spec.limits.cell_timeout_s:g}"
        return Status.TIMEOUT, msg(
            "problem.cell_timeout", cell=cell_ref(timed_out[0]), seconds=seconds
        )
    return Status.GRADED, None


def _too_large(failure: CellFailure) -> bool:
    return "File too large" in failure.error


def _require_clean_reference(run: KernelResult, spec: AssignmentSpec) -> None:
    failed = [c for c in run.cells if c.failed]
    if run.kernel_died or run.notebook_timed_out or failed:
        detail: str | Message = (
            failed[0].error
            if failed
            else msg("task.kernel_died" if run.kernel_died else "task.timeout")
        )
        unclean = msg("spec.reference_unclean", path=str(spec.reference), detail=detail)
        raise SpecError(unclean)
