"""Results as the grader stores them, made in a few lines: for the tests of everything that is
built from a gradebook (adjustments, tables, pages, LMS exports, the review page)."""

from __future__ import annotations

from pathlib import Path

from grader.results.gradebook import Gradebook
from grader.results.records import (
    CheckResult,
    NotebookResult,
    Status,
    Stored,
    TaskResult,
    TaskStatus,
)
from grader.rules.base import Outcome
from grader.text.messages import msg
from grader.text.numbers import Count, Decimal

MISTAKE = msg("mistake.flipped-kernel")


def task(
    name: str, points: float, max_points: float = 1.0, pending: bool = False, mistake: bool = False
) -> TaskResult:
    if pending:
        outcome = Outcome(
            0.0,
            msg("free_text.pending", words=Count(12)),
            found="Weil <b>Faltung</b>",
            pending=True,
        )
        status = TaskStatus.PENDING
    else:
        passed = points >= max_points
        message = (
            msg("value.ok", name=name)
            if passed
            else msg("value.wrong", name=name, expected="1", found="2")
        )
        outcome = Outcome(
            points / max_points, message, mistake=MISTAKE if mistake and not passed else None
        )
        status = (
            TaskStatus.PASSED if passed else TaskStatus.PARTIAL if points else TaskStatus.FAILED
        )
    check = CheckResult(
        f"{name}/c", "M100" if pending else "V100", points, max_points, False, False, outcome
    )
    return TaskResult(name, f"Titel {name}", points, max_points, status, (check,))


def result(
    assignment: str,
    tasks: tuple[TaskResult, ...],
    status: Status = Status.GRADED,
    warnings: tuple = (),
    accuracy: float | None = None,
    max_points: float = 10.0,
) -> NotebookResult:
    if accuracy is not None:
        outcome = Outcome(
            1.0,
            msg(
                "accuracy.full",
                accuracy=Decimal(accuracy),
                n=Count(10000),
                full=Decimal(0.92, 2),
                zero=Decimal(0.88, 2),
            ),
            measured=accuracy,
        )
        check = CheckResult("threshold/accuracy", "K103", 12.0, 12.0, False, False, outcome)
        tasks = (
            *tasks,
            TaskResult("threshold", "Testgenauigkeit", 12.0, 12.0, TaskStatus.PASSED, (check,)),
        )
    graded = status == Status.GRADED
    return NotebookResult(
        assignment,
        f"/submissions/{assignment}.ipynb",
        status,
        sum(t.points for t in tasks) if graded else 0.0,
        sum(t.max_points for t in tasks) if tasks else max_points,
        tasks if graded else (),
        seed=3,
        problem=None if graded else msg("file.empty", path=f"{assignment}.ipynb"),
        warnings=warnings,
    )


def stored(
    student: str, made: NotebookResult, content_hash: str = "hash-1", name: str = ""
) -> Stored:
    return Stored(
        student,
        name or student.title(),
        made.assignment,
        content_hash,
        "0.1.0",
        "ref",
        "2026-05-04T10:00:00+00:00",
        1,
        made,
    )


def gradebook(out: Path, items: list[Stored]) -> Path:
    with Gradebook.open(out) as book:
        for item in items:
            book.record(item)
    return out
