"""The gradebook view: what the pages, the exports, the review page and the instructor's commands
read, made in one place so that they all show the same grades."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from grader.course.roster import Roster
from grader.course.settings import CourseSettings
from grader.results.adjust import Graded, graded
from grader.results.gradebook import ASSIGNMENTS, EXPORTS_MADE, Gradebook

EXPORTS = (
    "exports"  # where `grader export` writes in the output folder; the summary links each file
)


@dataclass(frozen=True)
class CourseView:
    """Everything the pages are made from, read from one gradebook."""

    views: list[Graded]
    unplaced: list[tuple[str, str]]
    roster: Roster
    settings: CourseSettings
    # assignment -> {"title", "max_points"} as the batch read them from the specs
    assignments: dict[str, dict[str, Any]] = field(default_factory=dict)
    # file name in EXPORTS -> {"assignment", "digest", "at"}: what each export was made from
    exports_made: dict[str, dict[str, Any]] = field(default_factory=dict)

    def digest(self, assignment: str) -> str:
        """What an LMS file of ``assignment`` is made from: each submission's status, effective
        points per task, what waits and why it was adjusted, and the roster that matched the
        rows. An export whose digest is not the gradebook's now shows stale numbers."""
        made = [
            (
                v.stored.student,
                v.status.value,
                [(t.result.task, round(t.points, 4), t.pending) for t in v.tasks],
                [(t.result.task, t.adjustment.reason) for t in v.adjusted if t.adjustment],
            )
            for v in self.views
            if v.stored.assignment == assignment
        ]
        text = json.dumps([made, self.roster.rows()], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def stale_export(self, name: str) -> bool | None:
        """Whether the export ``name`` holds other grades than the gradebook now (None: what it
        was made from is not recorded, so nobody knows)."""
        made = self.exports_made.get(name)
        if not isinstance(made, dict) or "digest" not in made:
            return None
        return bool(made["digest"] != self.digest(str(made.get("assignment"))))


def read_course(out: Path, write: bool = True) -> CourseView:
    """The gradebook as every page, table and export sees it: automatic results with the
    instructor's adjustments and resolutions applied, the roster and the course's settings."""
    with Gradebook.open(out, write=write) as book:
        entries = book.entries
        roster = Roster.stored(entries.roster())
        views = [
            _named(v, roster)
            for v in graded(book.all(), entries.adjustments(), entries.resolutions())
        ]
        return CourseView(
            views,
            book.unplaced(),
            roster,
            CourseSettings.from_stored(entries.setting("course")),
            dict(entries.setting(ASSIGNMENTS, {}) or {}),
            dict(entries.setting(EXPORTS_MADE, {}) or {}),
        )


def _named(view: Graded, roster: Roster) -> Graded:
    """The roster's name wherever the person is shown (the folder's name where the roster has
    none): every page, table, export and the review page read it from here."""
    entry = roster.of_submission(view.stored.student)
    if entry is None or not entry.name or entry.name == view.stored.display_name:
        return view
    return replace(view, stored=replace(view.stored, display_name=entry.name))
