"""The command line: ``main(argv) -> ExitCode``, testable in-process like pytest's.

Only this module (with ``cli_instructor``, the instructor's commands after grading) turns
results into exit codes and prints. Exit codes: 0 all points (a kit's check: every public check
passed and no answer cell raised or was left unanswered), 1 points lost (or a submission that
could not be graded), 2 usage or spec error, 3 internal error.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import sqlite3
import sys
import traceback
from collections.abc import Callable, Sequence
from enum import IntEnum
from pathlib import Path

import nbformat

from grader import __version__
from grader.batch.run import BatchOptions, BatchSummary, EnvironmentProblem, Progress, run_batch
from grader.boundary import ExecutionLimits
from grader.cli.ci_template import DEFAULT_INSTALL, DEFAULT_REPORT, SYSTEMS, ci_template
from grader.cli.instructor import add_commands
from grader.cli.language import parsing_in
from grader.cli.options import (
    Subcommands,
    add_cluster,
    add_course,
    add_data,
    add_junit,
    add_lang,
    add_out,
    add_retrain,
    cluster_of,
    early_lang,
    said,
    whole_number,
)
from grader.course.authoring import exercise_from_reference
from grader.course.settings import COURSE_FILE
from grader.course.spec import find_course_root, list_assignments, load_assignment, parts_of
from grader.errors import GraderError, SpecError, SubmissionError, UsageError, said_in
from grader.execute.sandbox import Sandbox, bwrap_path
from grader.grading.reference_cache import CACHE_VARIABLE, default_cache
from grader.grading.submission import (
    GradeOptions,
    GradingSession,
    grade_notebook,
    new_seed,
    unscored,
)
from grader.grading.validate import (
    Validation,
    check_environment,
    grading_place,
    validate_assignment,
)
from grader.intake.discover import AssignmentParts, Placement, place
from grader.intake.notebook import read_notebook
from grader.kit.build import KIT_SEED, build_kit, keras_problem, zip_kit
from grader.kit.checks_source import ChecksSource, find_checks
from grader.report import render_html, render_text, result_to_dict
from grader.report.environment import sayer
from grader.report.junit import course_report, validate_report
from grader.report.pages import write_reports
from grader.results.gradebook import DATABASE
from grader.results.records import NotebookResult, Status
from grader.results.tables import write_atomically
from grader.rules import BUILTIN_RULES, get_rule, unknown_rule
from grader.text.messages import Message, msg, render, text
from grader.text.numbers import Count, Number

DEBUG_VARIABLE = "GRADER_DEBUG"


class ExitCode(IntEnum):
    OK = 0
    POINTS_LOST = 1
    USAGE_ERROR = 2
    INTERNAL_ERROR = 3


def _parser() -> argparse.ArgumentParser:
    """Every command, each registered beside its handler (``set_defaults(handler=...)``); its
    help in the language of the command line (``parsing_in``)."""
    parser = argparse.ArgumentParser(prog="grader", description=said("help.grader"))
    parser.add_argument(
        "--version",
        action="version",
        version=f"grader {__version__}",
        help=said("argparse.version"),
    )
    parser.add_argument(
        "--debug", action="store_true", help=said("help.debug", variable=DEBUG_VARIABLE)
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar=said("metavar.command"))
    for register in _SUBCOMMANDS:
        register(sub)
    add_commands(sub)
    return parser


def _add_ci_template(sub: Subcommands) -> None:
    ci = sub.add_parser("ci-template", help=said("help.ci"))
    ci.add_argument("system", choices=SYSTEMS, metavar="{" + ",".join(SYSTEMS) + "}")
    ci.add_argument(
        "--install",
        default=DEFAULT_INSTALL,
        metavar=said("metavar.spec"),
        help=said("help.ci_install", default=DEFAULT_INSTALL),
    )
    ci.add_argument(
        "--junit",
        default=DEFAULT_REPORT,
        metavar=said("metavar.file"),
        help=said("help.ci_junit", default=DEFAULT_REPORT),
    )
    add_lang(ci, "ci")
    ci.set_defaults(handler=_ci_template)


def _ci_template(options: argparse.Namespace) -> ExitCode:
    print(ci_template(options.system, options.install, options.junit, options.lang), end="")
    return ExitCode.OK


def _write_junit(path: Path | None, document: Callable[[], str]) -> None:
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, document())


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    with parsing_in(early_lang(args)):  # help, refusals and argparse's words in --lang
        options = _parser().parse_args(args)
    try:
        return int(options.handler(options))
    except SpecError as error:  # the course's files are wrong: the instructor fixes them
        lang = getattr(options, "lang", "de")
        problem = msg("cli.spec_error", problem=said_in(error, lang))
        print(f"grader: {render(problem, lang)}", file=sys.stderr)
        return ExitCode.USAGE_ERROR
    except GraderError as error:  # a usage problem, a kit's, an LMS file's: in --lang
        print(f"grader: {said_in(error, getattr(options, 'lang', 'de'))}", file=sys.stderr)
        return ExitCode.USAGE_ERROR
    except KeyboardInterrupt:
        return ExitCode.INTERNAL_ERROR
    except Exception as error:  # a bug of ours: one line and exit 3, never "points lost"
        if options.debug or os.environ.get(DEBUG_VARIABLE):
            traceback.print_exc()
        problem = msg(
            "cli.internal_error",
            error=f"{type(error).__name__}: {error}"[:300],
            variable=DEBUG_VARIABLE,
        )
        print(f"grader: {render(problem, getattr(options, 'lang', 'de'))}", file=sys.stderr)
        return ExitCode.INTERNAL_ERROR


def _course_root(options: argparse.Namespace) -> Path:
    if options.course is not None:
        if not (options.course / "reference").is_dir():
            raise UsageError(msg("cli.not_a_course", path=str(options.course)))
        return options.course
    root = find_course_root(Path.cwd())
    if root is None:
        raise UsageError(msg("cli.no_course"))
    return root


def _assignment_of(notebook: Path, options: argparse.Namespace, source: ChecksSource) -> Placement:
    """``--assignment``, else the notebook's file name or metadata (``discover.place``)."""
    known = source.assignments()
    if options.assignment:
        if options.assignment not in known:
            problem = msg("cli.unknown_assignment", name=options.assignment, known=", ".join(known))
            raise UsageError(problem)
        return Placement(str(options.assignment))
    expectations = {}
    for name in known:
        try:
            expectations[name] = parts_of(source.load(name, dict(options.data)))
        except GraderError:
            expectations[name] = AssignmentParts()  # a broken spec of another assignment
    placement = place(notebook, expectations)
    if placement.assignment is None and placement.conflict is None:
        read_notebook(notebook)  # a file that is no notebook says so (SubmissionError)
        raise UsageError(msg("cli.which_assignment", path=str(notebook), known=", ".join(known)))
    return placement


