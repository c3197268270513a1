"""The instructor's decisions, made into gradebook entries the same way from the command line and
from the review page: the submission looked up, the points checked against the task's maximum,
an override refused without a reason (the student reads it), a flag resolved only with one."""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.errors import UsageError
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
from grader.results.records import TaskResult, TaskStatus
from grader.results.view import read_course
from grader.text.messages import LANGUAGES, msg
from grader.text.numbers import Number


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
        raise UsageError(
            msg(
                "decide.no_grade",
                out=str(out),
                student=student,
                assignment=assignment,
                students=", ".join(students) or "-",
            )
        )
    return view


def adjustment_for(view: Graded, task_id: str, points: str, note: Note) -> Adjustment:
    """The entry ``grader override`` and the review page make: checked against the task's
    maximum; a pending manual task gets its points, any other task an override with a reason."""
    grade = view.task(task_id)
    item = view.stored
    if grade is None:
        tasks = ", ".join(t.result.task for t in view.tasks)
        known = tasks or msg(f"status.{view.state}")
        raise UsageError(
            msg(
                "decide.no_task",
                student=item.display_name,
                assignment=item.assignment,
                task=task_id,
                known=known,
            )
        )
    manual = grade.result.status == TaskStatus.PENDING
    where: dict[str, Any] = {
        "task": _task_name(grade.result, task_id),
        "assignment": item.assignment,
        "student": item.display_name,
    }
    value = None
    if points.strip().lower() != "auto":
        value = _points(points, grade.result.max_points, where)
    if not manual and not note.reason.strip():
        raise UsageError(msg("decide.reason_needed", **where))
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
        raise UsageError(msg("decide.no_flag", out=str(out), flag=key))
    return found


def resolve_flag(view: Graded, key: str, note: Note, override: Override | None) -> FlagDecision:
    """The one way a flag is resolved, by the command and by the page alike: a reason is
    required (the student may read it), an override is checked like any other."""
    flag = next((f for f in view.flags if f.key == key), None)
    if flag is None:
        raise UsageError(msg("decide.no_flag", out=view.stored.display_name, flag=key))
    reason = note.reason.strip()
    if not reason:
        where = {"assignment": view.stored.assignment, "student": view.stored.display_name}
        raise UsageError(msg("decide.flag_reason", **where))
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


def _task_name(task: TaskResult, task_id: str) -> str | dict[str, str]:
    """The task as its title says it in each language (and its id where that differs)."""
    if task.title == task_id:
        return task_id
    return {lang: f"{task.title_in(lang)} ({task_id})" for lang in LANGUAGES}


def _points(text: str, maximum: float, where: dict[str, Any]) -> float:
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        raise UsageError(msg("decide.not_a_number", text=text.strip(), **where)) from None
    if not 0 <= value <= maximum:
        raise UsageError(
            msg("decide.out_of_range", value=Number(value), max=Number(maximum), **where)
        )
    return value


def author(name: str | None) -> str:
    """Who made a decision: the name given, else $GRADER_AUTHOR, else the login name."""
    return name or os.environ.get("GRADER_AUTHOR") or getpass.getuser()
