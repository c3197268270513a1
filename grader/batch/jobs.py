"""A grading job: one submission as a plain, frozen value that any worker can grade.

The process pool and a Dask cluster run the same jobs the same way; only the transport differs.
A job carries the submission's files as bytes (the notebook and the files handed in beside it),
so a worker needs no access to the submissions folder and grades exactly the bytes the
coordinator hashed: the content hash stored in the gradebook is the hash of what was graded.
What is the same for every job (the course folder: references, specs, data, hundreds of MB with
a full data set) is not sent: it must lie at the same path on every worker (a shared filesystem,
as clusters have, or a copy), and each job says which grader version and grading basis (reference
version, data, retraining) it expects, so a worker with another copy refuses it instead of
grading against other references. The result comes back as the result JSON, naming the files
where they lie on the coordinator.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import tempfile
from dataclasses import dataclass
from multiprocessing.util import Finalize
from pathlib import Path, PurePosixPath

from grader import __version__
from grader.course.spec import AssignmentSpec, load_assignment, reference_version
from grader.errors import SubmissionError
from grader.execute.measure import MeasurerSpares
from grader.execute.sandbox import bwrap_path
from grader.execute.started import Spares
from grader.grading.reference_cache import default_cache
from grader.grading.submission import GradeOptions, GradingSession, grade_notebook, unscored
from grader.intake.discover import Submission, content_digest
from grader.intake.model_file import MAX_TOTAL_BYTES
from grader.intake.notebook import MAX_NOTEBOOK_BYTES
from grader.results.json_codec import result_from_json, result_to_json
from grader.results.records import NotebookResult, Status
from grader.text.messages import Message, msg

JobKey = tuple[str, str, str, str]  # ("grade", student, assignment, digest): a Dask task key too
JobOutcome = str | Message  # the result JSON, or why the job came back without one
GPU = "GPU"  # the worker resource a retraining job asks for
JOB_PREFIX = "grader-job-"  # + pid of the worker process + "-": the folder of a job it grades


@dataclass(frozen=True)
class HandedIn:
    """One file of a submission. A file larger than any reader accepts travels as its size
    alone: the worker lays down a sparse file of that size, which is refused as the original."""

    name: str
    content: bytes | None
    size: int


@dataclass(frozen=True)
class CourseSetup:
    """What every worker needs to load the specs: the course folder and the data folders
    pointed elsewhere (``--data``)."""

    root: Path
    data: tuple[tuple[str, Path], ...] = ()

    def spec(self, assignment: str) -> AssignmentSpec:
        return load_assignment(self.root, assignment, dict(self.data))


@dataclass(frozen=True)
class Job:
    student: str
    assignment: str
    content_hash: str
    folder: str  # where the files lie on the coordinator: the result names them there
    notebook: HandedIn
    artifacts: tuple[HandedIn, ...]
    options: GradeOptions  # the seed is set
    basis: str  # grading_basis on the coordinator; a worker must compute the same
    resources: tuple[tuple[str, float], ...] = ()  # worker resources it asks for (GPU)
    grader_version: str = __version__

    @property
    def seed(self) -> int:
        assert self.options.seed is not None, "a job's seed is fixed when it is packed"
        return self.options.seed

    @property
    def key(self) -> JobKey:
        """The same submission, seed and basis always make the same key: a job sent twice is
        one task, and its one result is recorded once."""
        identity = f"{self.content_hash}\0{self.seed}\0{self.basis}\0{self.options!r}"
        digest = hashlib.sha256(identity.encode()).hexdigest()[:24]
        return ("grade", self.student, self.assignment, digest)

    @property
    def path(self) -> Path:
        return Path(self.folder) / self.notebook.name


def grading_basis(spec: AssignmentSpec, retrain: bool) -> str:
    """The reference version, and what else decides a grade: the data folders (a course's full
    test set measures other accuracies than the shipped one) and whether training was rerun."""
    setup = hashlib.sha256(f"{spec.data!r} retrain={retrain}".encode()).hexdigest()
    return f"{reference_version(spec)}+{setup[:8]}"


@dataclass(frozen=True)
class JobSettings:
    """What every job of one assignment in a batch shares."""

    options: GradeOptions
    basis: str
    resources: tuple[tuple[str, float], ...] = ()
    send_artifacts: bool = True  # False: the handed-in files travel as their sizes only


def job_settings(spec: AssignmentSpec, options: GradeOptions) -> JobSettings:
    """Retraining asks for a GPU worker, where the assignment has training cells at all. It
    grades the files the training saves, never those handed in beside the notebook (nor does
    the kernel see those), so a retraining job leaves a course's model files at home: such
    jobs may wait at a cluster's scheduler for a GPU worker in any number."""
    resources = ((GPU, 1.0),) if options.retrain and spec.training_tasks else ()
    basis = grading_basis(spec, options.retrain)
    return JobSettings(options, basis, resources, send_artifacts=not options.retrain)


