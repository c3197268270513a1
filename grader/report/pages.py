"""Writing the batch reports from the stored gradebook: student pages, the course summary, CSVs.

Everything is rendered from the gradebook alone, so ``grader report`` gives the same pages
without executing anything: the automatic results with the instructor's adjustments applied on
top (``grader.results.adjust``), exactly as the LMS exports apply them. One autoescaping Jinja2
environment serves HTML and Markdown: student text (values, error messages, file names, free-text
answers) is untrusted and is always escaped. Hidden inputs and reference values never reach a
page: the stored outcomes only describe them.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from grader.report.environment import environment, number_format, sayer
from grader.report.render import result_to_dict
from grader.results.adjust import Graded, TaskGrade
from grader.results.gradebook import Gradebook
from grader.results.tables import (
    assignment_summaries,
    long_table,
    wide_table,
    write_atomically,
    write_csv,
)
from grader.results.view import EXPORTS, CourseView, read_course
from grader.text.messages import CATALOGUE, msg, render, text

_PAGES = environment(escape=True)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def student_file(student: str) -> str:
    """A file name for a student's page that no student id can turn into a path."""
    cleaned = _SAFE_NAME.sub("_", student)[:60].strip("._") or "student"
    return f"{cleaned}-{hashlib.sha256(student.encode()).hexdigest()[:8]}"


def task_views(view: Graded, lang: str) -> list[dict[str, Any]]:
    """The report's task rows with the instructor's adjustments: effective points, the line
    "adjusted by the instructor", and whether the task still waits for points."""
    rows = result_to_dict(view.stored.result, lang)["tasks"]
    for row, grade in zip(rows, view.tasks, strict=True):
        row["automatic_points"] = grade.result.points
        row["points"] = None if grade.pending or not view.graded else grade.points
        row["pending"] = grade.pending
        row["status"] = grade.status.value
        row["second_look"] = grade.second_look
        row["adjustment"] = _adjustment_view(grade, lang)
        if grade.adjustment is not None:
            row["status_text"] = render(msg("task.adjusted"), lang)

    return rows


def _adjustment_view(grade: TaskGrade, lang: str) -> dict[str, Any] | None:
    adjustment = grade.adjustment
    if adjustment is None:
        return None
    fmt = number_format(lang)
    return {
        "text": render(
            msg(
                "report.adjusted",
                reason=adjustment.reason or "-",
                automatic=fmt(grade.result.points, 2),
            ),
            lang,
        ),
        "author": adjustment.author,
        "at": adjustment.at,
        "kind": adjustment.kind,
    }


def assignment_view(view: Graded, lang: str, rank: dict[str, Any] | None) -> dict[str, Any]:
    data = result_to_dict(view.stored.result, lang)
    data["tasks"] = task_views(view, lang)
    data["points"] = view.grade  # None: no grade, and the page shows the state instead
    data["graded"] = view.graded
    data["incomplete"] = bool(view.pending)
    data["state"] = view.state
    data["state_text"] = render(msg(f"status.{view.state}"), lang)
    data["rank"] = rank
    return data


def _student_views(course: CourseView, lang: str, ranks: dict[tuple[str, str], Any]) -> list[Any]:
    students: dict[str, dict[str, Any]] = {}
    for view in course.views:
        item = view.stored
        student = students.setdefault(
            item.student,
            {
                "student": item.student,
                "name": item.display_name,
                "file": student_file(item.student),
                "assignments": [],
                "points": 0.0,  # over the assignments with a grade only
                "max_points": 0.0,
                "graded": 0,
                "by_assignment": {},
                "incomplete": False,
            },
        )
        rank = ranks.get((item.student, item.assignment))
        student["assignments"].append(assignment_view(view, lang, rank))
        if view.complete:
            student["points"] += view.points
            student["max_points"] += view.max_points
            student["graded"] += 1
        student["by_assignment"][item.assignment] = {
            "points": view.grade,
            "state": view.state,
            "text": render(msg(f"status.{view.state}"), lang),
        }
        student["incomplete"] = student["incomplete"] or not view.complete
    for student in students.values():
        student["total"] = _total(student, lang)
    return list(students.values())


def _total(student: dict[str, Any], lang: str) -> str:
    """A student's sum over the assignments that have a grade, saying when it is not all of
    them; no number at all while none has one."""
    if not student["graded"]:
        return render(msg("report.no_total"), lang)
    fmt = number_format(lang)
    shown = f"{fmt(student['points'], 2)}/{fmt(student['max_points'], 2)}"
    if not student["incomplete"]:
        return shown
    of = len(student["assignments"])
    return render(msg("report.total_of_graded", total=shown, n=student["graded"], of=of), lang)


def _needs_attention(course: CourseView, lang: str) -> list[dict[str, Any]]:
    """Every submission that was not graded, and every submission the roster does not know."""
    say = sayer(lang)
    rows = []
    for view in course.views:
        item, result = view.stored, view.stored.result
        if not view.graded:
            reason = text(result.problem, lang)
            status = say(f"status.{result.status.value}")
        elif course.roster.entries and course.roster.of_submission(item.student) is None:
            reason, status = say("summary.not_in_roster"), say("summary.roster")
        else:
            continue
        rows.append(
            {
                "name": item.display_name,
                "student": item.student,
                "file": student_file(item.student),
                "assignment": item.assignment,
                "status": result.status.value,
                "status_text": status,
                "problem": reason,
            }
        )
    return rows


