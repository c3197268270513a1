"""The instructor's commands after grading: export, override, flags, resolve, roster, review.

Part of the command line (``grader.cli`` registers them): like it, the only place these commands
print and choose exit codes. Every entry they make goes into the gradebook with who, when and
why, one committed transaction each, and the reports are re-rendered so that the pages show it.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from grader.adjust import ACCEPTED, OVERRIDDEN, Resolution
from grader.decisions import Note, adjustment_for, find_view
from grader.errors import GraderError
from grader.gradebook import DATABASE, Gradebook, GradebookBusy, utc_now
from grader.lms.export import TARGETS, ExportRequest, export
from grader.messages import LANGUAGES, render
from grader.report.pages import read_course, report_language, write_reports
from grader.roster import read_roster

Command = Callable[[argparse.Namespace], int]


def add_commands(sub: argparse._SubParsersAction) -> None:
    exporter = sub.add_parser("export", help="fill an LMS's grade file for one assignment")
    exporter.add_argument("out", type=Path, help="an output folder of `grader grade`")
    exporter.add_argument("--assignment", required=True)
    target = exporter.add_mutually_exclusive_group(required=True)
    target.add_argument(
        "--moodle-worksheet", type=Path, metavar="FILE", help="Moodle's grading worksheet"
    )
    target.add_argument("--canvas", type=Path, metavar="FILE", help="a Canvas gradebook export")
    target.add_argument("--ilias", type=Path, metavar="FILE", help="an ILIAS exercise status.csv")
    target.add_argument(
        "--moodle-import",
        choices=("email", "id_number"),
        help="a new CSV for Moodle's 'Import grades', users identified by this roster column",
    )
    exporter.add_argument("-o", "--output", type=Path, help="default: OUT/exports/<file name>")
    exporter.add_argument(
        "--column", help="Canvas: the assignment's column title; Moodle import: the grade item"
    )
    _add_lang(exporter)

    override = sub.add_parser("override", help="set a task's points by hand (with a reason)")
    override.add_argument("out", type=Path)
    override.add_argument("student")
    override.add_argument("assignment")
    override.add_argument("task")
    override.add_argument("points", help="the points, or 'auto' to withdraw an override")
    override.add_argument("--reason", default="", help="why (shown to the student)")
    _add_author(override)

    flags = sub.add_parser("flags", help="list what was flagged for review and is still open")
    flags.add_argument("out", type=Path)
    flags.add_argument("--all", action="store_true", help="also the resolved ones")
    _add_lang(flags)

    resolve = sub.add_parser("resolve", help="resolve a flag: accept it, or override a task")
    resolve.add_argument("out", type=Path)
    resolve.add_argument("flag", help="the flag's id from `grader flags`")
    decision = resolve.add_mutually_exclusive_group(required=True)
    decision.add_argument("--accept", action="store_true", help="the points stand")
    decision.add_argument("--override", nargs=2, metavar=("TASK", "POINTS"))
    resolve.add_argument("--reason", required=True)
    _add_author(resolve)

    roster = sub.add_parser("roster", help="the roster: who each submission is in the LMS")
    roster_sub = roster.add_subparsers(dest="roster_command", required=True)
    importer = roster_sub.add_parser("import", help="store a roster CSV in the gradebook")
    importer.add_argument("file", type=Path)
    importer.add_argument("out", type=Path)

    review = sub.add_parser("review", help="a local web page to review, adjust and grade by hand")
    review.add_argument("out", type=Path)
    review.add_argument("--port", type=int, default=0, help="default: a free port")
    _add_lang(review)


def _add_lang(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default="de", help="default: de")


def _add_author(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--by", help="who decided (default: your login name)")


def author(name: str | None) -> str:
    return name or os.environ.get("GRADER_AUTHOR") or getpass.getuser()


def _require_gradebook(out: Path) -> None:
    if not (out / DATABASE).is_file():
        raise GraderError(f"{out}: no gradebook here (run `grader grade` first)")


def _export(options: argparse.Namespace) -> int:
    _require_gradebook(options.out)
    target = next(t for t in TARGETS if getattr(options, t.replace("-", "_")))
    source = None if target == "moodle-import" else getattr(options, target.replace("-", "_"))
    request = ExportRequest(
        target,
        options.assignment,
        source,
        options.output,
        options.lang,
        options.moodle_import or "email",
        options.column,
    )
    done = export(options.out, request)
    report = done.report
    print(f"wrote {done.path}: {report.filled} grades filled")
    for label, why in report.empty:
        print(f"  left empty  {label}: {why}")
    for who in report.unmatched:
        print(f"  not in the file (no grade exported): {who}")
    if report.lossy:
        print(f"  {report.lossy} characters the file's encoding cannot hold were written as '?'")
    _rerender(options.out)
    return 0


def _override(options: argparse.Namespace) -> int:
    _require_gradebook(options.out)
    view = find_view(options.out, options.student, options.assignment)
    entry = adjustment_for(
        view, options.task, options.points, Note(options.reason, author(options.by))
    )
    with Gradebook.open(options.out, write=False) as book:
        book.entries.adjust(entry)
    shown = "automatic again" if entry.points is None else f"{entry.points:g}"
    print(
        f"{entry.student} {entry.assignment} {entry.task}: {shown} "
        f"(automatic {entry.automatic_points:g}), by {entry.author}"
    )
    _rerender(options.out)
    return 0


def _flags(options: argparse.Namespace) -> int:
    _require_gradebook(options.out)
    shown = 0
    for view in read_course(options.out, write=False).views:
        for flag in view.flags:
            if flag.open or options.all:
                state = "open" if flag.open else f"{flag.resolution.decision}"  # type: ignore[union-attr]
                print(
                    f"{flag.key}  {view.stored.student} {view.stored.assignment} [{state}]: "
                    f"{render(flag.message, options.lang)}"
                )
                shown += 1
    if not shown:
        print("nothing flagged is open")
    return 0


def _resolve(options: argparse.Namespace) -> int:
    _require_gradebook(options.out)
    views = read_course(options.out, write=False).views
    found = [(v, f) for v in views for f in v.flags if f.key == options.flag]
    if not found:
        raise GraderError(f"{options.out}: no flag {options.flag!r} (see `grader flags`)")
    view, flag = found[0]
    by = author(options.by)
    entries = []
    if options.override:
        task, points = options.override
        entries.append(adjustment_for(view, task, points, Note(options.reason, by)))
    decision = OVERRIDDEN if options.override else ACCEPTED
    resolution = Resolution(
        view.stored.student,
        view.stored.assignment,
        flag.key,
        decision,
        options.reason,
        by,
        utc_now(),
    )
    with Gradebook.open(options.out, write=False) as book:
        for entry in entries:
            book.entries.adjust(entry)
        book.entries.resolve(resolution)
    print(f"{flag.key} {view.stored.student} {view.stored.assignment}: {decision} by {by}")
    _rerender(options.out)
    return 0


def _roster(options: argparse.Namespace) -> int:
    roster = read_roster(options.file)
    with Gradebook.open(options.out, write=False) as book:
        book.entries.replace_roster(roster.rows())
        students = sorted({s.student for s in book.all()})
    unknown = [s for s in students if roster.of_submission(s) is None]
    print(f"roster: {len(roster.entries)} students stored in {options.out}")
    for student in unknown:
        print(f"  submission not in the roster: {student}")
    if students:
        _rerender(options.out)
    return 0


def _review(options: argparse.Namespace) -> int:
    _require_gradebook(options.out)
    from grader.review.server import serve  # Flask is imported only for this command

    serve(options.out, options.lang, options.port, stream=sys.stdout)
    return 0


def _rerender(out: Path, lang: str | None = None) -> None:
    """The pages show what was just entered (in the language they were written in); a batch that
    holds the lock re-renders them itself when it ends."""
    try:
        write_reports(out, lang or report_language(out))
    except GradebookBusy:
        print("  (a batch is grading into this folder: its reports will show it)")


COMMANDS: dict[str, Command] = {
    "export": _export,
    "override": _override,
    "flags": _flags,
    "resolve": _resolve,
    "roster": _roster,
    "review": _review,
}