def _add_check(sub: Subcommands) -> None:
    check = sub.add_parser("check", help=said("help.check"))
    check.add_argument(
        "notebook", type=Path, metavar=said("metavar.notebook"), help=said("help.check_notebook")
    )
    check.add_argument(
        "--assignment", metavar=said("metavar.name"), help=said("help.check_assignment")
    )
    add_course(check)
    add_lang(check, "feedback")
    check.add_argument(
        "--format",
        choices=("text", "json", "html"),
        default="text",
        help=said("help.check_format"),
    )
    check.add_argument("--task", metavar=said("metavar.task"), help=said("help.check_task"))
    check.add_argument("--kit", type=Path, metavar=said("metavar.dir"), help=said("help.check_kit"))
    check.add_argument("--seed", type=whole_number, metavar="N", help=said("help.check_seed"))
    add_data(check)
    add_retrain(check)
    check.set_defaults(handler=_check)


def _check(options: argparse.Namespace) -> ExitCode:
    notebook = options.notebook
    if not notebook.exists() and not notebook.is_symlink():
        raise UsageError(msg("cli.no_such_file", path=str(notebook)))
    if notebook.is_dir():
        inside = ", ".join(sorted(p.name for p in notebook.glob("*.ipynb"))[:5]) or "-"
        raise UsageError(msg("cli.is_folder", path=str(notebook), notebooks=inside))
    starts = (Path.cwd(), notebook.parent)
    source = find_checks(options.kit, options.course, starts)
    try:
        placement = _assignment_of(notebook, options, source)
    except SubmissionError as error:
        print(f"grader: {render(error.message, options.lang)}", file=sys.stderr)
        return ExitCode.POINTS_LOST
    seed = KIT_SEED if source.kit else options.seed
    if placement.conflict is not None:
        by_name, by_metadata = placement.conflict
        problem = msg(
            "file.assignment_conflict", path=notebook.name, by_name=by_name, by_metadata=by_metadata
        )
        spec = source.load(by_name, dict(options.data))
        seed = seed if seed is not None else new_seed()
        return _print_result(unscored(spec, notebook, Status.NOT_GRADABLE, problem, seed), options)
    name = str(placement.assignment)
    spec = source.load(name, dict(options.data))
    keras = keras_problem(spec) if source.kit else None
    if keras is not None:
        raise UsageError(keras)
    sandbox = Sandbox() if bwrap_path() is not None else None
    notes = source.notes(name, options.course, starts)
    notes += () if sandbox else (Message("sandbox.missing"),)
    if options.format == "text":  # html and json carry them in what they print
        for note in notes:
            print(render(note, options.lang), file=sys.stderr)
    named = {name for t in spec.tasks for name in (t.id, t.title, *dict(t.titles).values())}
    if options.task and options.task not in named:
        known = ", ".join(t.id for t in spec.tasks)
        raise UsageError(msg("cli.no_such_task", assignment=name, task=options.task, known=known))
    grading = GradeOptions(seed=seed, sandbox=sandbox, retrain=options.retrain)
    session = GradingSession(None if source.kit else default_cache())
    result = grade_notebook(notebook, spec, grading, session).only(options.task)
    return _print_result(result, options, notes)


