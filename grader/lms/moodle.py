"""Moodle: the assignment's offline grading worksheet, and a gradebook import file.

The worksheet is what "Download grading worksheet" gives (mod/assign/feedback/offline): one row
per participant, ``Participant N`` (German: ``Teilnehmer/inN``) in the ``Identifier`` (``ID``)
column, then name, the identity fields the site shows, status, ``Grade``, ``Maximum Grade``,
``Grade can be changed``, the last-modified dates and ``Feedback comments``. "Upload grading
worksheet" finds the columns by their header text in the site's language and the participant by
the number after the prefix, reads the grade with the site's decimal separator (the one the
worksheet's ``Maximum Grade`` shows), skips an empty grade, and stores the feedback comment as
HTML. So the grader fills only the grade and the comment of the rows it knows, writes numbers
as the maximum grade column writes them, and leaves every other byte as it was.

"Import grades" (grade/import/csv) takes a CSV file with a column that identifies the user
(e-mail address or ID number, chosen in its mapping form), one column per grade item and an
optional feedback column. A row whose user Moodle cannot find aborts the whole import, so only
students the roster knows go into it; the others are listed.
"""

from __future__ import annotations

import csv
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path

from grader.course.roster import Roster
from grader.intake.csvfile import CsvText, decimal_style, number
from grader.lms.grades import LmsGrade, lms_grade, no_submission
from grader.lms.match import ExportReport, Matcher
from grader.lms.sheet import SheetSays, Target, parsed_number
from grader.results.adjust import Graded
from grader.text.messages import msg

# header texts of the worksheet, as Moodle's English and German language packs write them
IDENTIFIER = ("Identifier", "ID")
GRADE = ("Grade", "Bewertung")
MAXIMUM = ("Maximum Grade", "Maximum grade", "Bestwertung")
COMMENTS = ("Feedback comments", "Feedback als Kommentar")
MODIFIED = ("Last modified (grade)", "Zuletzt geändert (Bewertung)")
EMAIL = ("Email address", "E-Mail-Adresse", "E-Mail")
ID_NUMBER = ("ID number", "ID-Nummer", "Matrikelnummer")
PARTICIPANT = re.compile(r"^(?:Participant ?|Teilnehmer/in ?)(\d+)$")


@dataclass(frozen=True)
class _Worksheet:
    sheet: CsvText
    identifier: int
    grade: int
    comments: int | None
    identities: tuple[tuple[str, int], ...]  # (roster field, column) of the shown user fields
    decimal: str
    decimals: int | None
    maximum: float | None  # the Maximum Grade its rows show (None: none, or a scale)


def _worksheet(data: bytes, name: str) -> _Worksheet:
    sheet = CsvText.parse(data, name)
    found = sheet.columns(
        {
            "identifier": IDENTIFIER,
            "grade": GRADE,
            "max": MAXIMUM,
            "comments": COMMENTS,
            "modified": MODIFIED,
            "email": EMAIL,
            "id_number": ID_NUMBER,
        }
    )
    required = sheet.require(found, ("identifier", "grade", "modified"), msg("csv.kind.moodle"))
    maximum = found["max"]
    samples = [sheet.cell(r, maximum) for r in range(1, len(sheet.rows))] if maximum else []
    identities = tuple((k, c) for k in ("email", "id_number") if (c := found[k]) is not None)
    decimal, decimals = decimal_style(samples, sheet.dialect.delimiter)
    shown = [m for m in (parsed_number(s, decimal) for s in samples) if m is not None]
    return _Worksheet(
        sheet,
        required["identifier"],
        required["grade"],
        found["comments"],
        identities,
        decimal,
        decimals,
        max(shown) if shown else None,
    )


def fill_worksheet(
    data: bytes, name: str, matcher: Matcher, target: Target
) -> tuple[bytes, ExportReport]:
    """Refuses another assignment's worksheet (its file name, its Maximum Grade) before any
    row is filled."""
    sheet = _worksheet(data, name)
    file = Path(name).name
    factor = target.factor(SheetSays(file, sheet.maximum, file))
    lang = target.lang
    changes = {}
    empty: list[tuple[str, str]] = []
    filled = 0
    for row in range(1, len(sheet.sheet.rows)):
        label = sheet.sheet.cell(row, sheet.identifier).strip()
        participant = PARTICIPANT.match(label)
        if participant is None or len(sheet.sheet.rows[row]) <= sheet.grade:
            continue  # a blank or foreign line belongs to nobody
        identities = [("moodle_participant", participant.group(1))]
        identities += [(field, sheet.sheet.cell(row, column)) for field, column in sheet.identities]
        view = matcher.match(identities, direct=(participant.group(1),))
        grade = lms_grade(view, lang, factor) if view else no_submission(lang)
        shown = "" if grade.points is None else number(grade.points, sheet.decimal, sheet.decimals)
        changes[(row, sheet.grade)] = shown
        keep = view is None and sheet.sheet.cell(row, sheet.comments or 0).strip()
        if sheet.comments is not None and len(sheet.sheet.rows[row]) > sheet.comments and not keep:
            changes[(row, sheet.comments)] = _html(
                grade
            )  # an own comment without a submission stays
        if grade.points is None:
            empty.append((label, grade.lines[0]))
        else:
            filled += 1
    edited, lossy = sheet.sheet.edited(changes)
    return edited, ExportReport(filled, tuple(empty), matcher.unmatched(), lossy)


def _html(grade: LmsGrade) -> str:
    """Moodle stores the comment as HTML: each line a paragraph, student text escaped."""
    return "".join(f"<p>{html.escape(line)}</p>" for line in grade.lines)


def gradebook_import(
    views: list[Graded], roster: Roster, key: str, item: str, lang: str
) -> tuple[bytes, ExportReport]:
    """A CSV for Moodle's "Import grades": ``key`` is ``email`` or ``id_number`` (the user
    field to map from), ``item`` the grade item's column title. Comma-separated UTF-8 with a
    byte-order mark and a decimal point, as the import's defaults read it."""
    label = {"email": "Email address", "id_number": "ID number"}[key]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([label, "Full name", item, f"Feedback: {item}"])
    empty: list[tuple[str, str]] = []
    unmatched, filled = [], 0
    for view in sorted(views, key=lambda v: v.stored.student):
        entry = roster.of_submission(view.stored.student)
        identity = getattr(entry, key) if entry else ""
        if not identity:
            unmatched.append(f"{view.stored.display_name} ({view.stored.student})")
            continue
        grade = lms_grade(view, lang)
        points = "" if grade.points is None else f"{grade.points:.2f}"
        writer.writerow([identity, entry.name if entry else "", points, grade.comment])
        if grade.points is None:
            empty.append((identity, grade.lines[0]))
        else:
            filled += 1
    data = ("\ufeff" + buffer.getvalue()).encode("utf-8")
    return data, ExportReport(filled, tuple(empty), tuple(unmatched))