def leaderboards(course: CourseView) -> dict[str, list[dict[str, Any]]]:
    """Per opted-in assignment, the measured accuracies, best first; tied accuracies share a
    rank. Anonymous: a student sees their own rank on their own page only."""
    boards: dict[str, list[dict[str, Any]]] = {}
    for assignment in course.settings.leaderboard:
        measured = []
        for view in course.views:
            if view.stored.assignment != assignment or not view.graded:
                continue
            values = [
                c.outcome.measured
                for t in view.tasks
                for c in t.result.checks
                if c.outcome is not None and c.outcome.measured is not None
            ]
            if values:
                measured.append((max(values), view))
        measured.sort(key=lambda pair: -pair[0])
        rows, rank = [], 0
        for position, (accuracy, view) in enumerate(measured, start=1):
            if position == 1 or accuracy < measured[position - 2][0]:
                rank = position
            flagged = bool(view.open_flags)
            rows.append({"rank": rank, "accuracy": accuracy, "view": view, "flagged": flagged})
        boards[assignment] = rows
    return boards


def _ranks(boards: dict[str, list[dict[str, Any]]], lang: str) -> dict[tuple[str, str], Any]:
    fmt = number_format(lang)
    return {
        (row["view"].stored.student, assignment): {
            "rank": row["rank"],
            "of": len(rows),
            "accuracy": fmt(row["accuracy"], 4),
        }
        for assignment, rows in boards.items()
        for row in rows
    }


def report_language(out: Path) -> str:
    """The language the reports of ``out`` were last written in (German before any)."""
    with Gradebook.open(out, write=False) as book:
        return str(book.entries.setting("lang", "de"))


def write_reports(out: Path, lang: str) -> Path:
    """Writes all pages and tables into ``out``; returns the course summary page."""
    with Gradebook.open(out) as book:
        book.entries.set_setting("lang", lang)
    course = read_course(out)
    write_csv(long_table(course.views, lang, course.roster), out / "gradebook.csv")
    write_csv(wide_table(course.views, course.roster), out / "gradebook_wide.csv")
    (out / "lms_import.csv").unlink(missing_ok=True)  # an older version's grand total: gone
    boards = leaderboards(course)
    students = _student_views(course, lang, _ranks(boards, lang))
    (out / "students").mkdir(exist_ok=True)
    say = sayer(lang)
    for student in students:
        for kind in ("html", "md"):
            page = _PAGES.get_template(f"student.{kind}.j2").render(s=student, lang=lang, say=say)
            write_atomically(out / "students" / f"{student['file']}.{kind}", page)
    exports = (
        sorted(p.name for p in (out / EXPORTS).glob("*") if p.is_file())
        if (out / EXPORTS).is_dir()
        else []
    )
    page = _PAGES.get_template("summary.html.j2").render(
        say=say,
        fmt=number_format(lang),
        lang=lang,
        assignments=[
            {**numbers, "bars": histogram_bars(numbers["histogram"])}
            for numbers in assignment_summaries(course.views, lang)
        ],
        students=students,
        attention=_needs_attention(course, lang),
        unplaced=[(path, _unplaced(reason, lang)) for path, reason in course.unplaced],
        boards=boards,
        exports=[_export_view(course, name, say) for name in exports],
        file_of=student_file,
    )
    write_atomically(out / "index.html", page)
    return out / "index.html"


def _unplaced(reason: str, lang: str) -> str:
    """Discovery's reason in the report language (stored as its English text)."""
    key = f"unplaced.{reason}"
    return render(msg(key), lang) if key in CATALOGUE else reason


def _export_view(course: CourseView, name: str, say: Any) -> dict[str, Any]:
    """A file of ``exports/`` with what it was made from, marked stale when the gradebook's
    grades of its assignment changed since (an LMS must not get the earlier numbers)."""
    made = course.exports_made.get(name) or {}
    stale = course.stale_export(name)
    if stale is None:
        note = say("summary.export_unknown")
    elif stale:
        note = say("summary.export_stale", assignment=made.get("assignment"), at=made.get("at"))
    else:
        note = say("summary.export_current", assignment=made.get("assignment"), at=made.get("at"))
    return {"path": f"{EXPORTS}/{name}", "stale": stale, "note": note}


def histogram_bars(bins: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """SVG geometry for a score histogram: no JavaScript, nothing to load."""
    tallest = max((b["count"] for b in bins), default=0) or 1
    width = 480 / max(len(bins), 1)
    return [
        {
            **b,
            "x": i * width + 2,
            "width": width - 4,
            "height": 140 * b["count"] / tallest,
            "y": 150 - 140 * b["count"] / tallest,
        }
        for i, b in enumerate(bins)
    ]
