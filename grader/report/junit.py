"""JUnit XML, the test-report format every CI system displays (GitLab, Jenkins, GitHub actions
that read it), for ``grader validate --junit`` and ``grader grade --junit``.

The layout is the common one (the Ant/Surefire format, as Jenkins' JUnit schema describes it):
``<testsuites>`` holding one ``<testsuite>`` per assignment, one ``<testcase>`` per check
``validate`` made, or per submission and task ``grade`` recorded. Lost points are a
``<failure>`` (the student's answer, or notebook, fell short: a timeout, a kernel killed by its
own code, a file that is not a notebook); an ``<error>`` is reserved for the grader's own failures
(GRADER_ERROR), which need the course team, not the student.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from grader import __version__
from grader.grading.validate import Validation
from grader.results.adjust import PENDING, Graded
from grader.results.records import Status, TaskStatus
from grader.results.tables import long_table
from grader.results.view import read_course
from grader.text.messages import Message, render, text
from grader.text.numbers import rounded

GRADER_FAULTS = {Status.GRADER_ERROR.value, TaskStatus.GRADER_ERROR.value}


@dataclass(frozen=True)
class Case:
    classname: str
    name: str
    failure: str | None = None  # the message; None: passed
    error: bool = False  # a failure of the grader itself
    kind: str = ""  # the failure's type attribute: a status
    details: str = ""


@dataclass
class Suite:
    name: str
    cases: list[Case] = field(default_factory=list)
    seconds: float = 0.0
    properties: dict[str, str] = field(default_factory=dict)


def validate_report(validations: Iterable[Validation], lang: str) -> str:
    """One suite per assignment: a case per check of ``grader validate``, then one per check of
    the spec (the reference earns it, the blank exercise does not); what failed in ``lang``."""
    suites = []
    for validation in validations:
        suite = Suite(validation.assignment, properties={"grader": __version__})
        for finding in (*validation.findings, *validation.details):
            group = "checks" if finding in validation.details else "validate"
            problem = "; ".join(text(p, lang) for p in finding.problems) or None
            suite.cases.append(
                Case(f"{validation.assignment}.{group}", finding.name, problem, kind="invalid")
            )
        suites.append(suite)
    return _document("grader validate", suites)


def course_report(out: Path, lang: str) -> str:
    """``grade_report`` of the gradebook in ``out`` as every page reads it (``read_course``):
    the instructor's adjustments and resolutions applied, each person by the roster's name."""
    course = read_course(out, write=False)
    return grade_report(course.views, lang)


def grade_report(views: list[Graded], lang: str) -> str:
    """One suite per assignment, one case per submission and task, as gradebook.csv lists them
    (the instructor's adjustments applied): a submission that could not be graded is one case
    carrying its status and reason; a task waiting for the instructor's points is no failure.
    A person is named as the pages name them, "Anna Schmidt (anna)"; the case's classname keeps
    the submission's id, which CI systems group by.

    What CI tools read stays machine-readable whatever ``lang``: the counts, ``time`` (seconds
    with a point), the failure's ``type`` (the status's code, GRADED, TIMEOUT...), the ids. What
    people read (the failure's message and text: points, status, mistake) is in ``lang``, its
    points as the pages write them (7,5/10 in German)."""
    table = long_table(views, lang)
    suites: dict[str, Suite] = {}
    for item in (view.stored for view in views):
        suite = suites.setdefault(item.assignment, Suite(item.assignment))
        suite.seconds += item.result.seconds
        if item.result.seed is not None:
            suite.properties["seed"] = str(item.result.seed)
        suite.properties["grader"] = item.grader_version
        suite.properties["reference_version"] = item.reference_version
    points_label = render(Message("report.points"), lang)
    mistake_label = render(Message("report.mistake"), lang)
    for row in table.itertuples(index=False):
        whole = row.task == ""
        pending = row.status == TaskStatus.PENDING.value
        ungraded = str(row.submission_status) not in (Status.GRADED.value, PENDING)
        points = None if row.points is None or row.points != row.points else float(row.points)
        shown = f"{rounded(points, 2, lang)}/{rounded(row.max_points, 2, lang)}"  # read by people
        passed = not whole and not ungraded and (pending or (points or 0) >= row.max_points)
        status = str(row.submission_status if whole or ungraded else row.status)
        person = f"{row.name} ({row.student})" if row.name and row.name != row.student else ""
        details = [person or str(row.student), f"{points_label}: {shown}"]
        if row.mistake:
            details.append(f"{mistake_label}: {row.mistake}")
        message = str(row.message) or render(Message(f"status.{row.submission_status}"), lang)
        suites[str(row.assignment)].cases.append(
            Case(
                classname=f"{row.assignment}.{row.student}",
                name=f"{person or row.student}: {row.assignment}" if whole else str(row.task),
                failure=None if passed else f"{shown}: {message}",
                error=status in GRADER_FAULTS,
                kind=status,
                details="\n".join(details),
            )
        )
    return _document("grader grade", list(suites.values()))


def _document(name: str, suites: list[Suite]) -> str:
    root = ET.Element("testsuites", name=name)
    totals = {"tests": 0, "failures": 0, "errors": 0}
    seconds = 0.0
    for suite in suites:
        failures = sum(1 for c in suite.cases if c.failure is not None and not c.error)
        errors = sum(1 for c in suite.cases if c.failure is not None and c.error)
        element = ET.SubElement(
            root,
            "testsuite",
            name=suite.name,
            tests=str(len(suite.cases)),
            failures=str(failures),
            errors=str(errors),
            skipped="0",
            time=f"{suite.seconds:.3f}",
        )
        if suite.properties:
            properties = ET.SubElement(element, "properties")
            for key, value in sorted(suite.properties.items()):
                ET.SubElement(properties, "property", name=key, value=value)
        for case in suite.cases:
            _case(element, case)
        totals["tests"] += len(suite.cases)
        totals["failures"] += failures
        totals["errors"] += errors
        seconds += suite.seconds
    root.set("time", f"{seconds:.3f}")
    for key, count in totals.items():
        root.set(key, str(count))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _case(suite: ET.Element, case: Case) -> None:
    element = ET.SubElement(suite, "testcase", classname=case.classname, name=case.name)
    if case.failure is None:
        return
    tag = "error" if case.error else "failure"
    child = ET.SubElement(element, tag, message=_clean(case.failure), type=case.kind)
    child.text = _clean(case.details or case.failure)


def _clean(value: str) -> str:
    """XML 1.0 cannot carry most control characters, whatever a student printed: drop them."""
    return "".join(c for c in value if c in "\t\n\r" or ord(c) >= 0x20)
