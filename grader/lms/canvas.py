"""Canvas: one assignment's column of a gradebook export, filled for the gradebook import.

Canvas' export (lib/gradebook_exporter.rb) writes a header row ``Student, ID, SIS User ID, SIS
Login ID, [Integration ID, Root Account,] Section``, custom columns, one column per assignment
titled ``Name (id)``, and read-only totals; then a ``Points Possible`` row (after an optional row
of manual posting policies), then one row per student. Comma or semicolon (its locale setting),
an optional byte-order mark. Its importer (lib/gradebook_importer.rb) finds the students by ID,
SIS User ID or SIS Login ID, the assignment by the id in the title, detects ``;`` and reads a
decimal comma. It has no comment column, and a blank cell where Canvas has a score would
clear that score: so an ungraded or incomplete submission's cell is left exactly as exported,
and the export lists it instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from grader.intake.csvfile import CsvProblem, CsvText, decimal_style, number
from grader.lms.grades import lms_grade
from grader.lms.match import ExportReport, Matcher
from grader.lms.sheet import SheetSays, Target, parsed_number
from grader.text.messages import msg

TITLE_ID = re.compile(r"^(?P<title>.*?)\s*\((?P<id>\d+)\)$")
NOT_STUDENTS = re.compile(r"^\s*(Points Possible|Muted|Manual Posting.*)?\s*$", re.IGNORECASE)


def assignment_column(sheet: CsvText, wanted: tuple[str, ...]) -> int:
    """The column of the assignment: its title (without the Canvas id) is one of ``wanted``,
    or ``wanted`` holds the exact header."""
    header = sheet.values(0)
    names = {w.strip().casefold() for w in wanted}
    for index, cell in enumerate(header):
        match = TITLE_ID.match(cell.strip())
        title = match.group("title") if match else cell.strip()
        if cell.strip().casefold() in names or title.casefold() in names:
            return index
    titled = [c for c in header if TITLE_ID.match(c.strip())]
    raise CsvProblem(
        msg(
            "csv.no_column",
            path=sheet.name,
            wanted=" / ".join(wanted),
            titled=", ".join(titled) if titled else msg("csv.no_assignments"),
        )
    )


def fill_gradebook(
    data: bytes, name: str, matcher: Matcher, wanted: tuple[str, ...], target: Target
) -> tuple[bytes, ExportReport]:
    """Refuses a column of another assignment, or one whose Points Possible is not the
    assignment's maximum, before any cell is filled."""
    sheet = CsvText.parse(data, name)
    found = sheet.columns(
        {
            "student": ("Student",),
            "id": ("ID",),
            "sis_user": ("SIS User ID",),
            "sis_login": ("SIS Login ID",),
        }
    )
    sheet.require(found, ("student", "id"), msg("csv.kind.canvas"))
    column = assignment_column(sheet, wanted)
    possible = next(
        (r for r in range(1, len(sheet.rows)) if "Points Possible" in sheet.cell(r, 0)), None
    )
    shown = sheet.cell(possible, column) if possible else ""
    decimal, decimals = decimal_style([shown] if shown else [], sheet.dialect.delimiter)
    title = sheet.cell(0, column)
    says = SheetSays(f"{Path(name).name}: {title}", parsed_number(shown, decimal), title)
    factor = target.factor(says)
    identities = [("canvas_user_id", "id"), ("canvas_sis_id", "sis_user"), ("email", "sis_login")]
    changes, filled = {}, 0
    empty: list[tuple[str, str]] = []
    for row in range(1, len(sheet.rows)):
        if len(sheet.rows[row]) <= column or _not_a_student(sheet, row):
            continue
        offered = [
            (f, sheet.cell(row, c)) for f, key in identities if (c := found[key]) is not None
        ]
        view = matcher.match(offered, direct=tuple(value for _, value in offered))
        if view is None:
            continue  # no submission: the cell stays as Canvas has it
        grade = lms_grade(view, target.lang, factor)
        if grade.points is None:
            empty.append((sheet.cell(row, 0), grade.lines[0]))
            continue
        changes[(row, column)] = number(grade.points, decimal, decimals)
        filled += 1
    edited, lossy = sheet.edited(changes)
    return edited, ExportReport(filled, tuple(empty), matcher.unmatched(), lossy)


def _not_a_student(sheet: CsvText, row: int) -> bool:
    cells = sheet.values(row)
    return "Points Possible" in cells[0] or all(NOT_STUDENTS.match(c) for c in cells)
