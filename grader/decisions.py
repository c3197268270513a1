"""The instructor's decisions, made into gradebook entries the same way from the command line and
from the review page: the submission looked up, the points checked against the task's maximum,
an override refused without a reason (the student reads it)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.adjust import MANUAL, OVERRIDE, Adjustment, Graded
from grader.errors import GraderError
from grader.gradebook import utc_now
from grader.report.pages import read_course
from grader.results import TaskStatus


@dataclass(frozen=True)
class Note:
    """Why, by whom, and when (None: now)."""

    reason: str
    author: str
    at: str | None = None


def find_view(out: Path, student: str, assignment: str) -> Graded:
    views = read_course(out, write=False).views
    view = next(
        (v for v in views if v.stored.student == student and v.stored.assignment == assignment),
        None,
    )
    if view is None:
        students = sorted({v.stored.student for v in views if v.stored.assignment == assignment})
        raise GraderError(
            f"{out}: no grade of {student!r} for {assignment!r} "
            f"(graded for {assignment}: {', '.join(students) or 'nobody'})"
        )
    return view


def adjustment_for(view: Graded, task_id: str, points: str, note: Note) -> Adjustment:
    """The entry ``grader override`` and the review page make: checked against the task's
    maximum; a pending manual task gets its points, any other task an override with a reason."""
    grade = view.task(task_id)
    item = view.stored
    if grade is None:
        tasks = ", ".join(t.result.task for t in view.tasks)
        status = item.result.status.value
        raise GraderError(
            f"{item.student} {item.assignment}: no task {task_id!r} "
            f"({'tasks: ' + tasks if tasks else 'not graded: ' + status})"
        )
    manual = grade.result.status == TaskStatus.PENDING
    value = None if points.strip().lower() == "auto" else _points(points, grade.result.max_points)
    if not manual and not note.reason.strip():
        raise GraderError("an override needs --reason (it is shown to the student)")
    return Adjustment(
        item.student,
        item.assignment,
        task_id,
        MANUAL if manual else OVERRIDE,
        value,
        grade.result.points,
        item.content_hash,
        note.reason.strip(),
        note.author,
        note.at or utc_now(),
    )


def _points(text: str, maximum: float) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise GraderError(f"points: {text!r} is not a number (or 'auto')") from None
    if not 0 <= value <= maximum:
        raise GraderError(f"points: {value:g} is outside 0 to {maximum:g}")
    return value
