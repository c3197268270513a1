"""Results of grading: per check, per task, per notebook. Plain frozen values."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from grader.messages import Message
from grader.rules.base import Outcome


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


@dataclass(frozen=True)
class CheckResult:
    id: str
    rule: str
    points: float
    max_points: float
    hidden: bool
    gate: bool
    outcome: Outcome | None
    error: str | None = None

    @property
    def passed(self) -> bool:
        return self.outcome is not None and self.outcome.score >= 1.0


@dataclass(frozen=True)
class TaskResult:
    task: str
    title: str
    points: float
    max_points: float
    status: TaskStatus
    checks: tuple[CheckResult, ...]

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
    # (cell number, counted from 1 as in Jupyter; task id or ""; the error, explained)
    cell_errors: tuple[tuple[int, str, str | Message], ...] = ()
    seconds: float = 0.0
    problem: str | Message | None = None
    warnings: tuple[Message, ...] = field(default_factory=tuple)

    @property
    def full_marks(self) -> bool:
        return self.status == Status.GRADED and self.points >= self.max_points
