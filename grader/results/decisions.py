"""The instructor's decisions, made into gradebook entries the same way from the command line and
from the review page: the submission looked up, the points checked against the task's maximum,
an override refused without a reason (the student reads it), a flag resolved only with one."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path

from grader.errors import GraderError
from grader.results.adjust import (
    ACCEPTED,
    MANUAL,
    OVERRIDDEN,
    OVERRIDE,
    Adjustment,
    Graded,
    Resolution,
)
from grader.results.gradebook import Gradebook, utc_now
from grader.results.records import TaskStatus
from grader.results.view import read_course


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


@dataclass(frozen=True)
class Override:
    """A task's new points, as typed (a number, or 'auto' to withdraw an override)."""

    task: str
    points: str


@dataclass(frozen=True)
class FlagDecision:
    """A flag resolved: the resolution, and the override it comes with (if any)."""

    resolution: Resolution
    adjustments: tuple[Adjustment, ...] = ()


def find_flag(out: Path, key: str) -> Graded:
    """The graded submission that carries flag ``key`` (as ``grader flags`` lists it)."""
    views = read_course(out, write=False).views
    found = next((v for v in views if any(f.key == key for f in v.flags)), None)
    if found is None:
        raise GraderError(f"{out}: no flag {key!r} (see `grader flags`)")
    return found


def resolve_flag(view: Graded, key: str, note: Note, override: Override | None) -> FlagDecision:
    """The one way a flag is resolved, by the command and by the page alike: a reason is
    required (the student may read it), an override is checked like any other."""
    flag = next((f for f in view.flags if f.key == key), None)
    if flag is None:
        raise GraderError(f"no flag {key!r} for this submission")
    reason = note.reason.strip()
    if not reason:
        raise GraderError("resolving a flag needs a reason")
    adjustments = (adjustment_for(view, override.task, override.points, note),) if override else ()
    item = view.stored
    decision = OVERRIDDEN if override else ACCEPTED
    resolution = Resolution(
        item.student, item.assignment, flag.key, decision, reason, note.author, note.at or utc_now()
    )
    return FlagDecision(resolution, adjustments)


def record(out: Path, decision: FlagDecision) -> None:
    """The resolution and its override, committed to the gradebook."""
    with Gradebook.open(out, write=False) as book:
        for entry in decision.adjustments:
            book.entries.adjust(entry)
        book.entries.resolve(decision.resolution)


def _points(text: str, maximum: float) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise GraderError(f"points: {text!r} is not a number (or 'auto')") from None
    if not 0 <= value <= maximum:
        raise GraderError(f"points: {value:g} is outside 0 to {maximum:g}")
    return value


def author(name: str | None) -> str:
    """Who made a decision: the name given, else $GRADER_AUTHOR, else the login name."""
    return name or os.environ.get("GRADER_AUTHOR") or getpass.getuser()
