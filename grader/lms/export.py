"""``grader export``: one assignment's grades from the gradebook into an LMS's own file.

The LMS's file is read as it was downloaded, the grades of that assignment (automatic, with
the instructor's adjustments, exactly as the reports show them) are filled in, and the result
is written next to the other reports (``OUT/exports/``, linked from the summary page) or where
``-o`` says. Nothing else of the file changes; what was left empty, and every submission that
found no row in the file, is reported. Before anything is written the file is checked against
the assignment (``grader.lms.sheet``): another assignment's file is refused. What each file in
``OUT/exports/`` was made from is recorded in the gradebook, so the summary can mark it stale
once the grades change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.errors import UsageError
from grader.lms.canvas import fill_gradebook
from grader.lms.ilias import fill_status_file
from grader.lms.match import ExportReport, Matcher
from grader.lms.moodle import fill_worksheet, gradebook_import
from grader.lms.sheet import Assignment, Target
from grader.results.gradebook import EXPORTS_MADE, Gradebook, utc_now
from grader.results.tables import write_atomically
from grader.results.view import EXPORTS, CourseView, read_course
from grader.text.messages import msg

TARGETS = ("moodle-worksheet", "moodle-import", "canvas", "ilias")


@dataclass(frozen=True)
class ExportRequest:
    target: str  # one of TARGETS
    assignment: str
    source: Path | None = None  # the LMS's file (all targets but moodle-import)
    output: Path | None = None
    lang: str = "de"
    key: str = "email"  # moodle-import: the roster field Moodle maps users by
    column: str | None = None  # canvas: the assignment's column, when its title differs
    scale: bool = False  # scale the points to the file's maximum where it differs (--scale)


@dataclass(frozen=True)
class Exported:
    path: Path
    report: ExportReport


def export(out: Path, request: ExportRequest) -> Exported:
    course = read_course(out, write=False)
    views = [v for v in course.views if v.stored.assignment == request.assignment]
    if not views:
        known = sorted({v.stored.assignment for v in course.views})
        graded = ", ".join(known) or "–"
        raise UsageError(
            msg("lms.no_grades", out=str(out), assignment=request.assignment, graded=graded)
        )
    matcher = Matcher(views, course.roster)
    if request.target == "moodle-import":
        item = request.column or request.assignment
        data, report = gradebook_import(views, course.roster, request.key, item, request.lang)
        default = f"{request.assignment}-moodle-import.csv"
    else:
        if request.source is None:
            raise UsageError(msg("lms.needs_file", option=f"--{request.target}"))
        try:
            raw = request.source.read_bytes()
        except OSError as error:
            unreadable = msg("lms.unreadable", path=str(request.source), error=error.strerror)
            raise UsageError(unreadable) from None
        target = Target(assignment_facts(course, request.assignment), request.lang, request.scale)
        data, report = _fill(raw, request, matcher, target, course.settings.ilias_passed_at)
        default = request.source.name
    path = request.output or out / EXPORTS / default
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)
    if path.parent.resolve() == (out / EXPORTS).resolve():
        _record_export(out, path.name, request.assignment, course)
    return Exported(path, report)


def assignment_facts(course: CourseView, assignment: str) -> Assignment:
    """The assignment's title and maximum as the batch stored them from its spec (else the
    maximum of its graded results), and the course's other assignments."""
    known = course.assignments
    names = sorted({v.stored.assignment for v in course.views} | set(known))
    facts = known.get(assignment, {})
    graded = [v.max_points for v in course.views if v.stored.assignment == assignment and v.tasks]
    maximum = facts.get("max_points") or (max(graded) if graded else None)
    others = tuple(
        (name, str(known.get(name, {}).get("title", name))) for name in names if name != assignment
    )
    return Assignment(assignment, str(facts.get("title", assignment)), maximum, others)


def _record_export(out: Path, name: str, assignment: str, course: CourseView) -> None:
    """What the file was made from, for the summary's stale mark."""
    with Gradebook.open(out, write=False) as book:
        made = dict(book.entries.setting(EXPORTS_MADE, {}) or {})
        digest = course.digest(assignment)
        made[name] = {"assignment": assignment, "digest": digest, "at": utc_now()}
        book.entries.set_setting(EXPORTS_MADE, made)


def _fill(
    raw: bytes,
    request: ExportRequest,
    matcher: Matcher,
    target: Target,
    passed_at: float | None,
) -> tuple[bytes, ExportReport]:
    name = str(request.source)
    if request.target == "moodle-worksheet":
        return fill_worksheet(raw, name, matcher, target)
    if request.target == "canvas":
        wanted = (request.column,) if request.column else (request.assignment,)
        return fill_gradebook(raw, name, matcher, wanted, target)
    return fill_status_file(raw, name, matcher, passed_at, target)