def _print_result(
    result: NotebookResult, options: argparse.Namespace, notes: tuple[Message, ...] = ()
) -> ExitCode:
    """The result in the asked format; the notes (no sandbox, an old kit) inside html and json,
    where `check()` in a notebook shows them, on stderr beside text."""
    said = [render(note, options.lang) for note in notes]
    if options.format == "json":
        view = result_to_dict(result, options.lang) | {"notes": said}
        print(json.dumps(view, ensure_ascii=False, indent=2))
    elif options.format == "html":
        print("".join(f'<p class="grader-note">{html.escape(note)}</p>' for note in said))
        print(render_html(result, options.lang))
    else:
        print(render_text(result, options.lang), end="")
    if result.status == Status.GRADER_ERROR:
        return ExitCode.INTERNAL_ERROR
    # a kit's check cannot know the points: 0 when it found nothing to fix
    fine = result.nothing_found if result.public_only else result.nothing_lost
    return ExitCode.OK if fine else ExitCode.POINTS_LOST


def _smallest_memory(root: Path, names: list[str], data: dict[str, Path]) -> int:
    """The tightest memory limit among the assignments: the packages must import under it."""
    limits = []
    for name in names:
        try:
            limits.append(load_assignment(root, name, data).limits.memory_mb)
        except GraderError:
            continue  # its own validation says what is wrong with it
    return min(limits, default=ExecutionLimits().memory_mb)


def _validate_environment(root: Path, names: list[str], options: argparse.Namespace) -> bool:
    sandbox = Sandbox() if bwrap_path() is not None else None
    memory = _smallest_memory(root, names, dict(options.data))
    check = check_environment(root, sandbox, memory)
    say = sayer(options.lang)
    if not check.packages:
        return True
    if not check.problems:
        where = grading_place(sandbox)
        print(
            say("validate.kernel_ok", file=COURSE_FILE, n=Count(len(check.packages)), where=where)
        )
        return True
    print(say("validate.kernel_failed", file=str(root / COURSE_FILE)))
    for problem in check.problems:
        print(f"      - {render(problem, options.lang)}")
    return False


