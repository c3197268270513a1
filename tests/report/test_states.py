"""One status vocabulary everywhere, and never a number where there is no grade: for every state
a submission can be in (graded, pending manual grading, each status that kept it from being
graded, no submission), in both languages, the student page, the summary, both CSVs, the JUnit
report and the Moodle export say the state, and only a graded submission shows points. A manual
grade makes the task's status follow it."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from made_results import gradebook, result, stored, task

from grader.cli.main import ExitCode, main
from grader.report.junit import grade_report
from grader.results.adjust import MANUAL, NO_SUBMISSION, PENDING, Adjustment
from grader.results.gradebook import Gradebook
from grader.results.records import Status
from grader.results.view import read_course
from grader.text.messages import LANGUAGES, msg, render

NOT_GRADED = [s for s in Status if s != Status.GRADED]


def _course(out):
    """Student ``s-<STATE>`` has 01 in that state; everyone has 02 graded (2 of 2) except
    ``nobody``, who handed in 02 only (01: no submission)."""
    items = [stored("s-GRADED", result("01_convolution", (task("a", 1), task("b", 0.5))))]
    items.append(
        stored(f"s-{PENDING}", result("01_convolution", (task("a", 1), task("b", 0, pending=True))))
    )
    items += [stored(f"s-{s.value}", result("01_convolution", (), status=s)) for s in NOT_GRADED]
    students = [i.student for i in items] + ["nobody"]
    items += [stored(s, result("02_parameters", (task("c", 2, 2),))) for s in students]
    return gradebook(out, items)


def _csv(path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_state_is_said_and_only_a_grade_is_a_number(tmp_path, lang):
    out = _course(tmp_path / "out")
    assert main(["report", str(out), "--lang", lang]) == ExitCode.OK
    summary = (out / "index.html").read_text(encoding="utf-8")
    table = summary.split('id="students"')[1].split("</table>")[0]
    wide = {r["student"]: r for r in _csv(out / "gradebook_wide.csv")}
    long = [r for r in _csv(out / "gradebook.csv") if r["assignment"] == "01_convolution"]
    for state in [PENDING, *(s.value for s in NOT_GRADED), NO_SUBMISSION]:
        student = "nobody" if state == NO_SUBMISSION else f"s-{state}"
        said = render(msg(f"status.{state}"), lang)
        row = table.split(f">{student}</span>")[1].split("</tr>")[0]
        cell = re.search(r'<td class="num"[^>]* data-state="([A-Z_]+)">(.*?)</td>', row)
        assert cell is not None and cell.group(1) == state, (state, row)
        assert said in cell.group(2) and not re.search(r"\d", cell.group(2)), (state, row)
        assert wide[student]["01_convolution"] == "", state  # no number, not 0.0
        assert wide[student]["01_convolution status"] == state
        for line in (r for r in long if r["student"] == student):
            waits = state != PENDING or line["task"] == "b"  # a's point is there: it was checked
            assert line["submission_status"] == state, (state, line)
            assert (line["points"] == "") == waits, (state, line)
        if state == NO_SUBMISSION:
            continue
        page = next((out / "students").glob(f"{student}-*.html")).read_text(encoding="utf-8")
        heading = re.search(r'<h2 data-state="[A-Z_]+">01_convolution: (.*?)</h2>', page)
        assert heading is not None and said in heading.group(1), state
        assert not re.search(r"\d+/\d+", heading.group(1)), (state, heading.group(1))
        assert re.search(r'class="total">2/2 \(', page), state  # the sum of graded ones, said
    graded = next(r for r in long if r["student"] == "s-GRADED" and r["task"] == "b")
    assert graded["points"] == "0.5" and graded["submission_status"] == "GRADED"
    assert wide["s-GRADED"]["01_convolution"] == "1.5"


def test_junit_says_the_state_and_passes_nothing_that_was_not_graded(tmp_path):
    out = _course(tmp_path / "out")
    document = ET.fromstring(grade_report(read_course(out, write=False).views, "en"))
    cases = {(c.get("classname"), c.get("name")): c for c in document.iter("testcase")}
    pending = cases[("01_convolution.s-PENDING", "b")]
    assert pending.find("failure") is None  # waiting for the instructor is no failure
    for status in NOT_GRADED:
        student = f"s-{status.value}"
        named = f"{student.title()} ({student})"  # as the pages name the person
        case = cases[(f"01_convolution.{student}", f"{named}: 01_convolution")]
        failed = case.find("error" if status == Status.GRADER_ERROR else "failure")
        assert failed is not None and failed.get("type") == status.value
        assert failed.get("message", "").startswith("–/10: ")  # a dash, never 0/10


def test_the_task_status_follows_the_manual_grade(tmp_path):
    out = _course(tmp_path / "out")
    with Gradebook.open(out, write=False) as book:
        book.entries.adjust(
            Adjustment(
                "s-PENDING", "01_convolution", "b", MANUAL, 0.5, None, "hash-1", "", "lee", "t"
            )
        )
    assert main(["report", str(out)]) == ExitCode.OK
    long = _csv(out / "gradebook.csv")
    row = next(r for r in long if r["student"] == "s-PENDING" and r["task"] == "b")
    assert (row["status"], row["points"], row["submission_status"]) == ("partial", "0.5", "GRADED")
    wide = {r["student"]: r for r in _csv(out / "gradebook_wide.csv")}
    assert wide["s-PENDING"]["01_convolution"] == "1.5"
    assert wide["s-PENDING"]["01_convolution status"] == "GRADED"
