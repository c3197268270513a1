"""The command line: ``main(argv) -> ExitCode``, testable in-process like pytest's.

Only this module turns results into exit codes and prints. Exit codes: 0 all points, 1 points lost
(or a submission that could not be graded), 2 usage or spec error, 3 internal error.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import traceback
from collections.abc import Callable, Sequence
from enum import IntEnum
from pathlib import Path

import nbformat

from grader import __version__
from grader.authoring import exercise_from_reference
from grader.batch import BatchOptions, EnvironmentProblem, Progress, run_batch
from grader.ci import DEFAULT_INSTALL, DEFAULT_REPORT, SYSTEMS, ci_template
from grader.errors import GraderError, SpecError
from grader.execute.sandbox import Sandbox, bwrap_path
from grader.executors import Cluster
from grader.gradebook import DATABASE, Gradebook, write_atomically
from grader.grading import GradeOptions, grade_notebook
from grader.junit import grade_report, validate_report
from grader.messages import LANGUAGES, Message, msg, render
from grader.notebook import read_notebook
from grader.report import render_text, result_to_dict
from grader.report.pages import write_reports
from grader.results import Status
from grader.rules import BUILTIN_RULES, get_rule
from grader.spec import find_course_root, list_assignments, load_assignment
from grader.validate import validate_assignment

DEBUG_VARIABLE = "GRADER_DEBUG"


class ExitCode(IntEnum):
    OK = 0
    POINTS_LOST = 1
    USAGE_ERROR = 2
    INTERNAL_ERROR = 3


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="grader", description="Checks exercise notebooks against reference solutions."
    )
    parser.add_argument("--version", action="version", version=f"grader {__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help=f"show the traceback of an internal error (also: {DEBUG_VARIABLE}=1)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="grade one notebook and explain every lost point")
    check.add_argument("notebook", type=Path)
    check.add_argument(
        "--assignment",
        help="assignment name (default: from the file name or the notebook's metadata)",
    )
    _add_course(check)
    check.add_argument(
        "--lang", choices=LANGUAGES, default="de", help="feedback language (default: de)"
    )
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--seed", type=int, help="seed for the hidden random inputs (default: a fresh one, printed)"
    )
    _add_data(check)
    _add_retrain(check)

    validate = sub.add_parser(
        "validate", help="prove references score full marks and blank exercises 0"
    )
    validate.add_argument("assignments", nargs="*", help="default: all assignments of the course")
    _add_course(validate)
    _add_data(validate)
    _add_junit(validate, "one test case per check of each assignment")

    grade = sub.add_parser(
        "grade", help="grade a folder of submissions into a gradebook and reports"
    )
    grade.add_argument(
        "submissions", type=Path, help="COURSE_DIR: one folder per student (or an LMS download)"
    )
    grade.add_argument(
        "--out", type=Path, default=Path("reports"), help="output folder (default: reports/)"
    )
    grade.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="parallel workers (default: cores)"
    )
    grade.add_argument(
        "--assignment",
        action="append",
        dest="assignments",
        help="only this assignment (repeatable)",
    )
    grade.add_argument(
        "--resume", action="store_true", help="continue an interrupted run with its seed"
    )
    grade.add_argument(
        "--seed", type=int, help="seed for the hidden inputs of this run (default: a fresh one)"
    )
    grade.add_argument(
        "--lang", choices=LANGUAGES, default="de", help="report language (default: de)"
    )
    grade.add_argument(
        "--unsafe-no-sandbox",
        action="store_true",
        help="grade without bubblewrap: student code can then read and write what you can",
    )
    _add_course(grade)
    _add_data(grade)
    _add_retrain(grade)
    _add_cluster(grade)
    _add_junit(grade, "one test case per submission and task of the gradebook")

    ci = sub.add_parser(
        "ci-template", help="print a CI workflow for the course repository (runs grader validate)"
    )
    ci.add_argument("system", choices=SYSTEMS)
    ci.add_argument(
        "--install",
        default=DEFAULT_INSTALL,
        help=f"what the workflow pip-installs: a name, a Git URL or . (default: {DEFAULT_INSTALL})",
    )
    ci.add_argument(
        "--junit",
        default=DEFAULT_REPORT,
        metavar="FILE",
        help=f"the report it writes and keeps (default: {DEFAULT_REPORT})",
    )

    report = sub.add_parser("report", help="re-render all reports from a stored gradebook")
    report.add_argument("out", type=Path, help="an output folder of `grader grade`")
    report.add_argument("--lang", choices=LANGUAGES, default="de")

    rules = sub.add_parser("rules", help="list the rule kinds, or explain one")
    rules.add_argument("code", nargs="?", help="a rule code (V100) or name (value-equal)")

    exercise = sub.add_parser(
        "exercise", help="generate exercises/<a>.ipynb from reference/<a>.ipynb"
    )
    exercise.add_argument("assignments", nargs="*", help="default: all assignments of the course")
    _add_course(exercise)
    return parser


def _add_course(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--course",
        type=Path,
        help="course folder holding reference/ and exercises/ (default: found upwards from here)",
    )


def _add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="NAME=FOLDER",
        type=_data_folder,
        help="use FOLDER for the spec's data folder NAME, e.g. the full Fashion-MNIST: "
        "--data fashion-mnist=/usr/share/datasets/fashion-mnist (repeatable)",
    )


def _data_folder(value: str) -> tuple[str, Path]:
    name, separator, folder = value.partition("=")
    if not separator or not name or not folder:
        raise argparse.ArgumentTypeError(f"expected NAME=FOLDER, got {value!r}")
    return name, Path(folder).expanduser()


def _add_retrain(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--retrain",
        action="store_true",
        help="run the training cells too, instead of grading the handed-in model file "
        "(minutes to hours on a CPU; meant for a GPU machine)",
    )


# -- grading on a cluster, and reports for CI ------------------------------------------------------


def _add_cluster(parser: argparse.ArgumentParser) -> None:
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--cluster",
        type=_local_cluster,
        metavar="local:N",
        help="grade on a Dask cluster of N worker processes started on this machine",
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="grade on the workers of a running Dask cluster, e.g. tcp://head-node:8786 "
        "(every worker needs the course folder at the same path; see README)",
    )


def _local_cluster(value: str) -> Cluster:
    try:
        return Cluster.parse(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _add_junit(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--junit", type=Path, metavar="FILE", help=f"also write a JUnit XML report: {what}"
    )


def _cluster_of(options: argparse.Namespace) -> Cluster | None:
    if options.scheduler is not None:
        return Cluster(scheduler=options.scheduler)
    return options.cluster


def _ci_template(options: argparse.Namespace) -> ExitCode:
    print(ci_template(options.system, options.install, options.junit), end="")
    return ExitCode.OK


def _write_junit(path: Path | None, document: Callable[[], str]) -> None:
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, document())


def main(argv: Sequence[str] | None = None) -> int:
    options = _parser().parse_args(argv)
    try:
        return int(_COMMANDS[options.command](options))
    except SpecError as error:
        print(f"grader: spec error: {error}", file=sys.stderr)
        return ExitCode.USAGE_ERROR
    except GraderError as error:
        print(f"grader: {error}", file=sys.stderr)
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
        print(f"grader: {render(problem, getattr(options, 'lang', 'en'))}", file=sys.stderr)
        return ExitCode.INTERNAL_ERROR


def _course_root(options: argparse.Namespace) -> Path:
    if options.course is not None:
        if not (options.course / "reference").is_dir():
            raise SpecError(
                f"{options.course}: no reference/ folder; --course must name a course folder"
            )
        return options.course
    root = find_course_root(Path.cwd())
    if root is None:
        raise SpecError(
            "no course folder found here or above (a folder with reference/*.toml); "
            "use --course DIR"
        )
    return root


def _assignment_of(notebook: Path, options: argparse.Namespace, root: Path) -> str:
    known = list_assignments(root)
    if options.assignment:
        return str(options.assignment)
    if notebook.stem in known:
        return notebook.stem
    try:
        meta = read_notebook(notebook).metadata.get("grader", {})
    except GraderError:
        meta = {}
    name = meta.get("assignment") if isinstance(meta, dict) else None
    if name in known:
        return str(name)
    raise SpecError(
        f"{notebook}: cannot tell which assignment this is; "
        f"use --assignment (one of {', '.join(known)})"
    )


def _check(options: argparse.Namespace) -> ExitCode:
    if not options.notebook.exists() and not options.notebook.is_symlink():
        print(f"grader: {options.notebook}: no such file", file=sys.stderr)
        return ExitCode.USAGE_ERROR
    root = _course_root(options)
    name = _assignment_of(options.notebook, options, root)
    spec = load_assignment(root, name, dict(options.data))
    sandbox = Sandbox() if bwrap_path() is not None else None
    if sandbox is None:
        print(render(Message("sandbox.missing"), options.lang), file=sys.stderr)
    grading = GradeOptions(seed=options.seed, sandbox=sandbox, retrain=options.retrain)
    result = grade_notebook(options.notebook, spec, grading)
    if options.format == "json":
        print(json.dumps(result_to_dict(result, options.lang), ensure_ascii=False, indent=2))
    else:
        print(render_text(result, options.lang), end="")
    if result.status == Status.GRADER_ERROR:
        return ExitCode.INTERNAL_ERROR
    return ExitCode.OK if result.full_marks else ExitCode.POINTS_LOST


def _validate(options: argparse.Namespace) -> ExitCode:
    root = _course_root(options)
    names = options.assignments or list_assignments(root)
    failed = False
    validations = []
    for name in names:
        validation = validate_assignment(root, name, data=dict(options.data))
        validations.append(validation)
        if validation.ok:
            print(
                f"ok    {name}: reference {validation.reference_points:g}/"
                f"{validation.max_points:g}, blank exercise {validation.exercise_points:g}"
            )
        else:
            failed = True
            print(f"FAIL  {name}")
            for problem in validation.problems:
                print(f"      - {problem}")
            for detail in validation.details:
                for problem in detail.problems:
                    print(f"      - check {detail.name}: {problem}")
    _write_junit(options.junit, lambda: validate_report(validations))
    return ExitCode.POINTS_LOST if failed else ExitCode.OK


def _grade(options: argparse.Namespace) -> ExitCode:
    if not options.submissions.is_dir():
        print(f"grader: {options.submissions}: not a folder of submissions", file=sys.stderr)
        return ExitCode.USAGE_ERROR
    if bwrap_path() is None and not options.unsafe_no_sandbox:
        print(
            "grader: bubblewrap (bwrap) is not available, so student code would run unsandboxed "
            "and could read the references and other students' work. Install it "
            "(apt-get install bubblewrap) or, on a machine you can afford to lose, pass "
            "--unsafe-no-sandbox.",
            file=sys.stderr,
        )
        return ExitCode.USAGE_ERROR
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
        cluster=_cluster_of(options),
    )
    try:
        summary = run_batch(batch, Progress())
        index = write_reports(options.out, options.lang)
        _write_junit(options.junit, lambda: _gradebook_junit(options.out, options.lang))
    except EnvironmentProblem as error:
        print(f"grader: {error}", file=sys.stderr)
        return ExitCode.INTERNAL_ERROR
    except (OSError, sqlite3.OperationalError) as error:
        print(
            f"grader: writing to {options.out} failed ({error}). Every grade recorded before is "
            "kept; free some space and continue with --resume.",
            file=sys.stderr,
        )
        return ExitCode.INTERNAL_ERROR
    counts = (
        ", ".join(f"{n} {status}" for status, n in sorted(summary.graded.items())) or "nothing new"
    )
    unplaced = len(summary.discovery.unplaced) if summary.discovery else 0
    print(
        f"graded {sum(summary.graded.values())} submissions in {summary.seconds:.1f} s ({counts}); "
        f"{summary.skipped} unchanged, {unplaced} files not placed; seed {summary.seed}"
    )
    print(f"summary: {index}")
    return ExitCode.OK


def _gradebook_junit(out: Path, lang: str) -> str:
    with Gradebook.open(out, write=False) as gradebook:
        return grade_report(gradebook.all(), lang)


def _report(options: argparse.Namespace) -> ExitCode:
    if not (options.out / DATABASE).is_file():
        print(
            f"grader: {options.out}: no gradebook here (run `grader grade` first)", file=sys.stderr
        )
        return ExitCode.USAGE_ERROR
    print(f"summary: {write_reports(options.out, options.lang)}")
    return ExitCode.OK


def _rules(options: argparse.Namespace) -> ExitCode:
    if options.code is None:
        for rule in BUILTIN_RULES:
            print(f"{rule.code}  {rule.name:<18} {rule.summary.split(': ', 1)[-1]}")
        return ExitCode.OK
    try:
        rule = get_rule(options.code)
    except KeyError as error:
        print(f"grader: {error.args[0]}", file=sys.stderr)
        return ExitCode.USAGE_ERROR
    print(rule.doc.strip())
    return ExitCode.OK


def _exercise(options: argparse.Namespace) -> ExitCode:
    root = _course_root(options)
    for name in options.assignments or list_assignments(root):
        spec = load_assignment(root, name)
        exercise = exercise_from_reference(read_notebook(spec.reference))
        spec.exercise.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(exercise, spec.exercise)
        print(f"wrote {spec.exercise}")
    return ExitCode.OK


_COMMANDS = {
    "check": _check,
    "validate": _validate,
    "grade": _grade,
    "report": _report,
    "rules": _rules,
    "exercise": _exercise,
    "ci-template": _ci_template,
}
