"""The command line in-process, as a student or CI would call it."""

from __future__ import annotations

import json
import os
import re

import pytest
from conftest import FIXTURES, drift_parameters_exercise

from grader.cli.main import ExitCode, main

pytestmark = pytest.mark.kernel


@pytest.fixture(autouse=True)
def _in_course(root, monkeypatch):
    monkeypatch.chdir(root)


def test_reference_scores_full_marks(capsys):
    assert main(["check", "reference/01_convolution.ipynb"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert re.search(r"^Summe\s+10/10$", out, re.MULTILINE)
    assert "Alle Punkte erreicht." in out


def test_blank_exercise_scores_zero_without_traceback(capsys):
    assert main(["check", "exercises/02_parameters.ipynb", "--lang", "en"]) == ExitCode.POINTS_LOST
    captured = capsys.readouterr()
    assert re.search(r"^Total\s+0/10$", captured.out, re.MULTILINE)
    assert "not filled in yet" in captured.out
    assert "Traceback" not in captured.out + captured.err


def test_json_format_has_the_documented_fields(capsys):
    notebook = FIXTURES / "notebooks" / "01_convolution" / "channels-first.ipynb"
    assert (
        main(
            [
                "check",
                str(notebook),
                "--assignment",
                "01_convolution",
                "--format",
                "json",
                "--seed",
                "3",
            ]
        )
        == ExitCode.POINTS_LOST
    )
    report = json.loads(capsys.readouterr().out)
    assert {"assignment", "notebook", "status", "points", "max_points", "tasks", "seed"} <= set(
        report
    )
    assert (
        report["assignment"],
        report["status"],
        report["points"],
        report["max_points"],
        report["seed"],
    ) == ("01_convolution", "GRADED", 9, 10, 3)
    task = next(t for t in report["tasks"] if t["task"] == "feature_maps")
    assert {"task", "points", "max_points", "status", "message"} <= set(task)
    assert task["status"] == "failed" and "channels-last" in task["mistake"]
    assert {c["visibility"] for c in task["checks"]} == {"public", "hidden"}


def test_assignment_is_taken_from_the_notebook_metadata_when_the_name_does_not_say(
    tmp_path, capsys
):
    renamed = tmp_path / "meine_abgabe.ipynb"
    renamed.write_bytes(
        (FIXTURES / "notebooks" / "02_parameters" / "shifted-by-one.ipynb").read_bytes()
    )
    assert main(["check", str(renamed), "--format", "json"]) == ExitCode.POINTS_LOST
    assert json.loads(capsys.readouterr().out)["assignment"] == "02_parameters"


def test_a_damaged_notebook_gets_a_clear_message(capsys):
    damaged = FIXTURES / "malformed" / "truncated-json.ipynb"
    assert main(["check", str(damaged), "--assignment", "01_convolution"]) == ExitCode.POINTS_LOST
    out = capsys.readouterr().out
    assert "nicht bewertbar" in out and "truncated-json.ipynb: kein gültiges JSON (Zeile 4" in out


def test_usage_errors_exit_2(capsys, tmp_path):
    assert main(["check", "nope.ipynb"]) == ExitCode.USAGE_ERROR
    assert (
        main(["check", "reference/01_convolution.ipynb", "--assignment", "99_x"])
        == ExitCode.USAGE_ERROR
    )
    os.chdir(tmp_path)  # neither here nor beside the notebook is a course or a kit
    lonely = tmp_path / "01_convolution.ipynb"
    lonely.write_bytes((FIXTURES / "malformed" / "empty.ipynb").read_bytes())
    assert main(["check", str(lonely)]) == ExitCode.USAGE_ERROR
    assert "keinen Kursordner" in capsys.readouterr().err  # --lang de is the default
    assert main(["check", str(lonely), "--lang", "en"]) == ExitCode.USAGE_ERROR
    assert "and no student kit (kit.json)" in capsys.readouterr().err


def test_rules_lists_and_explains(capsys):
    assert main(["rules"]) == ExitCode.OK
    listing = capsys.readouterr().out
    assert all(code in listing for code in ("V100", "V101", "F100", "S100"))
    assert main(["rules", "S100"]) == ExitCode.OK
    assert "Example failure:" in capsys.readouterr().out
    assert main(["rules", "X999"]) == ExitCode.USAGE_ERROR


def test_validate_passes_for_the_bundled_course(capsys):
    assert main(["validate", "--lang", "en"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert "ok    kernel: course.toml: 8 packages import in the grading sandbox" in out
    assert "ok    01_convolution: reference 10/10, blank exercise 0" in out
    assert "ok    02_parameters: reference 10/10, blank exercise 0" in out


DRIFTED = {
    "de": (
        "FAIL  02_parameters",
        "      - die vorgegebenen Zellen von Übungsnotebook und Referenz unterscheiden sich",
        "      - Übungsnotebook: die Antwortzelle der Aufgabe 'lenet_total' hat keinen Platzhalter"
        " `raise NotImplementedError()`",
        "      - das leere Übungsnotebook erhält Punkte: lenet_total 1",
        "      - Prüfung lenet_total/",
    ),
    "en": (
        "FAIL  02_parameters",
        "      - given cells of exercise and reference differ",
        "      - exercise: answer cell of task 'lenet_total' has no `raise NotImplementedError()`"
        " placeholder",
        "      - blank exercise earns points: lenet_total 1",
        "      - check lenet_total/",
    ),
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_validate_fails_when_exercise_and_reference_drift_apart(tmp_path, root, capsys, lang):
    course = tmp_path / "course"
    for folder in ("reference", "exercises"):
        (course / folder).mkdir(parents=True)
        for path in (root / folder).glob("02_parameters.*"):
            (course / folder / path.name).write_bytes(path.read_bytes())
    drift_parameters_exercise(course)
    assert main(["validate", "--course", str(course), "--lang", lang]) == ExitCode.POINTS_LOST
    out = capsys.readouterr().out
    for line in DRIFTED[lang]:
        assert line in out, (line, out)
    assert "points" not in out if lang == "de" else "Punkte" not in out


WROTE = {
    "de": "{} geschrieben (aus 01_convolution.ipynb)",
    "en": "wrote {} (from 01_convolution.ipynb)",
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_exercise_regenerates_from_reference(tmp_path, root, capsys, lang):
    course = tmp_path / "course"
    (course / "reference").mkdir(parents=True)
    for path in (root / "reference").glob("01_convolution.*"):
        (course / "reference" / path.name).write_bytes(path.read_bytes())
    assert main(["exercise", "--course", str(course), "--lang", lang]) == ExitCode.OK
    exercise = course / "exercises" / "01_convolution.ipynb"
    assert capsys.readouterr().out == WROTE[lang].format(exercise) + "\n"
    generated = json.loads(exercise.read_text())
    assert "raise NotImplementedError()" in "".join(
        "".join(c["source"]) for c in generated["cells"]
    )


INSIDE_REFERENCE = {
    "de": "kit: ein Kit darf nicht in reference/ liegen (dort stehen die Lösungen)",
    "en": "kit: a kit must not lie inside reference/ (the solutions are there)",
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_kit_inside_reference_is_refused_in_the_language_asked(tmp_path, root, capsys, lang):
    course = tmp_path / "course"
    (course / "reference").mkdir(parents=True)
    for path in (root / "reference").glob("01_convolution.*"):
        (course / "reference" / path.name).write_bytes(path.read_bytes())
    inside = course / "reference" / "kit"
    argv = ["kit", str(inside), "--course", str(course), "--no-wheel", "--lang", lang]
    assert main(argv) == ExitCode.USAGE_ERROR
    assert f"{course / 'reference' / INSIDE_REFERENCE[lang]}" in capsys.readouterr().err
    assert not inside.exists()  # refused before anything was built
