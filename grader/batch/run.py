"""Grading a whole course folder: discovery, the executor, the gradebook, progress.

Each submission becomes a job (``grader.batch.jobs``), graded by the process pool of this machine
or on a Dask cluster (``grader.batch.executors``), and its result is stored in the gradebook as
soon as it is back. Whatever happens to one submission becomes its status, never the batch's end. A
submission whose content, grader version and reference version are unchanged since its stored grade
is skipped; a killed run is continued with ``resume`` under its original seed, so the result is the
same as an uninterrupted run.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from grader import __version__
from grader.batch.executors import open_executor
from grader.batch.jobs import (
    CourseSetup,
    Job,
    JobKey,
    JobSettings,
    grading_basis,
    job_settings,
    pack,
    result_of,
)
from grader.batch.queue import Cluster, Executor
from grader.course.authoring import free_text_questions
from grader.course.roster import Roster, merge, read_roster
from grader.course.settings import CourseSettings, load_course
from grader.course.spec import AssignmentSpec, parts_of
from grader.errors import EnvironmentProblem, GraderError, SubmissionError
from grader.execute.sandbox import Sandbox
from grader.grading.submission import GradeOptions, new_seed, unscored
from grader.grading.validate import remembered_package_problems
from grader.intake.discover import Discovery, Submission, discover, is_folder
from grader.results.gradebook import ASSIGNMENTS, Gradebook, Run, utc_now
from grader.results.records import NotebookResult, Status, Stored
from grader.text.messages import Message, msg, render
from grader.text.numbers import Number, rounded

__all__ = ["BatchOptions", "BatchSummary", "EnvironmentProblem", "Progress", "run_batch"]


class UnfinishedRun(GraderError):
    """The output folder holds a run that was interrupted; the user must choose to resume it."""


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
    cluster: Cluster | None = None  # None: the process pool of this machine

    @property
    def course(self) -> CourseSetup:
        return CourseSetup(self.course_root, self.data)

    def sandbox(self) -> Sandbox | None:
        """The sandbox of this batch's kernels: they must not see the other submissions or the
        gradebook either."""
        return Sandbox(hidden=(self.submissions, self.out)) if self.sandboxed else None

    def grade_options(self, seed: int) -> GradeOptions:
        return GradeOptions(seed=seed, sandbox=self.sandbox(), retrain=self.retrain)

    def spec(self, assignment: str) -> AssignmentSpec:
        return self.course.spec(assignment)


@dataclass
class BatchSummary:
    graded: Counter[str] = field(default_factory=Counter)
    skipped: int = 0
    seconds: float = 0.0
    seed: int = 0
    discovery: Discovery | None = None


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
    """Grades what needs grading into the gradebook, in named steps: what was handed in, what
    changed since its stored grade, under which seed, then every result recorded as it comes."""
    started = time.monotonic()
    specs = {name: options.spec(name) for name in options.assignments}
    found = _Found.of(options, specs)
    summary = BatchSummary(discovery=found.discovery)
    course = load_course(options.course_root)
    roster = read_roster(course.roster) if course.roster else None
    with Gradebook.open(options.out) as gradebook:
        _store_course(gradebook, course, roster, specs)
        todo = found.to_grade(gradebook)
        unfinished = _unfinished_run(gradebook, options)
        seed = unfinished.seed if unfinished else _seed_of(options)
        settings = {n: job_settings(spec, options.grade_options(seed)) for n, spec in specs.items()}
        needed = [specs[n] for n in sorted({s.assignment for s in todo})]
        if needed:
            _check_packages(needed, options)
        with _executor(options, bool(todo)) as executor:
            if executor is not None:
                _preflight(executor, needed, settings)
            run = unfinished or gradebook.start_run(seed, __version__, options.submissions)
            summary.seed = run.seed
            ledger = _Ledger(gradebook, run.id, found.basis, summary, progress)
            gradebook.replace_unplaced([(str(u.path), u.reason) for u in found.discovery.unplaced])
            summary.skipped = len(found.discovery.submissions) - len(found.conflicts) - len(todo)
            progress.start(len(todo) + len(found.discovery.ambiguous) + len(found.conflicts))
            _record_unplaceable(ledger, found, specs, seed)
            if executor is not None:
                _grade_all(executor, todo, specs, settings, ledger)
        gradebook.finish_run(run)
    summary.seconds = time.monotonic() - started
    return summary


@dataclass(frozen=True)
class _Found:
    """What was handed in: the discovery, each file's content hash, and the basis (grader and
    reference versions) a stored grade must share to count as unchanged."""

    discovery: Discovery
    hashes: dict[Submission, str]
    basis: dict[str, str]

    @classmethod
    def of(cls, options: BatchOptions, specs: dict[str, AssignmentSpec]) -> _Found:
        discovery = discover(options.submissions, {n: parts_of(s) for n, s in specs.items()})
        every = (*discovery.submissions, *(group[0] for group in discovery.ambiguous))
        basis = {name: grading_basis(spec, options.retrain) for name, spec in specs.items()}
        return cls(discovery, {s: s.content_hash() for s in every}, basis)

    @property
    def conflicts(self) -> list[Submission]:
        """Submissions whose file name and metadata name two different assignments."""
        return [s for s in self.discovery.submissions if s.conflict is not None]

    def to_grade(self, gradebook: Gradebook) -> list[Submission]:
        """The placeable submissions whose stored grade is missing or out of date."""
        return [
            s
            for s in self.discovery.submissions
            if s.conflict is None
            and _needs_grading(gradebook, s, self.hashes[s], self.basis[s.assignment])
        ]


def _store_course(
    gradebook: Gradebook,
    course: CourseSettings,
    roster: Roster | None,
    specs: dict[str, AssignmentSpec],
) -> None:
    """The course's settings and roster as this batch read them, and each assignment's title
    and maximum (an export checks the LMS's file against them), and its free-text questions with
    their model answers (the review page grades by question): the reports show them later."""
    gradebook.entries.set_setting("course", course.stored())
    known = dict(gradebook.entries.setting(ASSIGNMENTS, {}))
    for name, spec in specs.items():
        known[name] = {
            "title": spec.title,
            "max_points": spec.max_points,
            "questions": free_text_questions(spec),  # the review page's question and model answer
        }
    gradebook.entries.set_setting(ASSIGNMENTS, known)
    if roster is not None:  # merged: an entry `grader roster import` added stays
        stored = Roster.stored(gradebook.entries.roster())
        gradebook.entries.replace_roster(merge(stored, roster).roster.rows())


def _unfinished_run(gradebook: Gradebook, options: BatchOptions) -> Run | None:
    """The interrupted run to continue (``--resume``); without ``--resume`` it is refused."""
    unfinished = gradebook.unfinished_run()
    if unfinished is not None and not options.resume:
        raise UnfinishedRun(msg("batch.unfinished_run", out=str(options.out)))
    return unfinished


def _seed_of(options: BatchOptions) -> int:
    return options.seed if options.seed is not None else new_seed()


def _record_unplaceable(
    ledger: _Ledger, found: _Found, specs: dict[str, AssignmentSpec], seed: int
) -> None:
    """Two notebooks for one assignment, or a name and metadata that disagree: not gradable,
    recorded with the reason, never guessed."""
    for group in found.discovery.ambiguous:
        first = group[0]
        result = _ambiguous_result(group, specs[first.assignment], seed)
        ledger.record(first, found.hashes[first], result)
    for submission in found.conflicts:
        result = _conflict_result(submission, specs[submission.assignment], seed)
        ledger.record(submission, found.hashes[submission], result)


class _Ledger:
    """Where every result of the batch goes, whichever executor made it: its gradebook row,
    committed the moment it is known, the summary's counts and the progress line."""

    def __init__(
        self,
        gradebook: Gradebook,
        run_id: int,
        basis: dict[str, str],
        summary: BatchSummary,
        progress: Progress,
    ) -> None:
        self.gradebook, self.run_id, self.basis = gradebook, run_id, basis
        self.summary, self.progress = summary, progress

    def record(self, submission: Submission, content_hash: str, result: NotebookResult) -> None:
        self.gradebook.record(
            Stored(
                submission.student,
                submission.display_name,
                submission.assignment,
                content_hash,
                __version__,
                self.basis[submission.assignment],
                utc_now(),
                self.run_id,
                result,
            )
        )
        self.summary.graded[told_status(result)] += 1
        self.progress(submission, result)


def told_status(result: NotebookResult) -> str:
    """The status a person is told: a notebook graded but for a free-text answer that waits for
    the instructor has no grade yet, so it is PENDING, never counted or shown as graded."""
    if result.status == Status.GRADED and result.pending:
        return "PENDING"
    return result.status.value


def _grade_all(
    executor: Executor,
    todo: list[Submission],
    specs: dict[str, AssignmentSpec],
    settings: dict[str, JobSettings],
    ledger: _Ledger,
) -> None:
    """Every submission to grade as a job, each result recorded as it comes back."""
    by_key: dict[JobKey, Submission] = {}

    def unreadable(submission: Submission, problem: Message) -> None:
        spec, seed = specs[submission.assignment], settings[submission.assignment].options.seed
        result = unscored(spec, submission.notebook, Status.NOT_GRADABLE, problem, seed or 0)
        ledger.record(submission, "", result)

    for job, outcome in executor.grade(_jobs(todo, settings, unreadable, by_key)):
        ledger.record(
            by_key.pop(job.key), job.content_hash, result_of(job, outcome, specs[job.assignment])
        )


@contextlib.contextmanager
def _executor(options: BatchOptions, needed: bool) -> Iterator[Executor | None]:
    """The batch's executor, or none when there is nothing to grade (no cluster is started)."""
    if not needed:
        yield None
        return
    with open_executor(options.cluster, options.workers, options.course) as executor:
        yield executor


def _jobs(
    todo: list[Submission],
    settings: dict[str, JobSettings],
    unreadable: Callable[[Submission, Message], None],
    by_key: dict[JobKey, Submission],
) -> Iterator[Job]:
    """The jobs of the batch, each packed (its files read) when an executor asks for it. A
    submission whose files cannot be read sends no job: ``unreadable`` records it."""
    for submission in todo:
        try:
            job = pack(submission, settings[submission.assignment])
        except SubmissionError as error:
            unreadable(submission, error.message)
            continue
        by_key[job.key] = submission
        yield job


def _check_packages(specs: list[AssignmentSpec], options: BatchOptions) -> None:
    """The packages course.toml declares import in this batch's sandbox, under the tightest
    memory limit of its assignments: otherwise students would lose points for our environment."""
    memory = min(spec.limits.memory_mb for spec in specs)
    packages = load_course(options.course_root).packages
    problems = remembered_package_problems(packages, options.sandbox(), memory)
    if problems:
        raise EnvironmentProblem(msg("batch.preflight_packages", problems=list(problems)))


def _preflight(
    executor: Executor, specs: list[AssignmentSpec], settings: dict[str, JobSettings]
) -> None:
    """Grades each reference like a submission (as a job of this batch, on its workers, sandboxed,
    same seed) before anyone else.

    If the grading environment is broken (a library that cannot import, a sandbox that cannot
    start, a reference that no longer runs), the batch stops here and nobody gets a zero. On the
    worker that ran it, the reference's answers are then already known for the batch's seed.
    """
    references = {
        spec.name: Submission(
            "(reference)", "(reference)", spec.name, spec.reference_notebook, _artifacts(spec)
        )
        for spec in specs
    }
    jobs = [pack(references[spec.name], settings[spec.name]) for spec in specs]
    by_name = {spec.name: spec for spec in specs}
    for job, outcome in executor.grade(jobs):
        spec = by_name[job.assignment]
        result = result_of(job, outcome, spec)
        if not result.nothing_lost:  # a manual task may wait for the instructor, nothing else
            details = [result.problem, *(error for _, _, error in result.cell_errors[:3])]
            raise EnvironmentProblem(
                msg(
                    "batch.preflight_reference",
                    assignment=spec.name,
                    points=Number(result.points),
                    max=Number(result.max_points),
                    status=msg(f"status.{result.status.value}"),
                    reason=[
                        d if isinstance(d, Message) else msg("as_is", text=d) for d in details if d
                    ],
                )
            )


def _artifacts(spec: AssignmentSpec) -> tuple[Path, ...]:
    """The reference's own handed-in files (its trained model), beside it."""
    beside = (spec.reference_notebook.parent / name for name in spec.artifacts)
    return tuple(path for path in beside if path.is_file() or is_folder(path))


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


class Progress:
    """A one-line progress bar on a terminal; one line per submission in a log."""

    def __init__(self, stream: TextIO | None = None, lang: str = "de") -> None:
        self.total, self.done, self.lang = 0, 0, lang
        self.stream = stream if stream is not None else sys.stderr  # looked up now, not at import
        self.tty = self.stream.isatty()

    def start(self, total: int) -> None:
        self.total = total

    def __call__(self, submission: Submission, result: NotebookResult) -> None:
        self.done += 1
        width = 24
        filled = width * self.done // max(self.total, 1)
        status = render(msg(f"status.{told_status(result)}"), self.lang)
        # a free-text answer waiting for the instructor: no grade yet, so no number (not 0/6)
        earned = result.points if told_status(result) == Status.GRADED.value else None
        points = f"{rounded(earned, 2, self.lang)}/{rounded(result.max_points, 2, self.lang)}"
        line = (
            f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}  "
            f"{submission.display_name} {submission.assignment}: {status} {points}"
        )
        if self.tty:
            self.stream.write("\r\033[K" + line + ("\n" if self.done >= self.total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
