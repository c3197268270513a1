"""JUnit XML from `grader validate --junit` and `grader grade --junit`, checked against the
Jenkins xUnit plugin's JUnit schema (tests/fixtures/junit/README.md says where it comes from)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema
from conftest import FIXTURES, ROOT, drift_parameters_exercise
from made_results import gradebook, result, stored, task

from grader.cli.main import ExitCode, main
from grader.course.roster import read_roster
from grader.course.spec import load_assignment
from grader.grading.submission import unscored
from grader.report.junit import course_report, grade_report
from grader.results.adjust import graded
from grader.results.gradebook import Gradebook
from grader.results.records import Status, Stored
from grader.text.messages import msg

SCHEMA = xmlschema.XMLSchema(FIXTURES / "junit" / "junit-10.xsd")


def _valid(path: Path) -> ET.Element:
    SCHEMA.validate(str(path))
    return ET.parse(path).getroot()


def _cases(root: ET.Element, suite: str) -> dict[str, ET.Element]:
    element = root.find(f"testsuite[@name='{suite}']")
    assert element is not None, suite
    return {f"{c.get('classname')}/{c.get('name')}": c for c in element.iter("testcase")}


def test_the_schema_refuses_what_ci_could_not_read(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text('<testsuites><testsuite name="x"><testcase/></testsuite></testsuites>')
    with pytest.raises(xmlschema.XMLSchemaValidationError):
        SCHEMA.validate(str(broken))


def _course(tmp_path: Path) -> Path:
    """01 as shipped, and 02 whose exercise drifted from its reference (a given cell edited,
    an answer filled in): the failures a course repository's CI must show."""
    course = tmp_path / "course"
    for folder in ("reference", "exercises"):
        (course / folder).mkdir(parents=True)
        for path in (*(ROOT / folder).glob("01_convolution.*"), *(ROOT / folder).glob("02_*")):
            (course / folder / path.name).write_bytes(path.read_bytes())
    drift_parameters_exercise(course)
    return course


@pytest.mark.kernel
@pytest.mark.slow
def test_validate_writes_one_case_per_check_of_each_assignment(tmp_path, capsys):
    course, report = _course(tmp_path), tmp_path / "ci" / "validate.xml"
    args = ["validate", "--course", str(course), "--junit", str(report), "--lang", "en"]
    assert main(args) == ExitCode.POINTS_LOST
    assert "FAIL  02_parameters" in capsys.readouterr().out
    root = _valid(report)
    good, drifted = _cases(root, "01_convolution"), _cases(root, "02_parameters")
    spec = load_assignment(course, "01_convolution")
    assert {f"01_convolution.checks/{c.id}" for c in spec.checks} <= set(good)
    assert "01_convolution.validate/reference scores full marks" in good
    assert not [c for c in good.values() if list(c)], "01 as shipped passes every check"
    given = drifted["02_parameters.validate/given cells agree"].find("failure")
    assert given is not None and "given cells of exercise and reference differ" in given.get(
        "message", ""
    )
    blank = drifted["02_parameters.validate/blank exercise scores 0"].find("failure")
    assert blank is not None and "lenet_total 1" in blank.get("message", "")
    failed_checks = [
        k for k, c in drifted.items() if ".checks/" in k and c.find("failure") is not None
    ]
    assert failed_checks and all(
        k.startswith("02_parameters.checks/lenet_total") for k in failed_checks
    )
    suite = root.find("testsuite[@name='02_parameters']")
    assert suite is not None and int(suite.get("failures", "0")) == len(
        [c for c in drifted.values() if c.find("failure") is not None]
    )


