"""ILIAS: an exercise assignment's status file (status.csv), filled for its status-file import.

The status file (the StudOn/FAU status-file feature of ILIAS exercises, class
``ilExAssignmentStatusFile``; for ILIAS 8+ the ExerciseStatusFile plugin) has the columns
``update, usr_id, login, lastname, firstname, status, mark, notice, comment, plagiarism,
plag_comment``; the import changes only rows with ``update`` = 1 whose ``usr_id`` is a member,
and needs ``status`` to be ``notgraded``, ``passed`` or ``failed``; ``mark`` is free text and
``comment`` is shown to the student. Written by PhpSpreadsheet: every field quoted, comma or (read
back since the plugin detects it) semicolon.

A graded submission gets its points as the mark and the comment; its status becomes ``passed``
or ``failed`` only where the course sets ``[lms] ilias_passed_at`` (a share of the points),
else it stays as exported. An ungraded or incomplete one gets an empty mark, ``notgraded`` and
the reason as comment.
"""

from __future__ import annotations

from pathlib import Path

from grader.intake.csvfile import CsvText, decimal_style, number
from grader.lms.grades import lms_grade
from grader.lms.match import ExportReport, Matcher
from grader.lms.sheet import SheetSays, Target
from grader.text.messages import msg

COLUMNS = ("update", "usr_id", "login", "status", "mark", "comment")


def fill_status_file(
    data: bytes, name: str, matcher: Matcher, passed_at: float | None, target: Target
) -> tuple[bytes, ExportReport]:
    """The status file shows no maximum (the mark is free text): only a file name that names
    another assignment of the course is refused."""
    sheet = CsvText.parse(data, name)
    file = Path(name).name
    factor = target.factor(SheetSays(file, None, file))
    found = sheet.columns({c: (c,) for c in COLUMNS})
    at = sheet.require(found, COLUMNS, msg("csv.kind.ilias"))
    marks = [sheet.cell(r, at["mark"]) for r in range(1, len(sheet.rows))]
    decimal, _ = decimal_style([m for m in marks if m.strip()], sheet.dialect.delimiter)
    changes: dict[tuple[int, int], str] = {}
    empty: list[tuple[str, str]] = []
    filled = 0
    for row in range(1, len(sheet.rows)):
        if len(sheet.rows[row]) <= max(at.values()):
            continue
        user, login = sheet.cell(row, at["usr_id"]), sheet.cell(row, at["login"])
        view = matcher.match([("ilias_usr_id", user), ("ilias_login", login)], direct=(login, user))
        if view is None:
            continue  # no submission: the row stays as it is (update 0, nothing changes)
        grade = lms_grade(view, target.lang, factor)
        changes[(row, at["update"])] = "1"
        changes[(row, at["comment"])] = grade.comment
        if grade.points is None:
            changes[(row, at["mark"])] = ""
            changes[(row, at["status"])] = "notgraded"
            empty.append((login, grade.lines[0]))
            continue
        mark = number(grade.points, decimal, None)
        changes[(row, at["mark"])] = mark
        if passed_at is not None:
            passed = grade.points >= passed_at * view.max_points - 1e-9
            changes[(row, at["status"])] = "passed" if passed else "failed"
        filled += 1
    edited, lossy = sheet.edited(changes)
    return edited, ExportReport(filled, tuple(empty), matcher.unmatched(), lossy)
