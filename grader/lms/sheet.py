"""Whether an LMS's file belongs to the assignment being exported, before anything is written.

A worksheet downloaded for another assignment is the likeliest way to put wrong numbers into an
LMS without any error: Moodle would take 20 points into an activity whose maximum is 10. So what
the file says about its assignment is compared with the assignment's own facts: the maximum it
shows (Moodle's ``Maximum Grade``, Canvas' ``Points Possible``) with the assignment's maximum,
and the assignment it names (Moodle's file name ``Grades-COURSE-ACTIVITY-ID.csv``, Canvas' column
title, any file name) with the assignments of the course. A file that names another assignment of
the course, and not this one, is refused; a different maximum is refused too, unless the
instructor asked for the points to be scaled to it. What the file does not say is not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from grader.errors import UsageError
from grader.text.messages import msg
from grader.text.numbers import Number


@dataclass(frozen=True)
class Assignment:
    """The facts an export checks a file against: the assignment's id, title and maximum, and
    the other assignments of the course (id and title each)."""

    name: str
    title: str
    max_points: float | None  # None: not known (nothing graded and no spec stored)
    others: tuple[tuple[str, str], ...] = ()

    def names(self) -> tuple[str, ...]:
        return _names(self.name, self.title)


@dataclass(frozen=True)
class SheetSays:
    """What an LMS's file says about its assignment; None where it says nothing."""

    file: str
    maximum: float | None = None
    named: str | None = None  # a file name or column title that may name the assignment


@dataclass(frozen=True)
class Target:
    """The assignment an export fills a file for, the comments' language, and whether points
    may be scaled to the file's maximum (only when the instructor asked: ``--scale``)."""

    assignment: Assignment
    lang: str = "de"
    scale: bool = False

    def factor(self, says: SheetSays) -> float:
        return scale_for(says, self.assignment, self.scale)


def parsed_number(text: str, decimal: str) -> float | None:
    """A number as an LMS wrote it (``10.00``, ``6,00``, ``10``); None for anything else (a
    scale's ``-``)."""
    cleaned = text.strip().replace(" ", "")
    if decimal == ",":
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        cleaned = cleaned.replace(",", "")
    try:
        return float(cleaned) if re.fullmatch(r"-?\d+(\.\d+)?", cleaned) else None
    except ValueError:
        return None


def scale_for(says: SheetSays, assignment: Assignment, scale: bool) -> float:
    """The factor the assignment's points are written with (1 unless ``scale`` and the file's
    maximum differs); raises ``UsageError`` naming both sides when the file is another
    assignment's."""
    other = _other_named(says.named, assignment)
    if other is not None:
        raise UsageError(
            msg("lms.sheet_other", file=says.file, named=other, assignment=assignment.name)
        )
    expected = assignment.max_points
    if says.maximum is None or not expected or abs(says.maximum - expected) < 1e-9:
        return 1.0
    if scale:
        return says.maximum / expected
    raise UsageError(
        msg(
            "lms.sheet_maximum",
            file=says.file,
            sheet=Number(says.maximum),
            assignment=assignment.name,
            max=Number(expected),
        )
    )


def _names(name: str, title: str) -> tuple[str, ...]:
    return tuple({_plain(n) for n in (name, title) if _plain(n)})


def _plain(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text).strip().casefold()


def _other_named(named: str | None, assignment: Assignment) -> str | None:
    """Another assignment the text names, when it names none of this one's names."""
    if not named:
        return None
    text = _plain(named)
    if any(_mentions(text, n) for n in assignment.names()):
        return None
    for name, title in assignment.others:
        if any(_mentions(text, n) for n in _names(name, title)):
            return title if title and title != name else name
    return None


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None
