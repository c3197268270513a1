"""Faults around the grader itself: no sandbox, a broken environment, a missing reference, a full
disk. None of them may score anybody wrongly or lose a grade that was recorded."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from conftest import ROOT

from grader.cli import main as cli
from grader.cli.main import ExitCode, main
from grader.results.gradebook import Gradebook

pytestmark = pytest.mark.kernel


def _course(tmp_path: Path) -> Path:
    course = tmp_path / "course"
    for folder in ("reference", "exercises"):
        (course / folder).mkdir(parents=True)
    for path in (ROOT / "reference").glob("01_convolution.*"):
        shutil.copyfile(path, course / "reference" / path.name)
    shutil.copyfile(
        ROOT / "exercises" / "01_convolution.ipynb", course / "exercises" / "01_convolution.ipynb"
    )
    return course


def _students(tmp_path: Path, names: list[str]) -> Path:
    folder = tmp_path / "submissions"
    for name in names:
        (folder / name).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(
            ROOT / "reference" / "01_convolution.ipynb", folder / name / "01_convolution.ipynb"
        )
    return folder


def _rows(out: Path) -> dict[str, str]:
    with Gradebook.open(out, write=False) as book:
        return {s.student: s.result.status.value for s in book.all()}


def test_grade_refuses_to_run_unsandboxed_unless_told(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cli, "bwrap_path", lambda: None)
    course, submissions, out = _course(tmp_path), _students(tmp_path, ["anna"]), tmp_path / "out"
    args = ["grade", str(submissions), "--out", str(out), "--course", str(course)]
    assert main(args) == ExitCode.USAGE_ERROR
    assert "--unsafe-no-sandbox" in capsys.readouterr().err
    assert not (out / "gradebook.sqlite").exists()
    assert main([*args, "--unsafe-no-sandbox"]) == ExitCode.OK
    assert _rows(out) == {"anna": "GRADED"}


def test_check_says_once_that_it_runs_unsandboxed(monkeypatch, capsys):
    monkeypatch.setattr(cli, "bwrap_path", lambda: None)
    assert (
        main(["check", str(ROOT / "reference" / "01_convolution.ipynb"), "--course", str(ROOT)])
        == ExitCode.OK
    )
    assert capsys.readouterr().err.count("ohne Sandbox") == 1


def test_a_broken_environment_stops_the_batch_before_anyone_is_scored(tmp_path, capsys):
    """As when TensorFlow cannot import: the reference fails in the kernels; nobody is graded."""
    course = _course(tmp_path)
    for folder in ("reference", "exercises"):
        path = course / folder / "01_convolution.ipynb"
        notebook = json.loads(path.read_text())
        notebook["cells"][1]["source"] = "import tensorflow_that_cannot_import\n" + "".join(
            notebook["cells"][1]["source"]
        )
        path.write_text(json.dumps(notebook))
    submissions, out = _students(tmp_path, ["anna", "ben"]), tmp_path / "out"
    assert (
        main(["grade", str(submissions), "--out", str(out), "--course", str(course)])
        == ExitCode.INTERNAL_ERROR
    )
    error = capsys.readouterr().err
    assert "niemand wurde bewertet" in error and "ModuleNotFoundError" in error  # de: default
    assert _rows(out) == {}
    with Gradebook.open(out, write=False) as book:
        assert book.unfinished_run() is None  # no run was started, so no --resume is demanded


def test_a_missing_reference_is_a_grader_error_never_a_zero(tmp_path, capsys):
    course = _course(tmp_path)
    (course / "reference" / "01_convolution.ipynb").unlink()
    notebook = ROOT / "reference" / "01_convolution.ipynb"
    assert (
        main(["check", str(notebook), "--course", str(course), "--format", "json"])
        == ExitCode.INTERNAL_ERROR
    )
    report = json.loads(capsys.readouterr().out)
    assert report["status"] == "GRADER_ERROR" and "Notebook der Musterlösung" in report["problem"]


def test_a_full_disk_keeps_every_recorded_grade_and_the_previous_reports(
    tmp_path, monkeypatch, capsys
):
    course, out = _course(tmp_path), tmp_path / "out"
    submissions = _students(tmp_path, ["anna", "ben"])
    assert (
        main(["grade", str(submissions), "--out", str(out), "--course", str(course), "--seed", "3"])
        == ExitCode.OK
    )
    previous_index = (out / "index.html").read_text()
    _students(tmp_path, ["carl", "dora", "emil"])
    calls = {"n": 0}
    real_record = Gradebook.record

    def record_until_full(self, stored):
        calls["n"] += 1
        if calls["n"] > 1:
            raise sqlite3.OperationalError("database or disk is full")
        real_record(self, stored)

    monkeypatch.setattr(Gradebook, "record", record_until_full)
    args = ["grade", str(submissions), "--out", str(out), "--course", str(course), "--workers", "1"]
    assert main(args) == ExitCode.INTERNAL_ERROR
    assert "setze mit --resume fort" in capsys.readouterr().err  # --lang de, the default
    monkeypatch.setattr(Gradebook, "record", real_record)
    assert len(_rows(out)) == 3  # the two from before and the one recorded before the disk filled
    assert (out / "index.html").read_text() == previous_index
    assert main([*args, "--resume"]) == ExitCode.OK
    assert _rows(out) == dict.fromkeys(["anna", "ben", "carl", "dora", "emil"], "GRADED")


def _declare(course: Path, packages: list[str]) -> None:
    (course / "course.toml").write_text(f"[kernel]\npackages = {json.dumps(packages)}\n")


def test_validate_fails_naming_a_declared_package_that_does_not_import(tmp_path, capsys):
    course = _course(tmp_path)
    _declare(course, ["numpy", "scipy", "grader_test_no_such_package"])
    assert main(["validate", "--course", str(course), "--lang", "en"]) == ExitCode.POINTS_LOST
    out = capsys.readouterr().out
    assert f"FAIL  kernel ({course / 'course.toml'})" in out
    assert (
        "package 'grader_test_no_such_package' does not import in the grading sandbox "
        "(ModuleNotFoundError: No module named 'grader_test_no_such_package')"
    ) in out
    assert "'scipy'" not in out and "ok    01_convolution" in out  # the rest is still checked


def test_a_declared_package_that_does_not_import_stops_the_batch(tmp_path, capsys):
    course = _course(tmp_path)
    _declare(course, ["grader_test_no_such_package"])
    submissions, out = _students(tmp_path, ["anna"]), tmp_path / "out"
    argv = ["grade", str(submissions), "--out", str(out), "--course", str(course), "--lang", "en"]
    code = main(argv)
    assert code == ExitCode.INTERNAL_ERROR
    error = capsys.readouterr().err
    assert "grader_test_no_such_package" in error and "nobody was graded" in error
    assert _rows(out) == {}
