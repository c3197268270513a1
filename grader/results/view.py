"""The gradebook view: what the pages, the exports, the review page and the instructor's commands
read, made in one place so that they all show the same grades."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.course.roster import Roster
from grader.course.settings import CourseSettings
from grader.results.adjust import Graded, graded
from grader.results.gradebook import Gradebook

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


def read_course(out: Path, write: bool = True) -> CourseView:
    """The gradebook as every page, table and export sees it: automatic results with the
    instructor's adjustments and resolutions applied, the roster and the course's settings."""
    with Gradebook.open(out, write=write) as book:
        entries = book.entries
        views = graded(book.all(), entries.adjustments(), entries.resolutions())
        return CourseView(
            views,
            book.unplaced(),
            Roster.stored(entries.roster()),
            CourseSettings.from_stored(entries.setting("course")),
        )