def _add_validate(sub: Subcommands) -> None:
    validate = sub.add_parser("validate", help=said("help.validate"))
    _add_assignments(validate)
    add_course(validate)
    add_data(validate)
    add_lang(validate, "junit")
    add_junit(validate, "validate")
    validate.set_defaults(handler=_validate)


def _validate(options: argparse.Namespace) -> ExitCode:
    root = _course_root(options)
    names = options.assignments or list_assignments(root)
    failed = not _validate_environment(root, names, options)
    validations = []
    for name in names:
        validation = validate_assignment(root, name, data=dict(options.data))
        validations.append(validation)
        failed = failed or not validation.ok
        for line in _validation_lines(validation, options.lang):
            print(line)
    _write_junit(options.junit, lambda: validate_report(validations, options.lang))
    return ExitCode.POINTS_LOST if failed else ExitCode.OK


def _add_grade(sub: Subcommands) -> None:
    grade = sub.add_parser("grade", help=said("help.grade"))
    grade.add_argument(
        "submissions",
        type=Path,
        metavar=said("metavar.submissions"),
        help=said("help.grade_submissions"),
    )
    grade.add_argument(
        "--out",
        type=Path,
        default=Path("reports"),
        metavar=said("metavar.dir"),
        help=said("help.grade_out"),
    )
    grade.add_argument(
        "--workers",
        type=whole_number,
        default=os.cpu_count() or 1,
        metavar="N",
        help=said("help.grade_workers"),
    )
    grade.add_argument(
        "--assignment",
        action="append",
        dest="assignments",
        metavar=said("metavar.name"),
        help=said("help.grade_assignment"),
    )
    grade.add_argument("--resume", action="store_true", help=said("help.grade_resume"))
    grade.add_argument("--seed", type=whole_number, metavar="N", help=said("help.grade_seed"))
    add_lang(grade, "reports")
    grade.add_argument(
        "--unsafe-no-sandbox", action="store_true", help=said("help.grade_no_sandbox")
    )
    add_course(grade)
    add_data(grade)
    add_retrain(grade)
    add_cluster(grade)
    add_junit(grade, "grade")
    grade.set_defaults(handler=_grade)


def _grade(options: argparse.Namespace) -> ExitCode:
    if not options.submissions.is_dir():
        raise UsageError(msg("cli.not_submissions", path=str(options.submissions)))
    if bwrap_path() is None and not options.unsafe_no_sandbox:
        raise UsageError(msg("cli.no_bubblewrap"))
    root = _course_root(options)
    assignments = tuple(options.assignments or list_assignments(root))
    for name in assignments:
        load_assignment(root, name, dict(options.data))  # a broken spec stops the batch early
    batch = BatchOptions(
        options.submissions,
        options.out,
        root,
        assignments,
        options.workers,
        options.resume,
        options.seed,
        sandboxed=bwrap_path() is not None and not options.unsafe_no_sandbox,
        data=tuple(options.data),
        retrain=options.retrain,
        cluster=cluster_of(options),
    )
    try:
        summary = run_batch(batch, Progress(lang=options.lang))
        index = write_reports(options.out, options.lang)
        _write_junit(options.junit, lambda: course_report(options.out, options.lang))
    except EnvironmentProblem as error:
        print(f"grader: {said_in(error, options.lang)}", file=sys.stderr)
        return ExitCode.INTERNAL_ERROR
    except (OSError, sqlite3.OperationalError) as error:
        failed = msg("cli.write_failed", out=str(options.out), error=str(error))
        print(f"grader: {render(failed, options.lang)}", file=sys.stderr)
        return ExitCode.INTERNAL_ERROR
    _print_batch(summary, index, options)
    return ExitCode.OK


