"""Batch grading of a course folder with real kernels: statuses, resume after SIGKILL, reports."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from conftest import FIXTURES, ROOT
from leftovers import kernels_in, orphaned_kernels, recorded_grades

from grader.cli.main import ExitCode, main
from grader.report.environment import number_format
from grader.results.gradebook import ASSIGNMENTS, DATABASE, Gradebook
from grader.text.messages import render

pytestmark = pytest.mark.kernel
NOTEBOOKS = FIXTURES / "notebooks" / "01_convolution"
FAST_LIMITS = (
    "[execution]\ncell_timeout_s = 3\nnotebook_timeout_s = 8\n"
    "call_timeout_s = 2\nmemory_mb = 2048\n"
)

# student -> (fixture, expected status, expected points)
BATCH = {
    "alice": ("reference", "GRADED", 10),
    "bob": ("flipped-kernel", "GRADED", 6),
    "carl": ("malformed", "NOT_GRADABLE", 0),
    "dora": ("sleeps-in-every-cell", "TIMEOUT", None),
    "erik": ("kernel-dies", "KERNEL_DIED", 9),
    "fiona": ("memory-hog", "RESOURCE_LIMIT", 9),
    "gus": ("script-injection", "GRADED", 8),
}


def _course(tmp_path: Path) -> Path:
    """The real 01_convolution assignment with short time limits."""
    course = tmp_path / "course"
    (course / "reference").mkdir(parents=True)
    (course / "exercises").mkdir()
    spec = (ROOT / "reference" / "01_convolution.toml").read_text()
    spec = re.sub(r"\[execution\].*?\n\n", FAST_LIMITS + "\n", spec, flags=re.DOTALL)
    (course / "reference" / "01_convolution.toml").write_text(spec)
    for folder in ("reference", "exercises"):
        source = ROOT / folder / "01_convolution.ipynb"
        (course / folder / "01_convolution.ipynb").write_bytes(source.read_bytes())
    return course


def _submissions(tmp_path: Path, students: dict[str, tuple[str, str, int | None]]) -> Path:
    folder = tmp_path / "submissions"
    for student, (fixture, _, _) in students.items():
        (folder / student).mkdir(parents=True)
        source = {
            "reference": ROOT / "reference" / "01_convolution.ipynb",
            "malformed": FIXTURES / "malformed" / "truncated-json.ipynb",
        }.get(fixture, NOTEBOOKS / f"{fixture}.ipynb")
        (folder / student / "01_convolution.ipynb").write_bytes(source.read_bytes())
    return folder


def _grade(submissions: Path, out: Path, course: Path, *extra: str) -> int:
    return main(
        [
            "grade",
            str(submissions),
            "--out",
            str(out),
            "--course",
            str(course),
            "--seed",
            "5",
            *extra,
        ]
    )


def test_a_mixed_batch_gives_each_submission_its_own_status(tmp_path, capsys):
    course, submissions, out = _course(tmp_path), _submissions(tmp_path, BATCH), tmp_path / "out"
    assert _grade(submissions, out, course, "--workers", "2", "--lang", "en") == ExitCode.OK
    assert f"summary: {out / 'index.html'}" in capsys.readouterr().out
    with Gradebook.open(out, write=False) as book:
        stored = {s.student: s.result for s in book.all()}
    assert {student: stored[student].status.value for student in BATCH} == {
        s: e[1] for s, e in BATCH.items()
    }
    for student, (_, _, points) in BATCH.items():
        if points is not None:
            assert stored[student].points == points, student
    problem = render(stored["carl"].problem, "en")
    assert problem.startswith(str(submissions / "carl" / "01_convolution.ipynb"))
    assert "not valid JSON" in problem
    assert "kein gültiges JSON" in render(stored["carl"].problem, "de")
    summary = (out / "index.html").read_text()
    needs_attention = summary.split('id="needs-attention"')[1].split("</table>")[0]
    for student in ("carl", "dora", "erik", "fiona"):
        assert f">{student}</a>" in needs_attention
    assert ">alice</a>" not in needs_attention


def test_student_text_is_escaped_in_every_report(tmp_path):
    course, out = _course(tmp_path), tmp_path / "out"
    submissions = _submissions(tmp_path, {"gus": BATCH["gus"]})
    assert _grade(submissions, out, course) == ExitCode.OK
    page = next((out / "students").glob("gus-*.html")).read_text()
    markdown = next((out / "students").glob("gus-*.md")).read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page  # from the student's own exception
    assert "<script>" not in markdown


def test_unchanged_submissions_are_not_graded_again(tmp_path, capsys):
    course, out = _course(tmp_path), tmp_path / "out"
    submissions = _submissions(tmp_path, {k: BATCH[k] for k in ("alice", "bob")})
    assert _grade(submissions, out, course) == ExitCode.OK
    with Gradebook.open(out, write=False) as book:  # what an export checks the LMS's file with
        facts = book.entries.setting(ASSIGNMENTS)
    assert facts == {
        "01_convolution": {"title": "Faltung von Hand", "max_points": 10.0, "questions": {}}
    }
    assert _grade(submissions, out, course) == ExitCode.OK
    out_lines = capsys.readouterr().out.splitlines()
    graded = [line for line in out_lines if "Abgaben bewertet in" in line]  # German by default
    assert graded[-1].startswith("0 Abgaben bewertet in") and "(nichts Neues)" in graded[-1]
    (submissions / "bob" / "01_convolution.ipynb").write_bytes(
        (ROOT / "reference" / "01_convolution.ipynb").read_bytes()
    )
    assert _grade(submissions, out, course) == ExitCode.OK
    assert "1 Abgabe bewertet in" in capsys.readouterr().out  # one, not "1 Abgaben"
    with Gradebook.open(out, write=False) as book:
        assert {s.student: s.result.points for s in book.all()} == {"alice": 10, "bob": 10}


def test_a_second_grader_on_the_same_folder_refuses(tmp_path, capsys):
    course, out = _course(tmp_path), tmp_path / "out"
    submissions = _submissions(tmp_path, {"alice": BATCH["alice"]})
    with Gradebook.open(out):
        assert _grade(submissions, out, course) == ExitCode.USAGE_ERROR
    assert "schreibt in diesen Ordner" in capsys.readouterr().err  # --lang de, the default


def _long_csv(out: Path) -> pd.DataFrame:
    return (
        pd.read_csv(out / "gradebook.csv").sort_values(["student", "task"]).reset_index(drop=True)
    )


def test_killed_run_resumes_to_the_same_gradebook_without_grading_twice(tmp_path, own_tmp, capsys):
    course = _course(tmp_path)
    students = {
        f"s{i:02d}": ("flipped-kernel" if i % 2 else "reference", "GRADED", None) for i in range(6)
    }
    submissions = _submissions(tmp_path, students)
    killed, straight = tmp_path / "killed", tmp_path / "straight"
    command = [
        sys.executable,
        "-m",
        "grader",
        "grade",
        str(submissions),
        "--out",
        str(killed),
        "--course",
        str(course),
        "--seed",
        "5",
        "--workers",
        "1",
    ]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    deadline = time.monotonic() + 120
    # killed while a kernel of this test runs: the one that must not outlive its grader
    while (
        (_recorded(killed) < 2 or not kernels_in(own_tmp))
        and time.monotonic() < deadline
        and process.poll() is None
    ):
        time.sleep(0.1)
    assert kernels_in(own_tmp), "the grader's kernels run from the test's own TMPDIR"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert orphaned_kernels(own_tmp) == [], "no kernel or sandbox may outlive a killed grader"
    before = recorded_grades(killed)
    assert 2 <= len(before) < len(students), "the kill must land in the middle of the batch"

    assert _grade(submissions, killed, course) == ExitCode.USAGE_ERROR
    assert "--resume" in capsys.readouterr().err
    assert _grade(submissions, killed, course, "--resume") == ExitCode.OK
    assert _grade(submissions, straight, course) == ExitCode.OK
    after = recorded_grades(killed)
    assert {
        k: after[k] for k in before
    } == before  # nothing graded before the kill was graded again
    pd.testing.assert_frame_equal(_long_csv(killed), _long_csv(straight))


def _recorded(out: Path) -> int:
    try:
        with sqlite3.connect(out / DATABASE) as db:
            return db.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
    except sqlite3.Error:
        return 0


def test_report_re_renders_from_the_gradebook_and_matches_the_csv(tmp_path, capsys):
    course, out = _course(tmp_path), tmp_path / "out"
    submissions = _submissions(tmp_path, {k: BATCH[k] for k in ("alice", "bob", "carl")})
    assert _grade(submissions, out, course) == ExitCode.OK
    (out / "index.html").unlink()
    assert main(["report", str(out), "--lang", "en"]) == ExitCode.OK
    summary = (out / "index.html").read_text()
    assert "Course summary" in summary
    long = pd.read_csv(out / "gradebook.csv")
    graded = long[(long["submission_status"] == "GRADED") & long["task"].notna()]
    sections = re.findall(
        r'<section class="assignment" id="a-[^"]+" data-assignment="([^"]+)">(.*?)</section>',
        summary,
        re.DOTALL,
    )
    rows = [
        (assignment, *row)
        for assignment, body in sections
        for row in re.findall(
            r'<tr data-task="([^"]+)">.*?<td class="num"[^>]*>([\d.]+)/[\d.]+</td>'
            r'<td class="num"[^>]*>(\d+) %</td><td class="num"[^>]*>(\d+)</td>',
            body,
        )
    ]
    assert len(rows) == graded["task"].nunique()
    for assignment, task, average, pass_rate, count in rows:
        group = graded[(graded["assignment"] == assignment) & (graded["task"] == task)]
        assert float(average) == pytest.approx(group["points"].mean(), abs=0.005)
        assert int(pass_rate) == round(100 * (group["points"] >= group["max_points"]).mean())
        assert int(count) == len(group)
    wide = pd.read_csv(out / "gradebook_wide.csv")
    assert "total" not in wide.columns  # per assignment, never a total across maxima
    mean = number_format("en")(wide["01_convolution"].mean())
    assert f'<strong class="mean">{mean}</strong>' in summary
    assert not (out / "lms_import.csv").exists()
