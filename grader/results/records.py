"""Results of grading: per check, per task, per notebook. Plain frozen values."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from grader.boundary import StrEnum
from grader.course.spec import Withheld
from grader.rules.base import Outcome
from grader.text.messages import Message


class Status(StrEnum):
    """A submission's status. Anything but GRADED is never a silent 0."""

    GRADED = "GRADED"
    NOT_GRADABLE = "NOT_GRADABLE"
    TIMEOUT = "TIMEOUT"
    RESOURCE_LIMIT = "RESOURCE_LIMIT"
    KERNEL_DIED = "KERNEL_DIED"
    GRADER_ERROR = "GRADER_ERROR"


class TaskStatus(StrEnum):
    PASSED = "passed"
    PARTIAL = "partial"
    FAILED = "failed"
    MISSING = "missing"
    TIMEOUT = "timeout"
    KERNEL_DIED = "kernel_died"
    GRADER_ERROR = "grader_error"
    PENDING = "pending"  # a manual task: waits for the instructor's points
    # a student kit's self-check only (the hidden checks did not run): what it knows of a task
    # whose public checks did not fail
    UNCHECKED = "unchecked"  # no public check: only the final grading judges it
    SHAPE_ONLY = "shape_only"  # its public checks judge the form alone, never the values
    UNANSWERED = "unanswered"  # its answer cell still raises the placeholder's error
    CELL_ERROR = "cell_error"  # its answer cell raised


# what a self-check may leave as it is: the rest must be fixed before handing in
SELF_CHECK_FINE = frozenset(
    {TaskStatus.PASSED, TaskStatus.PENDING, TaskStatus.UNCHECKED, TaskStatus.SHAPE_ONLY}
)


@dataclass(frozen=True)
class CheckResult:
    id: str
    rule: str
    points: float
    max_points: float
    hidden: bool
    gate: bool
    outcome: Outcome | None
    # why the check could not judge (a reference that gave nothing, a rule that crashed): a
    # catalogue message, rendered in the report's language; plain text in older gradebooks
    error: str | Message | None = None

    @property
    def passed(self) -> bool:
        return self.outcome is not None and self.outcome.score >= 1.0


@dataclass(frozen=True)
class TaskResult:
    task: str
    title: str  # in the course language (German)
    points: float
    max_points: float
    status: TaskStatus
    checks: tuple[CheckResult, ...]
    titles: tuple[tuple[str, str], ...] = ()  # the title by language, where the spec gives one

    def title_in(self, lang: str) -> str:
        """The title in ``lang``, else the German one."""
        return dict(self.titles).get(lang, self.title)

    def named(self, name: str) -> bool:
        """Whether ``name`` is this task's id or one of its titles (``--task``)."""
        return name in (self.task, self.title, *(title for _, title in self.titles))

    @property
    def first_failure(self) -> CheckResult | None:
        """The failed check that best explains the lost points: a failed gate, else one that names
        a mistake, else the first failure."""
        failed = [c for c in self.checks if not c.passed]
        gates = [c for c in failed if c.gate and c.outcome is not None]
        named = [c for c in failed if c.outcome is not None and c.outcome.mistake is not None]
        return (gates or named or failed or [None])[0]  # type: ignore[list-item]


@dataclass(frozen=True)
class NotebookResult:
    assignment: str
    notebook: str
    status: Status
    points: float
    max_points: float
    tasks: tuple[TaskResult, ...] = ()
    seed: int | None = None
    # (cell number among the code cells, from 1; task id or ""; the error, explained)
    cell_errors: tuple[tuple[int, str, str | Message], ...] = ()
    # (cell number, the execution count the saved file shows beside it) where it has one alone
    cell_counts: tuple[tuple[int, int], ...] = ()
    seconds: float = 0.0
    problem: str | Message | None = None
    warnings: tuple[Message, ...] = field(default_factory=tuple)
    public_only: bool = False  # a self-check from a student kit: the hidden checks did not run
    withheld: tuple[Withheld, ...] = ()

    def only(self, task: str | None) -> NotebookResult:
        """The result of one task (by id or title), for feedback on it alone."""
        if task is None:
            return self
        tasks = tuple(t for t in self.tasks if t.named(task))
        return replace(
            self,
            tasks=tasks,
            points=sum(t.points for t in tasks),
            max_points=sum(t.max_points for t in tasks),
            withheld=tuple(w for w in self.withheld if any(w.task == t.task for t in tasks)),
        )

    @property
    def full_marks(self) -> bool:
        """Everything that ran passed (for a kit's check: every public check)."""
        return self.status == Status.GRADED and all(
            t.status == TaskStatus.PASSED for t in self.tasks
        )

    @property
    def pending(self) -> tuple[str, ...]:
        """The tasks that wait for the instructor's points: the total is incomplete until then."""
        return tuple(t.task for t in self.tasks if t.status == TaskStatus.PENDING)

    @property
    def nothing_found(self) -> bool:
        """A kit's self-check found nothing to fix: graded, every public check passed, no answer
        cell raised or was left unanswered. Says nothing about what it could not check."""
        return (
            self.status == Status.GRADED
            and all(t.status in SELF_CHECK_FINE for t in self.tasks)
            and not any(task for _, task, _ in self.cell_errors)
        )

    @property
    def nothing_lost(self) -> bool:
        """Graded, and every task either passed or waits for the instructor."""
        return self.status == Status.GRADED and all(
            t.status in (TaskStatus.PASSED, TaskStatus.PENDING) for t in self.tasks
        )


@dataclass(frozen=True)
class Stored:
    """A result as the gradebook keeps it: whose, of which files, graded by which versions."""

    student: str
    display_name: str
    assignment: str
    content_hash: str
    grader_version: str
    reference_version: str
    graded_at: str
    run_id: int | None
    result: NotebookResult
