"""The instructor's decisions applied on top of the automatic grades: the one view every table,
page and export is built from.

The stored result stays the automatic truth; an adjustment (an override of a task's points, or
the points of a manual task) and a flag resolution are separate entries with who, when and why.
``graded`` joins them: the latest adjustment of a task counts (``points`` None withdraws it). A
regrade never removes one, but when the automatic points or the handed-in file changed since it
was entered, the task is marked for a second look. Pure: no files, no database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from grader.results.json_codec import encode
from grader.results.records import Status, Stored, TaskResult, TaskStatus
from grader.text.messages import Message

OVERRIDE, MANUAL = "override", "manual"  # kinds: a changed automatic grade, a manual task's points
ACCEPTED, OVERRIDDEN = "accepted", "overridden"  # flag decisions
# The one vocabulary of a submission's state on every page, table, JUnit report and export: a
# stored Status, or one of these two (a key ``status.<STATE>`` of the catalogue each). Only
# GRADED has a grade; every other state shows its text, never a number.
PENDING = "PENDING"  # graded, but a task waits for the instructor's points
NO_SUBMISSION = "NO_SUBMISSION"  # nothing was handed in for the assignment


@dataclass(frozen=True)
class Adjustment:
    """Points a person set for one task. ``automatic_points`` and ``content_hash``: what the
    grader had found when it was entered, to notice a regrade that changed either."""

    student: str
    assignment: str
    task: str
    kind: str
    points: float | None  # None: withdrawn, the automatic points count again
    automatic_points: float | None
    content_hash: str
    reason: str
    author: str
    at: str


@dataclass(frozen=True)
class Resolution:
    """A flagged item looked at: accepted as it is, or overridden (with an adjustment)."""

    student: str
    assignment: str
    flag: str  # flag_key of the flag's message
    decision: str
    reason: str
    author: str
    at: str


@dataclass(frozen=True)
class TaskGrade:
    result: TaskResult  # the automatic truth
    adjustment: Adjustment | None  # the one in force
    second_look: bool = False  # the automatic points or the file changed since it was entered

    @property
    def points(self) -> float:
        return self.result.points if self.adjustment is None else float(self.adjustment.points or 0)

    @property
    def pending(self) -> bool:
        return self.result.status == TaskStatus.PENDING and self.adjustment is None

    @property
    def status(self) -> TaskStatus:
        """The task's status as it counts: an instructor's points decide it (a manual task
        graded by hand is no longer pending), else the grader's."""
        if self.adjustment is None:
            return self.result.status
        if self.points >= self.result.max_points - 1e-9:
            return TaskStatus.PASSED
        return TaskStatus.PARTIAL if self.points > 0 else TaskStatus.FAILED


@dataclass(frozen=True)
class Flag:
    key: str
    message: Message
    resolution: Resolution | None

    @property
    def open(self) -> bool:
        return self.resolution is None


@dataclass(frozen=True)
class Graded:
    """One submission as it counts: the automatic result with the instructor's entries."""

    stored: Stored
    tasks: tuple[TaskGrade, ...]
    flags: tuple[Flag, ...]

    @property
    def status(self) -> Status:
        return self.stored.result.status

    @property
    def graded(self) -> bool:
        return self.status == Status.GRADED

    @property
    def points(self) -> float:
        return sum(t.points for t in self.tasks) if self.tasks else self.stored.result.points

    @property
    def max_points(self) -> float:
        return self.stored.result.max_points

    @property
    def pending(self) -> tuple[TaskGrade, ...]:
        return tuple(t for t in self.tasks if t.pending)

    @property
    def complete(self) -> bool:
        """A grade that may go into an LMS: graded, and nothing waits for the instructor."""
        return self.graded and not self.pending

    @property
    def state(self) -> str:
        """GRADED (a complete grade), PENDING, or the status that kept it from being graded."""
        if self.graded:
            return PENDING if self.pending else Status.GRADED.value
        return self.status.value

    @property
    def grade(self) -> float | None:
        """The points where there is a grade; None where there is none (never a 0)."""
        return self.points if self.complete else None

    @property
    def adjusted(self) -> tuple[TaskGrade, ...]:
        return tuple(t for t in self.tasks if t.adjustment is not None)

    @property
    def open_flags(self) -> tuple[Flag, ...]:
        return tuple(f for f in self.flags if f.open)

    @property
    def second_looks(self) -> tuple[TaskGrade, ...]:
        return tuple(t for t in self.tasks if t.second_look)

    def task(self, task_id: str) -> TaskGrade | None:
        return next((t for t in self.tasks if t.result.task == task_id), None)


def flag_key(message: Message) -> str:
    """A flag's identity across regrades and languages: its catalogue key and parameters."""
    text = json.dumps(encode(message), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def _latest(entries: Iterable[Adjustment]) -> dict[tuple[str, str, str], Adjustment]:
    latest: dict[tuple[str, str, str], Adjustment] = {}
    for entry in entries:  # in the order they were entered
        latest[(entry.student, entry.assignment, entry.task)] = entry
    return latest


def _second_look(adjustment: Adjustment, task: TaskResult, content_hash: str) -> bool:
    changed_points = (
        adjustment.automatic_points is not None
        and abs(adjustment.automatic_points - task.points) > 1e-9
    )
    return changed_points or adjustment.content_hash != content_hash


def graded(
    stored: list[Stored], adjustments: list[Adjustment], resolutions: list[Resolution]
) -> list[Graded]:
    in_force = {k: a for k, a in _latest(adjustments).items() if a.points is not None}
    decided = {(r.student, r.assignment, r.flag): r for r in resolutions}
    views = []
    for item in stored:
        tasks = []
        for task in item.result.tasks:
            adjustment = in_force.get((item.student, item.assignment, task.task))
            look = adjustment is not None and _second_look(adjustment, task, item.content_hash)
            tasks.append(TaskGrade(task, adjustment, look))
        flags: dict[str, Flag] = {}
        for message in item.result.warnings:  # one entry per distinct flag
            key = flag_key(message)
            resolution = decided.get((item.student, item.assignment, key))
            flags.setdefault(key, Flag(key, message, resolution))
        views.append(Graded(item, tuple(tasks), tuple(flags.values())))
    return views