@pytest.mark.kernel
@pytest.mark.slow
def test_grade_writes_one_case_per_submission_and_task_with_the_feedback(tmp_path):
    submissions = tmp_path / "submissions"
    for student, source in {
        "alice": ROOT / "reference" / "01_convolution.ipynb",
        "bob": FIXTURES / "notebooks" / "01_convolution" / "flipped-kernel.ipynb",
        "carl": FIXTURES / "malformed" / "truncated-json.ipynb",
    }.items():
        (submissions / student).mkdir(parents=True)
        (submissions / student / "01_convolution.ipynb").write_bytes(source.read_bytes())
    out, report = tmp_path / "out", tmp_path / "grade.xml"
    args = ["grade", str(submissions), "--out", str(out), "--course", str(ROOT)]
    assert main([*args, "--seed", "3", "--junit", str(report), "--lang", "en"]) == ExitCode.OK
    root = _valid(report)
    cases = _cases(root, "01_convolution")
    tasks = [t.id for t in load_assignment(ROOT, "01_convolution").tasks]
    assert set(cases) == {
        *(f"01_convolution.{s}/{t}" for s in ("alice", "bob") for t in tasks),
        "01_convolution.carl/carl: 01_convolution",
    }
    assert not [k for k, c in cases.items() if "alice" in k and list(c)]
    conv2d = cases["01_convolution.bob/conv2d"].find("failure")
    assert conv2d is not None and conv2d.get("message", "").startswith("0/3: `conv2d` is wrong")
    assert "The kernel was flipped" in (conv2d.text or "")
    carl = cases["01_convolution.carl/carl: 01_convolution"].find("failure")
    assert carl is not None and carl.get("type") == "NOT_GRADABLE"
    assert "not valid JSON" in carl.get("message", "")
    assert root.get("tests") == str(len(cases)) and root.get("errors") == "0"
    assert root.get("failures") == str(sum(1 for c in cases.values() if list(c)))


def test_a_grader_error_is_an_error_for_the_course_team_not_a_failure(tmp_path):
    spec = load_assignment(ROOT, "01_convolution")
    died = unscored(
        spec, tmp_path / "x.ipynb", Status.GRADER_ERROR, msg("batch.worker_died", n=2), 3
    )
    stored = [Stored("ida", "Ida", spec.name, "hash", "0.1.0", "ref", "now", 1, died)]
    report = tmp_path / "grade.xml"
    report.write_text(grade_report(graded(stored, [], []), "de"))
    root = _valid(report)
    case = _cases(root, spec.name)["01_convolution.ida/Ida (ida): 01_convolution"]
    error = case.find("error")
    assert error is not None and case.find("failure") is None
    assert "2-mal abgestürzt" in error.get("message", "") and error.get("type") == "GRADER_ERROR"
    assert (root.get("errors"), root.get("failures")) == ("1", "0")


def test_the_course_report_names_each_person_as_the_roster_does(tmp_path):
    """JUnit from the gradebook as the pages read it: the roster's "Anna Schmidt (anna)" in the
    case of a submission that was not graded and in each failure's details, the id in the
    classname; someone the roster lacks keeps the folder's name."""
    items = [
        stored("anna", result("01_convolution", (), status=Status.NOT_GRADABLE)),
        stored("zoe", result("01_convolution", (task("conv2d", 0, 3),))),
    ]
    out = gradebook(tmp_path / "out", items)
    with Gradebook.open(out, write=False) as book:
        book.entries.replace_roster(read_roster(FIXTURES / "lms" / "roster.csv").rows())
    report = tmp_path / "grade.xml"
    report.write_text(course_report(out, "en"))
    cases = _cases(_valid(report), "01_convolution")
    assert set(cases) == {
        "01_convolution.anna/Anna Schmidt (anna): 01_convolution",
        "01_convolution.zoe/conv2d",
    }
    anna = cases["01_convolution.anna/Anna Schmidt (anna): 01_convolution"].find("failure")
    assert anna is not None and (anna.text or "").startswith("Anna Schmidt (anna)\n")
    zoe = cases["01_convolution.zoe/conv2d"].find("failure")
    assert zoe is not None and (zoe.text or "").startswith("Zoe (zoe)\n")