def _print_batch(summary: BatchSummary, index: Path, options: argparse.Namespace) -> None:
    """What the batch did, in the language of its reports."""
    say = sayer(options.lang)
    counts = ", ".join(
        say("cli.count_pending", n=Count(n))
        if status == "PENDING"
        else f"{n} {say(f'status.{status}')}"
        for status, n in sorted(summary.graded.items())
    )
    unplaced = len(summary.discovery.unplaced) if summary.discovery else 0
    print(
        say(
            "cli.graded",
            n=Count(sum(summary.graded.values())),
            seconds=Number(round(summary.seconds, 1)),
            counts=counts or say("cli.nothing_new"),
            skipped=Count(summary.skipped),
            unplaced=Count(unplaced),
            seed=summary.seed,
        )
    )
    print(say("cli.summary_at", path=str(index)))
    print(say("cli.review_hint", grader=invoked_as(), out=str(options.out)))


def invoked_as(argv0: str | None = None) -> str:
    """The grader as the user can call it again: ``grader`` where that name on PATH is this very
    program, else the path they called it by (``make demo`` runs ``.venv/bin/grader``, which a
    newcomer's shell does not find as ``grader``), ``python -m grader`` for the module."""
    program = Path(sys.argv[0] if argv0 is None else argv0)
    if program.name == "__main__.py":
        return "python -m grader"
    found = shutil.which("grader")
    try:
        if found is not None and Path(found).samefile(program):
            return "grader"
    except OSError:
        pass
    return str(program) if program.name == "grader" else "grader"


def _add_report(sub: Subcommands) -> None:
    report = sub.add_parser("report", help=said("help.report"))
    add_out(report)
    add_lang(report, "reports")
    report.set_defaults(handler=_report)


def _report(options: argparse.Namespace) -> ExitCode:
    if not (options.out / DATABASE).is_file():
        raise UsageError(msg("cli.no_gradebook", out=str(options.out)))
    index = write_reports(options.out, options.lang)
    print(render(msg("cli.summary_at", path=str(index)), options.lang))
    return ExitCode.OK


def _add_rules(sub: Subcommands) -> None:
    rules = sub.add_parser("rules", help=said("help.rules"))
    rules.add_argument(
        "code", nargs="?", metavar=said("metavar.code"), help=said("help.rules_code")
    )
    add_lang(rules)
    rules.set_defaults(handler=_rules)


def _rules(options: argparse.Namespace) -> ExitCode:
    """The list: code, name and what each checks, in --lang. One rule: that line, then its
    reference for spec authors (parameters, examples), which is written in English beside the
    rule's code; in German a line says so first."""
    say = sayer(options.lang)
    if options.code is None:
        for rule in BUILTIN_RULES:
            print(f"{rule.code}  {rule.name:<18} {say(f'rules.summary.{rule.code}')}")
        return ExitCode.OK
    try:
        rule = get_rule(options.code)
    except KeyError:
        raise UsageError(unknown_rule(options.code)) from None
    print(f"{rule.code}  {rule.name}: {say(f'rules.summary.{rule.code}')}")
    if options.lang != "en":
        print(say("rules.reference_in_english"))
    print()
    print(rule.doc.strip())
    return ExitCode.OK


def _validation_lines(validation: Validation, lang: str) -> list[str]:
    """What ``grader validate`` says of one assignment: ok with the points, or FAIL and why
    (a problem a line, indented)."""
    say = sayer(lang)
    name = validation.assignment
    if validation.ok:
        points = {
            "assignment": name,
            "reference": Number(validation.reference_points or 0.0),
            "max": Number(validation.max_points or 0.0),
            "exercise": Number(validation.exercise_points or 0.0),
        }
        if validation.manual_points:
            return [say("validate.ok_manual", manual=Number(validation.manual_points), **points)]
        return [say("validate.ok", **points)]
    problems = [
        *validation.problems,
        *(
            msg("validate.check_problem", check=detail.name, problem=problem)
            for detail in validation.details
            for problem in detail.problems
        ),
    ]
    return [say("validate.failed", assignment=name)] + [
        f"      - {text(problem, lang)}" for problem in problems
    ]


