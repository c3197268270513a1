"""Writing the batch reports from the stored gradebook: student pages, the course summary, CSVs.

Everything is rendered from the gradebook alone, so ``grader report`` gives the same pages
without executing anything. One autoescaping Jinja2 environment serves HTML and Markdown: student
text (values, error messages, file names) is untrusted and is always escaped. Hidden inputs and
reference values never reach a page: the stored outcomes only describe them.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

from grader.gradebook import (
    Gradebook,
    Stored,
    lms_table,
    long_table,
    summary,
    wide_table,
    write_atomically,
    write_csv,
)
from grader.messages import text
from grader.report.environment import environment, sayer
from grader.report.render import result_to_dict
from grader.results import Status

_PAGES = environment(escape=True)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def student_file(student: str) -> str:
    """A file name for a student's page that no student id can turn into a path."""
    cleaned = _SAFE_NAME.sub("_", student)[:60].strip("._") or "student"
    return f"{cleaned}-{hashlib.sha256(student.encode()).hexdigest()[:8]}"


def _student_views(stored: list[Stored], lang: str) -> list[dict[str, Any]]:
    students: dict[str, dict[str, Any]] = {}
    for item in stored:
        view = students.setdefault(
            item.student,
            {
                "student": item.student,
                "name": item.display_name,
                "file": student_file(item.student),
                "assignments": [],
                "points": 0.0,
                "max_points": 0.0,
            },
        )
        result = result_to_dict(item.result, lang)
        result["graded"] = item.result.status == Status.GRADED
        view["assignments"].append(result)
        view["points"] += item.result.points
        view["max_points"] += item.result.max_points
    return list(students.values())


def _needs_attention(stored: list[Stored], lang: str) -> list[dict[str, Any]]:
    """Every submission that was not graded, or was graded but flagged for review."""
    rows = []
    for s in stored:
        result = s.result
        if result.status == Status.GRADED and not result.warnings:
            continue
        reasons = [result.problem] if result.problem else []
        reasons += list(result.warnings)
        say = sayer(lang)
        status = say(f"status.{result.status.value}")
        if result.status == Status.GRADED:
            status += f" ({say('report.warnings')})"
        rows.append(
            {
                "student": s.student,
                "name": s.display_name,
                "file": student_file(s.student),
                "assignment": s.assignment,
                "status": result.status.value,
                "status_text": status,
                "problem": "; ".join(text(r, lang) for r in reasons),
            }
        )
    return rows


def write_reports(out: Path, lang: str) -> Path:
    """Writes all pages and tables into ``out``; returns the course summary page."""
    with Gradebook.open(out) as gradebook:
        stored, unplaced = gradebook.all(), gradebook.unplaced()
    long, wide = long_table(stored, lang), wide_table(stored)
    write_csv(long, out / "gradebook.csv")
    write_csv(wide, out / "gradebook_wide.csv")
    write_csv(lms_table(wide), out / "lms_import.csv")
    students = _student_views(stored, lang)
    (out / "students").mkdir(exist_ok=True)
    for student in students:
        for kind in ("html", "md"):
            page = _PAGES.get_template(f"student.{kind}.j2").render(
                s=student, lang=lang, say=sayer(lang)
            )
            write_atomically(out / "students" / f"{student['file']}.{kind}", page)
    numbers = summary(long, wide)
    page = _PAGES.get_template("summary.html.j2").render(
        say=sayer(lang),
        n=numbers,
        students=students,
        attention=_needs_attention(stored, lang),
        unplaced=unplaced,
        lang=lang,
        histogram=_histogram_bars(numbers["histogram"]),
    )
    write_atomically(out / "index.html", page)
    return out / "index.html"


def _histogram_bars(bins: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """SVG geometry for the score histogram: no JavaScript, nothing to load."""
    tallest = max((b["count"] for b in bins), default=0) or 1
    width = 480 / max(len(bins), 1)
    return [
        {
            **b,
            "x": i * width + 2,
            "width": width - 4,
            "height": 160 * b["count"] / tallest,
            "y": 170 - 160 * b["count"] / tallest,
        }
        for i, b in enumerate(bins)
    ]