def pack(submission: Submission, settings: JobSettings) -> Job:
    """Reads the submission's files once: their bytes are both hashed and sent. An unreadable
    notebook is the submission's problem (SubmissionError), not the batch's."""
    try:
        contents = [(name, path.read_bytes()) for name, path in submission.files()]
    except OSError as error:
        problem = msg("file.unreadable", path=str(error.filename), reason=error.strerror)
        raise SubmissionError(problem) from None
    artifact_limit = MAX_TOTAL_BYTES if settings.send_artifacts else -1
    files = [
        _handed_in(name, content, MAX_NOTEBOOK_BYTES if index == 0 else artifact_limit)
        for index, (name, content) in enumerate(contents)
    ]
    return Job(
        student=submission.student,
        assignment=submission.assignment,
        content_hash=content_digest(contents),
        folder=str(submission.notebook.parent),
        notebook=files[0],
        artifacts=tuple(files[1:]),
        options=settings.options,
        basis=settings.basis,
        resources=settings.resources,
    )


def _handed_in(name: str, content: bytes, limit: int) -> HandedIn:
    return HandedIn(name, content if len(content) <= limit else None, len(content))


def result_of(job: Job, outcome: JobOutcome, spec: AssignmentSpec) -> NotebookResult:
    """What the gradebook records for a job, whichever executor ran it."""
    if isinstance(outcome, str):
        return result_from_json(outcome)
    return unscored(spec, job.path, Status.GRADER_ERROR, outcome, job.seed)


class JobRunner:
    """A worker's own state, kept from job to job: the specs it has read and its grading
    session, so each reference runs once per (assignment, reference version, seed) on this
    worker instead of once per submission."""

    def __init__(self, course: CourseSetup, worker: str) -> None:
        self.course = course
        self.worker = f"{worker} on {socket.gethostname()}"
        # what the preflight computed, too; each next student's kernel and measuring process
        # started ahead
        self.session = GradingSession(default_cache(), Spares(), MeasurerSpares())
        self._specs: dict[str, AssignmentSpec] = {}
        _remove_what_dead_workers_left()

    def close(self) -> None:
        """The worker ends: the kernel it started for a next submission is shut down."""
        self.session.close()

    def run(self, job: Job) -> JobOutcome:
        """The result as JSON, or why this worker did not grade the job: whatever goes wrong
        becomes this submission's GRADER_ERROR, never the batch's end."""
        try:
            spec = self._specs.get(job.assignment) or self.course.spec(job.assignment)
            self._specs[job.assignment] = spec
            return self._refusal(job, spec) or self._grade(job, spec)
        except Exception as error:  # a missing course folder, or a bug: this job only
            return msg("batch.job_failed", worker=self.worker, error=repr(error)[:300])

    def _refusal(self, job: Job, spec: AssignmentSpec) -> Message | None:
        if job.options.sandbox is not None and bwrap_path() is None:
            return msg("batch.worker_no_sandbox", worker=self.worker)
        found = f"grader {__version__}, {grading_basis(spec, job.options.retrain)}"
        expected = f"grader {job.grader_version}, {job.basis}"
        if found != expected:
            return msg("batch.worker_mismatch", worker=self.worker, found=found, expected=expected)
        return None

    def _grade(self, job: Job, spec: AssignmentSpec) -> str:
        # named after this worker process, so that what a killed one leaves is known as such
        prefix = f"{JOB_PREFIX}{os.getpid()}-"
        with tempfile.TemporaryDirectory(prefix=prefix) as scratch:
            folder = Path(scratch) / "submission"
            folder.mkdir()
            for handed_in in (job.notebook, *job.artifacts):
                _lay_down(folder / handed_in.name, handed_in)
            notebook = folder / job.notebook.name
            try:
                result = grade_notebook(notebook, spec, job.options, self.session)
            except Exception as error:  # a grader bug costs this submission a GRADER_ERROR only
                problem = msg("batch.internal_error", error=repr(error)[:300])
                result = unscored(spec, notebook, Status.GRADER_ERROR, problem, job.seed)
            return _moved(result_to_json(result), folder, job.folder)


def _remove_what_dead_workers_left() -> None:
    """A worker killed mid-job cannot remove the student's files it laid down; the next worker
    started on the machine removes what dead workers left."""
    for folder in Path(tempfile.gettempdir()).glob(f"{JOB_PREFIX}*-*"):
        pid = folder.name.removeprefix(JOB_PREFIX).split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive, and not ours to clean up after
        return True
    return True


def _lay_down(path: Path, handed_in: HandedIn) -> None:
    """Writes one handed-in file where it lay beside the notebook (a folder's file in its
    subfolder); a name that would leave the submission's folder is not written."""
    relative = PurePosixPath(handed_in.name)
    if relative.is_absolute() or ".." in relative.parts:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        if handed_in.content is None:
            handle.truncate(handed_in.size)
        else:
            handle.write(handed_in.content)


def _moved(result_json: str, here: Path, there: str) -> str:
    """The result naming the coordinator's folder wherever it names the worker's copy. Both
    are written as JSON writes them, so the replacement is exact; the worker's folder has a
    random name that nothing else contains."""
    return result_json.replace(_json_text(str(here)), _json_text(there))


def _json_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)[1:-1]


_RUNNER: JobRunner | None = None  # the one JobRunner of a pool's worker process


def start_pool_worker(course: CourseSetup) -> None:
    """The worker's runner, closed when the pool stops the worker (a worker process ends through
    multiprocessing's finalizers, not ``atexit``)."""
    global _RUNNER
    _RUNNER = JobRunner(course, f"worker process {os.getpid()}")
    Finalize(_RUNNER, _RUNNER.close, exitpriority=10)


def run_in_pool_worker(job: Job) -> JobOutcome:
    assert _RUNNER is not None, "pool worker processes start with start_pool_worker"
    return _RUNNER.run(job)
