"""Calling `grader check` wrongly, as students do: every refusal in the student's language, with
what the argument is and what to do, and the exit code the README gives. No kernel starts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from grader.cli.main import ExitCode, main
from grader.text.messages import Message, msg, render

MESSAGES = {
    "de": {
        "missing": "nope.ipynb: diese Datei gibt es nicht",
        "folder": "ein Ordner, kein Notebook; gib eines der Notebooks darin an (",
        "script": "loesung.py: ein Python-Skript, kein Jupyter-Notebook",
        "which": "weder der Dateiname noch die Metadaten sagen, zu welchem Blatt",
        "course": "hier und darüber gibt es keinen Kursordner",
        "unknown": "--assignment 99_x: dieses Blatt gibt es nicht (es gibt: ",
        "conflict": "Dateiname sagt 01_convolution, die Metadaten des Notebooks sagen 02_param",
    },
    "en": {
        "missing": "nope.ipynb: no such file",
        "folder": "a folder, not a notebook; name one of the notebooks in it (",
        "script": "loesung.py: a Python script, not a Jupyter notebook",
        "which": "neither its file name nor its metadata says which assignment",
        "course": "no course folder found here or above",
        "unknown": "--assignment 99_x: no such assignment (there are: ",
        "conflict": "the file name says 01_convolution, the notebook's metadata says 02_parameters",
    },
}


@pytest.fixture(autouse=True)
def _in_course(root, monkeypatch):
    monkeypatch.chdir(root)


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("lang", ["de", "en"])
def test_refusals_say_what_the_argument_is_in_the_students_language(capsys, tmp_path, root, lang):
    said = MESSAGES[lang]
    code, _, err = _run(capsys, "check", "nope.ipynb", "--lang", lang)
    assert (code, said["missing"] in err) == (ExitCode.USAGE_ERROR, True)
    code, _, err = _run(capsys, "check", "reference", "--lang", lang)
    assert (code, said["folder"] in err) == (ExitCode.USAGE_ERROR, True), err
    script = tmp_path / "loesung.py"
    script.write_text("def conv2d(image, kernel):\n    return image\n")
    code, _, err = _run(capsys, "check", str(script), "--lang", lang)
    assert (code, said["script"] in err) == (ExitCode.POINTS_LOST, True), err
    anonymous = json.loads((root / "reference" / "01_convolution.ipynb").read_text())
    anonymous["metadata"].pop("grader")
    (tmp_path / "abgabe.ipynb").write_text(json.dumps(anonymous))
    code, _, err = _run(capsys, "check", str(tmp_path / "abgabe.ipynb"), "--lang", lang)
    assert (code, said["which"] in err) == (ExitCode.USAGE_ERROR, True), err
    code, _, err = _run(capsys, "check", str(script), "--assignment", "99_x", "--lang", lang)
    assert (code, said["unknown"] in err) == (ExitCode.USAGE_ERROR, True), err
    assert "Traceback" not in err


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_course_folder_is_said_in_the_students_language(capsys, tmp_path, monkeypatch, lang):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.ipynb").write_text("{}")
    code, _, err = _run(capsys, "check", "x.ipynb", "--lang", lang)
    assert code == ExitCode.USAGE_ERROR and MESSAGES[lang]["course"] in err


@pytest.mark.parametrize("lang", ["de", "en"])
def test_name_and_metadata_that_disagree_are_not_graded_as_either(capsys, tmp_path, root, lang):
    notebook = json.loads((root / "reference" / "01_convolution.ipynb").read_text())
    notebook["metadata"]["grader"]["assignment"] = "02_parameters"
    path = tmp_path / "01_convolution.ipynb"
    path.write_text(json.dumps(notebook))
    code, out, _ = _run(capsys, "check", str(path), "--lang", lang, "--format", "json")
    report = json.loads(out)
    assert code == ExitCode.POINTS_LOST
    assert (report["status"], report["points"]) == ("NOT_GRADABLE", None)  # no grade, not 0
    assert MESSAGES[lang]["conflict"] in report["problem"]


def test_a_damaged_notebook_without_an_assignment_says_what_is_wrong(capsys, tmp_path):
    broken = Path(tmp_path / "abgabe.ipynb")
    broken.write_text('{"cells": [')
    code, _, err = _run(capsys, "check", str(broken), "--lang", "de")
    assert code == ExitCode.POINTS_LOST and "kein gültiges JSON" in err


@pytest.mark.parametrize(
    ("status", "problem", "words"),
    [
        (
            "TIMEOUT",
            msg("problem.cell_timeout", cell=msg("cell.ref_plain", cell=8), seconds="30"),
            "Zelle 8 lief länger als 30 s",
        ),
        (
            "RESOURCE_LIMIT",
            msg("problem.resource_limit", cell=msg("cell.ref_plain", cell=16)),
            "Zelle 16 stieß an ein Speicher-",
        ),
    ],
)
def test_a_limit_hit_is_said_in_the_status_and_exits_1_whatever_the_points(
    capsys, monkeypatch, status, problem, words
):
    """All tasks earned their points, but a cell hit a limit: not "all points", exit code 1."""
    from grader.cli import main as cli
    from grader.results.records import NotebookResult, Status

    def limited(path, spec, *_args, **_kwargs):
        return NotebookResult(spec.name, str(path), Status(status), 10.0, 10.0, problem=problem)

    monkeypatch.setattr(cli, "grade_notebook", limited)
    code, out, _ = _run(capsys, "check", "reference/01_convolution.ipynb", "--lang", "de")
    assert code == ExitCode.POINTS_LOST
    assert words in out and render(Message(f"status.{status}"), "de") in out.splitlines()[1]


@pytest.mark.parametrize("lang", ["de", "en"])
def test_json_of_a_notebook_that_could_not_be_graded_has_no_points(capsys, root, lang):
    """A damaged file has no grade: its points are null in the JSON, never 0 (nor any task's)."""
    damaged = root / "tests" / "fixtures" / "malformed" / "truncated-json.ipynb"
    argv = ("check", str(damaged), "--assignment", "01_convolution", "--format", "json")
    code, out, _ = _run(capsys, *argv, "--lang", lang)
    report = json.loads(out)
    assert code == ExitCode.POINTS_LOST
    assert (report["status"], report["points"], report["max_points"]) == ("NOT_GRADABLE", None, 10)
    assert report["tasks"] == [] and "truncated-json.ipynb" in report["problem"]


def test_a_notebook_that_hit_a_limit_has_no_total_only_its_tasks_points(capsys, monkeypatch):
    """A cell ran out of time: the notebook has no grade (null, and "–" as its total), while
    the tasks that were checked still say what they earned."""
    from made_results import task

    from grader.cli import main as cli
    from grader.results.records import NotebookResult, Status

    def limited(path, spec, *_args, **_kwargs):
        tasks = (task("conv2d", 3, 3), task("sobel", 0.5, 2))
        problem = msg("problem.cell_timeout", cell=msg("cell.ref_plain", cell=8), seconds="30")
        return NotebookResult(spec.name, str(path), Status.TIMEOUT, 3.5, 5, tasks, problem=problem)

    monkeypatch.setattr(cli, "grade_notebook", limited)
    argv = ("check", "reference/01_convolution.ipynb", "--lang", "en")
    code, out, _ = _run(capsys, *argv, "--format", "json")
    report = json.loads(out)
    assert code == ExitCode.POINTS_LOST
    assert (report["status"], report["points"], report["max_points"]) == ("TIMEOUT", None, 5)
    assert [t["points"] for t in report["tasks"]] == [3, 0.5]
    code, out, _ = _run(capsys, *argv)
    assert re.search(r"^Total\s+–/5$", out, re.MULTILINE), out
