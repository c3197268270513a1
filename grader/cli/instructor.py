"""The instructor's commands after grading: export, override, flags, resolve, roster, review.

Part of the command line (``grader.cli.main`` registers them): like it, the only place these
commands print and choose exit codes. Every entry they make goes into the gradebook with who, when
and why, one committed transaction each, and the reports are re-rendered so that the pages show it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from grader.cli.options import Subcommands, add_author, add_lang, add_out, said, whole_number
from grader.course.roster import Roster, merge, read_roster
from grader.errors import UsageError
from grader.lms.export import TARGETS, ExportRequest, export
from grader.report.environment import sayer
from grader.report.pages import report_language, write_reports
from grader.results.decisions import (
    Note,
    Override,
    adjustment_for,
    author,
    find_flag,
    find_view,
    record,
    resolve_flag,
)
from grader.results.gradebook import DATABASE, Gradebook, GradebookBusy
from grader.results.view import read_course
from grader.text.messages import msg, render
from grader.text.numbers import Count, Number


def add_commands(sub: Subcommands) -> None:
    """The commands after grading, each registered beside its handler."""
    for register in (
        _add_export,
        _add_override,
        _add_flags,
        _add_resolve,
        _add_roster,
        _add_review,
    ):
        register(sub)


def _require_gradebook(out: Path) -> None:
    if not (out / DATABASE).is_file():
        raise UsageError(msg("cli.no_gradebook", out=str(out)))


def _add_export(sub: Subcommands) -> None:
    exporter = sub.add_parser("export", help=said("help.export"))
    add_out(exporter)
    exporter.add_argument(
        "--assignment",
        required=True,
        metavar=said("metavar.name"),
        help=said("help.export_assignment"),
    )
    target = exporter.add_mutually_exclusive_group(required=True)
    file = said("metavar.file")
    for lms in ("moodle-worksheet", "canvas", "ilias"):
        target.add_argument(
            f"--{lms}", type=Path, metavar=file, help=said(f"help.export_{lms.replace('-', '_')}")
        )
    target.add_argument(
        "--moodle-import", choices=("email", "id_number"), help=said("help.export_moodle_import")
    )
    exporter.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar=file,
        help=said("help.export_output", out=said("metavar.out")),
    )
    exporter.add_argument(
        "--column", metavar=said("metavar.title"), help=said("help.export_column")
    )
    exporter.add_argument("--scale", action="store_true", help=said("help.export_scale"))
    add_lang(exporter)
    exporter.set_defaults(handler=_export)


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
        options.scale,
    )
    done = export(options.out, request)
    report = done.report
    say = sayer(options.lang)
    print(say("cli.export_written", path=str(done.path), n=Count(report.filled)))
    for label, why in report.empty:
        print("  " + say("cli.export_left_empty", row=label, why=why))
    for who in report.unmatched:
        print("  " + say("cli.export_not_in_file", who=who))
    if report.lossy:
        print("  " + say("cli.export_lossy", n=Count(report.lossy)))
    _rerender(options.out, options.lang)
    return 0


def _add_override(sub: Subcommands) -> None:
    override = sub.add_parser("override", help=said("help.override"))
    add_out(override)
    override.add_argument("student", metavar=said("metavar.student"))
    override.add_argument("assignment", metavar=said("metavar.assignment"))
    override.add_argument("task", metavar=said("metavar.task"))
    override.add_argument(
        "points", metavar=said("metavar.points"), help=said("help.override_points")
    )
    override.add_argument(
        "--reason", default="", metavar=said("metavar.text"), help=said("help.override_reason")
    )
    add_author(override)
    add_lang(override)
    override.set_defaults(handler=_override)


def _override(options: argparse.Namespace) -> int:
    _require_gradebook(options.out)
    view = find_view(options.out, options.student, options.assignment)
    entry = adjustment_for(
        view, options.task, options.points, Note(options.reason, author(options.by))
    )
    with Gradebook.open(options.out, write=False) as book:
        book.entries.adjust(entry)
    say = sayer(options.lang)
    shown = say("cli.automatic_again") if entry.points is None else Number(entry.points)
    print(
        say(
            "cli.overridden",
            student=view.stored.display_name,
            assignment=entry.assignment,
            task=entry.task,
            points=shown,
            automatic=Number(entry.automatic_points or 0.0),
            by=entry.author,
        )
    )
    _rerender(options.out, options.lang)
    return 0


def _add_flags(sub: Subcommands) -> None:
    flags = sub.add_parser("flags", help=said("help.flags"))
    add_out(flags)
    flags.add_argument("--all", action="store_true", help=said("help.flags_all"))
    add_lang(flags)
    flags.set_defaults(handler=_flags)


def _flags(options: argparse.Namespace) -> int:
    _require_gradebook(options.out)
    shown = 0
    for view in read_course(options.out, write=False).views:
        for flag in view.flags:
            if flag.open or options.all:
                decision = flag.resolution.decision if flag.resolution else "open"
                state = render(msg(f"cli.flag_{decision}"), options.lang)
                print(
                    f"{flag.key}  {view.stored.display_name} ({view.stored.student}) "
                    f"{view.stored.assignment} [{state}]: {render(flag.message, options.lang)}"
                )
                shown += 1
    if not shown:
        print(render(msg("cli.no_open_flags"), options.lang))
    return 0


def _add_resolve(sub: Subcommands) -> None:
    resolve = sub.add_parser("resolve", help=said("help.resolve"))
    add_out(resolve)
    resolve.add_argument("flag", metavar=said("metavar.flag"), help=said("help.resolve_flag"))
    decision = resolve.add_mutually_exclusive_group(required=True)
    decision.add_argument("--accept", action="store_true", help=said("help.resolve_accept"))
    decision.add_argument(
        "--override",
        nargs=2,
        metavar=(said("metavar.task"), said("metavar.points")),
        help=said("help.resolve_override"),
    )
    resolve.add_argument(
        "--reason", required=True, metavar=said("metavar.text"), help=said("help.resolve_reason")
    )
    add_author(resolve)
    add_lang(resolve)
    resolve.set_defaults(handler=_resolve)


def _resolve(options: argparse.Namespace) -> int:
    _require_gradebook(options.out)
    view = find_flag(options.out, options.flag)
    override = Override(*options.override) if options.override else None
    note = Note(options.reason, author(options.by))
    decision = resolve_flag(view, options.flag, note, override)
    record(options.out, decision)
    made = decision.resolution
    state = render(msg(f"cli.flag_{made.decision}"), options.lang)
    print(f"{made.flag} {view.stored.display_name} {made.assignment}: {state} ({made.author})")
    _rerender(options.out, options.lang)
    return 0


def _add_roster(sub: Subcommands) -> None:
    roster = sub.add_parser("roster", help=said("help.roster"))
    roster_sub = roster.add_subparsers(
        dest="roster_command", required=True, metavar=said("metavar.command")
    )
    importer = roster_sub.add_parser("import", help=said("help.roster_import"))
    importer.add_argument(
        "file", type=Path, metavar=said("metavar.roster"), help=said("help.roster_file")
    )
    add_out(importer)
    add_lang(importer)
    roster.set_defaults(handler=_roster)


def _roster(options: argparse.Namespace) -> int:
    """Merges the file into the stored roster and says what it added, changed and kept."""
    incoming = read_roster(options.file)
    with Gradebook.open(options.out, write=False) as book:
        merged = merge(Roster.stored(book.entries.roster()), incoming)
        book.entries.replace_roster(merged.roster.rows())
        students = sorted({s.student for s in book.all()})
    roster = merged.roster
    say = sayer(options.lang)
    print(
        say(
            "cli.roster_merged",
            out=str(options.out),
            added=Count(len(merged.added)),
            changed=Count(len(merged.changed)),
            kept=Count(len(merged.kept) + len(merged.untouched)),
            n=Count(len(roster.entries)),
        )
    )
    for label, ids in (("cli.roster_added", merged.added), ("cli.roster_changed", merged.changed)):
        if ids:
            print("  " + say(label, ids=", ".join(ids)))
    for student in (s for s in students if roster.of_submission(s) is None):
        print("  " + say("cli.roster_unknown", student=student))
    if students:
        _rerender(options.out, options.lang)
    return 0


def _add_review(sub: Subcommands) -> None:
    review = sub.add_parser("review", help=said("help.review"))
    add_out(review)
    review.add_argument(
        "--port", type=whole_number, default=0, metavar="N", help=said("help.review_port")
    )
    add_lang(review)
    review.set_defaults(handler=_review)


def _review(options: argparse.Namespace) -> int:
    _require_gradebook(options.out)
    from grader.review.server import serve  # Flask is imported only for this command

    serve(options.out, options.lang, options.port, stream=sys.stdout)
    return 0


def _rerender(out: Path, said_in: str) -> None:
    """The pages show what was just entered, in the language they were written in; a batch that
    holds the lock re-renders them itself when it ends, which the command says in ``said_in``,
    its own language."""
    try:
        write_reports(out, report_language(out))
    except GradebookBusy:
        print("  " + render(msg("cli.batch_will_render"), said_in))
