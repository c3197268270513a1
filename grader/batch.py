"""Grading a whole course folder: discovery, parallel workers, the gradebook, progress.

Each submission is graded in a worker process and stored in the gradebook as soon as it is done.
Whatever happens to one submission becomes its status, never the batch's end. A submission whose
content, grader version and reference version are unchanged since its stored grade is skipped; a
killed run is continued with ``resume`` under its original seed, so the result is the same as an
uninterrupted run.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from grader import __version__
from grader.course import load_course
from grader.discover import Discovery, Submission, discover
from grader.errors import GraderError
from grader.execute.sandbox import Sandbox
from grader.gradebook import Gradebook, Stored, utc_now
from grader.grading import GradeOptions, GradingSession, grade_notebook, new_seed, unscored
from grader.messages import msg, text
from grader.reference_cache import default_cache
from grader.result_json import result_from_json, result_to_json
from grader.results import NotebookResult, Status
from grader.roster import read_roster
from grader.spec import AssignmentSpec, expected, load_assignment, reference_version
from grader.validate import package_problems

MAX_ATTEMPTS = 2


class UnfinishedRun(GraderError):
    """The output folder holds a run that was interrupted; the user must choose to resume it."""


class EnvironmentProblem(GraderError):
    """The grading environment itself is broken: nobody may be scored in it."""


@dataclass(frozen=True)
class BatchOptions:
    submissions: Path
    out: Path
    course_root: Path
    assignments: tuple[str, ...]
    workers: int = os.cpu_count() or 1
    resume: bool = False
    seed: int | None = None
    sandboxed: bool = True
    data: tuple[tuple[str, Path], ...] = ()  # named data folders pointed elsewhere (--data)
    retrain: bool = False

    def sandbox(self) -> Sandbox | None:
        """The sandbox of this batch's kernels: they must not see the other submissions or the
        gradebook either."""
        return Sandbox(hidden=(self.submissions, self.out)) if self.sandboxed else None

    def grade_options(self, seed: int) -> GradeOptions:
        return GradeOptions(seed=seed, sandbox=self.sandbox(), retrain=self.retrain)

    def spec(self, assignment: str) -> AssignmentSpec:
        return load_assignment(self.course_root, assignment, dict(self.data))


@dataclass
class BatchSummary:
    graded: Counter[str] = field(default_factory=Counter)
    skipped: int = 0
    seconds: float = 0.0
    seed: int = 0
    discovery: Discovery | None = None


class BatchWorker:
    """A worker process's own state, made when the process starts: the specs it has read and
    the grading session (each reference graded once per worker, not once per submission)."""

    def __init__(self, options: BatchOptions) -> None:
        self.options = options
        self.specs = {name: options.spec(name) for name in options.assignments}
        self.session = GradingSession(default_cache())

    def grade(self, assignment: str, notebook: Path, seed: int) -> str:
        """Returns the result as JSON so nothing else crosses back to the coordinator."""
        spec = self.specs[assignment]
        try:
            result = grade_notebook(notebook, spec, self.options.grade_options(seed), self.session)
        except Exception as error:  # a grader bug costs this submission a GRADER_ERROR only
            problem = f"internal error: {error!r}"
            result = unscored(spec, notebook, Status.GRADER_ERROR, problem, seed)
        return result_to_json(result)


_WORKER: BatchWorker | None = None  # the one BatchWorker of a pool's worker process


def _start_worker(options: BatchOptions) -> None:
    global _WORKER
    _WORKER = BatchWorker(options)


def _grade_job(assignment: str, notebook: Path, seed: int) -> str:
    assert _WORKER is not None, "worker processes start with _start_worker"
    return _WORKER.grade(assignment, notebook, seed)


def _ambiguous_result(
    group: tuple[Submission, ...], spec: AssignmentSpec, seed: int
) -> NotebookResult:
    names = ", ".join(s.notebook.name for s in group)
    folder = str(group[0].notebook.parent)
    problem = msg("file.ambiguous", folder=folder, n=len(group), assignment=spec.name, names=names)
    return unscored(spec, group[0].notebook, Status.NOT_GRADABLE, problem, seed)


def _conflict_result(submission: Submission, spec: AssignmentSpec, seed: int) -> NotebookResult:
    problem = msg(
        "file.assignment_conflict",
        path=submission.notebook.name,
        by_name=submission.assignment,
        by_metadata=submission.conflict,
    )
    return unscored(spec, submission.notebook, Status.NOT_GRADABLE, problem, seed)


def run_batch(options: BatchOptions, progress: Progress) -> BatchSummary:
    started = time.monotonic()
    specs = {name: options.spec(name) for name in options.assignments}
    versions = {name: _grading_basis(spec, options) for name, spec in specs.items()}
    discovery = discover(options.submissions, {n: expected(s) for n, s in specs.items()})
    conflicts = [s for s in discovery.submissions if s.conflict is not None]
    summary = BatchSummary(discovery=discovery)
    course = load_course(options.course_root)
    roster = read_roster(course.roster) if course.roster else None
    with Gradebook.open(options.out) as gradebook:
        gradebook.entries.set_setting("course", course.stored())
        if roster is not None:
            gradebook.entries.replace_roster(roster.rows())
        hashes = {
            s: s.content_hash()
            for s in (*discovery.submissions, *(g[0] for g in discovery.ambiguous))
        }
        todo = [
            s
            for s in discovery.submissions
            if s.conflict is None
            and _needs_grading(gradebook, s, hashes[s], versions[s.assignment])
        ]
        unfinished = gradebook.unfinished_run()
        if unfinished is not None and not options.resume:
            raise UnfinishedRun(
                f"{options.out}: the previous run was interrupted before it finished; "
                "continue it with --resume (same seed, nothing graded twice)"
            )
        seed = (
            unfinished.seed
            if unfinished
            else (options.seed if options.seed is not None else new_seed())
        )
        if todo:
            needed = [specs[name] for name in sorted({s.assignment for s in todo})]
            _check_packages(needed, options)
            _preflight(needed, options, seed)
        run = unfinished or gradebook.start_run(seed, __version__, options.submissions)
        summary.seed = run.seed

        def store(submission: Submission, result: NotebookResult) -> None:
            gradebook.record(
                Stored(
                    submission.student,
                    submission.display_name,
                    submission.assignment,
                    hashes[submission],
                    __version__,
                    versions[submission.assignment],
                    utc_now(),
                    run.id,
                    result,
                )
            )
            summary.graded[result.status.value] += 1
            progress(submission, result)

        gradebook.replace_unplaced([(str(u.path), u.reason) for u in discovery.unplaced])
        summary.skipped = len(discovery.submissions) - len(conflicts) - len(todo)
        progress.start(len(todo) + len(discovery.ambiguous) + len(conflicts))
        for group in discovery.ambiguous:
            store(group[0], _ambiguous_result(group, specs[group[0].assignment], run.seed))
        for submission in conflicts:
            spec = specs[submission.assignment]
            store(submission, _conflict_result(submission, spec, run.seed))
        _grade_in_pool(todo, options, run.seed, store)
        gradebook.finish_run(run)
    summary.seconds = time.monotonic() - started
    return summary


def _check_packages(specs: list[AssignmentSpec], options: BatchOptions) -> None:
    """The packages course.toml declares import in this batch's sandbox, under the tightest
    memory limit of its assignments: otherwise students would lose points for our environment."""
    memory = min(spec.limits.memory_mb for spec in specs)
    problems = package_problems(
        load_course(options.course_root).packages, options.sandbox(), memory
    )
    if problems:
        raise EnvironmentProblem(f"preflight: {'; '.join(problems)}; nobody was graded")


def _preflight(specs: list[AssignmentSpec], options: BatchOptions, seed: int) -> None:
    """Grades each reference like a submission (sandboxed, same seed) before anyone else.

    If the kernel environment is broken (a library that cannot import, a sandbox that cannot
    start, a reference that no longer runs), the batch stops here and nobody gets a zero.
    """
    for spec in specs:
        name = spec.name
        # the preflight leaves the references' expectations under this seed for every worker
        session = GradingSession(default_cache())
        result = grade_notebook(spec.reference_notebook, spec, options.grade_options(seed), session)
        if not result.nothing_lost:  # a manual task may wait for the instructor, nothing else
            problem = result.problem
            details = [text(problem, "en")]
            details += [text(error, "en") for _, _, error in result.cell_errors[:3]]
            reason = "; ".join(d for d in details if d)
            raise EnvironmentProblem(
                f"preflight: the reference of {name} scored {result.points:g}/"
                f"{result.max_points:g} ({result.status.value}: {reason}) in the grading "
                "environment; nobody was graded"
            )


def _grading_basis(spec: AssignmentSpec, options: BatchOptions) -> str:
    """The reference version, and what else decides a grade: the data folders (a course's full
    test set measures other accuracies than the shipped one) and whether training was rerun."""
    setup = hashlib.sha256(f"{spec.data!r} retrain={options.retrain}".encode()).hexdigest()
    return f"{reference_version(spec)}+{setup[:8]}"


def _needs_grading(
    gradebook: Gradebook, submission: Submission, content_hash: str, version: str
) -> bool:
    stored = gradebook.fingerprint(submission.student, submission.assignment)
    if stored is None:
        return True
    stored_hash, grader_version, stored_reference, status = stored
    unchanged = (stored_hash, grader_version, stored_reference) == (
        content_hash,
        __version__,
        version,
    )
    return not unchanged or status == Status.GRADER_ERROR.value


def _grade_in_pool(
    todo: list[Submission],
    options: BatchOptions,
    seed: int,
    store: Callable[[Submission, NotebookResult], None],
) -> None:
    """A worker that dies breaks the pool: the jobs in flight are retried once in a fresh pool."""
    attempts: Counter[Submission] = Counter()
    pending = list(todo)
    while pending:
        # spawn, not fork: a grader that has imported TensorFlow has threads a fork would copy
        # mid-lock; fresh workers cost a second each
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=max(1, options.workers),
            mp_context=context,
            initializer=_start_worker,
            initargs=(options,),
        ) as pool:
            futures = {pool.submit(_grade_job, s.assignment, s.notebook, seed): s for s in pending}
            pending = []
            for future in as_completed(futures):
                submission = futures[future]
                try:
                    store(submission, result_from_json(future.result()))
                except BrokenProcessPool:
                    attempts[submission] += 1
                    if attempts[submission] < MAX_ATTEMPTS:
                        pending.append(submission)
                    else:
                        spec = options.spec(submission.assignment)
                        problem = "the grader's worker process died twice on this submission"
                        result = unscored(
                            spec, submission.notebook, Status.GRADER_ERROR, problem, seed
                        )
                        store(submission, result)


class Progress:
    """A one-line progress bar on a terminal; one line per submission in a log."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.total, self.done = 0, 0
        self.stream = stream if stream is not None else sys.stderr  # looked up now, not at import
        self.tty = self.stream.isatty()

    def start(self, total: int) -> None:
        self.total = total

    def __call__(self, submission: Submission, result: NotebookResult) -> None:
        self.done += 1
        width = 24
        filled = width * self.done // max(self.total, 1)
        line = (
            f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}  "
            f"{submission.display_name} {submission.assignment}: {result.status.value} "
            f"{result.points:g}/{result.max_points:g}"
        )
        if self.tty:
            self.stream.write("\r\033[K" + line + ("\n" if self.done >= self.total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