def _add_references(sub: Subcommands) -> None:
    references = sub.add_parser("references", help=said("help.references"))
    _add_assignments(references)
    references.add_argument("--clear", action="store_true", help=said("help.references_clear"))
    add_course(references)
    add_data(references)
    add_lang(references)
    references.set_defaults(handler=_references)


def _references(options: argparse.Namespace) -> ExitCode:
    cache = default_cache()
    if cache is None:
        raise UsageError(msg("cli.cache_off", variable=CACHE_VARIABLE))
    root = _course_root(options)
    say = sayer(options.lang)
    for name in options.assignments or list_assignments(root):
        spec = load_assignment(root, name, dict(options.data))
        cache.clear(spec)
        if options.clear:
            print(say("cli.references_cleared", assignment=name))
            continue
        result = grade_notebook(
            spec.reference_notebook, spec, GradeOptions(seed=1), GradingSession(cache)
        )
        if not result.full_marks:
            points = {"points": Number(result.points), "max": Number(result.max_points)}
            print(say("cli.references_failed", assignment=name, **points))
            return ExitCode.POINTS_LOST
        stored = cache.stored(spec)
        print(
            say("cli.references_ok", assignment=name, n=Count(stored), path=str(cache.path(spec)))
        )
    return ExitCode.OK


def _add_kit(sub: Subcommands) -> None:
    kit = sub.add_parser("kit", help=said("help.kit"))
    out = said("metavar.kit_out")
    kit.add_argument("out", type=Path, metavar=out, help=said("help.kit_out"))
    _add_assignments(kit)
    add_course(kit)
    add_lang(kit, "kit")
    kit.add_argument("--zip", action="store_true", help=said("help.kit_zip", out=out))
    kit.add_argument("--no-wheel", action="store_true", help=said("help.kit_no_wheel"))
    kit.set_defaults(handler=_kit)


def _kit(options: argparse.Namespace) -> ExitCode:
    root = _course_root(options)
    names = options.assignments or list_assignments(root)
    if options.out.resolve().is_relative_to((root / "reference").resolve()):
        raise UsageError(msg("kit.inside_reference", path=str(options.out)))
    kit = build_kit(root, options.out, names, options.lang, wheel=not options.no_wheel)
    said: list[Message] = [msg("kit.built", **built.counts()) for built in kit.assignments]
    if not options.no_wheel:
        said.append(msg("kit.wheel_at", path=str(kit.wheel)) if kit.wheel else msg("kit.no_wheel"))
    if options.zip:
        said.append(msg("kit.zip_at", path=str(zip_kit(options.out))))
    said.append(msg("kit.at", path=str(options.out)))
    for message in said:
        print(render(message, options.lang))
    return ExitCode.OK


def _add_exercise(sub: Subcommands) -> None:
    exercise = sub.add_parser("exercise", help=said("help.exercise"))
    _add_assignments(exercise)
    add_course(exercise)
    add_lang(exercise)
    exercise.set_defaults(handler=_exercise)


def _exercise(options: argparse.Namespace) -> ExitCode:
    root = _course_root(options)
    for name in options.assignments or list_assignments(root):
        spec = load_assignment(root, name)
        exercise = exercise_from_reference(read_notebook(spec.reference_notebook))
        spec.exercise.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(exercise, spec.exercise)
        written = msg(
            "cli.exercise_written", path=str(spec.exercise), reference=spec.reference_notebook.name
        )
        print(render(written, options.lang))
    return ExitCode.OK


def _add_assignments(parser: argparse.ArgumentParser) -> None:
    """The assignments a course command works on, all of the course where none is named."""
    parser.add_argument(
        "assignments",
        nargs="*",
        metavar=said("metavar.assignment"),
        help=said("help.all_assignments"),
    )


_SUBCOMMANDS: tuple[Callable[[Subcommands], None], ...] = (
    _add_check,
    _add_validate,
    _add_grade,
    _add_report,
    _add_rules,
    _add_references,
    _add_kit,
    _add_exercise,
    _add_ci_template,
)
