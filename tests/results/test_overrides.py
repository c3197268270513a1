"""Overrides and manual grades through the command line, on real batches: they survive a
regrade (flagged for a second look when the automatic points or the file changed), and appear in
the student's report, the gradebook CSV and every LMS export."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from lms.moodle_reader import moodle_reads

from grader.cli.main import ExitCode, main

LMS = FIXTURES / "lms"
CONV = FIXTURES / "notebooks" / "01_convolution"


def _grade(submissions: Path, out: Path, *assignments: str) -> None:
    args = ["grade", str(submissions), "--out", str(out), "--course", str(ROOT), "--seed", "4"]
    for name in assignments:
        args += ["--assignment", name]
    assert main(args) == ExitCode.OK


def _put(submissions: Path, student: str, name: str, source: Path) -> None:
    (submissions / student).mkdir(parents=True, exist_ok=True)
    (submissions / student / name).write_bytes(source.read_bytes())


def _exports(out: Path, assignment: str) -> dict[str, str]:
    files = {}
    for flag, source in (
        ("--moodle-worksheet", LMS / "Grades-DL_SS26-Faltung von Hand-4711.csv"),
        ("--canvas", LMS / "2026-05-04T1203_Grades-DL_SS26.csv"),
        ("--ilias", LMS / "status.csv"),
    ):
        extra = ["--column", "Faltung von Hand"] if flag == "--canvas" else []
        target = out / f"{flag.strip('-')}.csv"
        code = main(
            [
                "export",
                str(out),
                "--assignment",
                assignment,
                flag,
                str(source),
                "-o",
                str(target),
                *extra,
            ]
        )
        assert code == ExitCode.OK
        files[flag] = target.read_bytes().decode("utf-8-sig")
    assert (
        main(["export", str(out), "--assignment", assignment, "--moodle-import", "email"])
        == ExitCode.OK
    )
    files["--moodle-import"] = (out / "exports" / f"{assignment}-moodle-import.csv").read_text(
        "utf-8-sig"
    )
    return files


@pytest.mark.kernel
def test_an_override_survives_a_regrade_and_appears_in_the_report_and_every_export(
    tmp_path, capsys
):
    submissions, out = tmp_path / "submissions", tmp_path / "out"
    _put(submissions, "ben", "01_convolution.ipynb", CONV / "flipped-kernel.ipynb")
    _grade(submissions, out, "01_convolution")
    assert main(["roster", "import", str(LMS / "roster.csv"), str(out)]) == ExitCode.OK
    code = main(
        [
            "override",
            str(out),
            "ben",
            "01_convolution",
            "sobel",
            "1",
            "--reason",
            "Vorzeichen im Text erklärt",
            "--by",
            "lee",
        ]
    )
    assert code == ExitCode.OK
    assert (
        "Ben Becker, 01_convolution, sobel: 1 (automatisch 0), von lee" in capsys.readouterr().out
    )

    # ben hands in again; the automatic points of sobel change (0 -> 1): the override stays
    _put(submissions, "ben", "01_convolution.ipynb", ROOT / "reference" / "01_convolution.ipynb")
    _grade(submissions, out, "01_convolution")
    long = list(csv.DictReader(io.StringIO((out / "gradebook.csv").read_text("utf-8-sig"))))
    sobel = next(r for r in long if r["task"] == "sobel")
    assert (sobel["points"], sobel["automatic_points"], sobel["second_look"]) == (
        "1.0",
        "1.0",
        "True",
    )
    assert sobel["adjustment_reason"] == "Vorzeichen im Text erklärt"
    conv = next(r for r in long if r["task"] == "conv2d")
    assert conv["adjusted_by"] == ""
    page = next((out / "students").glob("ben-*.html")).read_text()
    assert "Angepasst durch die Lehrperson: Vorzeichen im Text erklärt (automatisch: 1)" in page
    summary = (out / "index.html").read_text()
    assert "Anpassungen für einen zweiten Blick (neu bewertet seit der Anpassung) (1)" in summary

    exports = _exports(out, "01_convolution")
    assert (
        "angepasst durch die Lehrperson: Vorzeichen im Text erklärt"
        in moodle_reads(exports["--moodle-worksheet"].encode(), "en")["40102"][1]
    )
    assert (
        '"Becker, Ben",5502,s40102,ben.becker@smail.th-koeln.de,DL SS26,10.00,'
        in exports["--canvas"]
    )
    assert (
        "angepasst durch die Lehrperson" in exports["--ilias"]
        and '"1","6232","bbecker"' in exports["--ilias"]
    )
    assert "ben.becker@smail.th-koeln.de,Ben Becker,10.00," in exports["--moodle-import"]


def test_a_manual_grade_is_pending_until_entered_then_counts_and_a_new_answer_needs_a_second_look(
    tmp_path, capsys
):
    """00_vorabfragen starts no kernel: a real batch in a second."""
    submissions, out = tmp_path / "submissions", tmp_path / "out"
    answers = json.loads((ROOT / "reference" / "00_vorabfragen.ipynb").read_text())
    (submissions / "anna").mkdir(parents=True)
    (submissions / "anna" / "00_vorabfragen.ipynb").write_text(json.dumps(answers))
    _grade(submissions, out, "00_vorabfragen")
    wide = list(csv.DictReader(io.StringIO((out / "gradebook_wide.csv").read_text("utf-8-sig"))))
    assert (
        wide[0]["incomplete"] == "00_vorabfragen: faltung_statt_dense, filter_feature_map, pooling"
    )
    assert "Wartet auf manuelle Bewertung (3)" in (out / "index.html").read_text()
    for task, points in (
        ("faltung_statt_dense", "2"),
        ("filter_feature_map", "2"),
        ("pooling", "1,5"),
    ):
        assert (
            main(["override", str(out), "anna", "00_vorabfragen", task, points, "--by", "lee"])
            == ExitCode.OK
        )
    wide = list(csv.DictReader(io.StringIO((out / "gradebook_wide.csv").read_text("utf-8-sig"))))
    assert (wide[0]["00_vorabfragen"], wide[0]["incomplete"]) == ("5.5", "")
    assert "Wartet auf manuelle Bewertung (0)" in (out / "index.html").read_text()

    answers["cells"][6]["source"] = (
        "Pooling verkleinert die Feature Maps und macht das Netz robuster."
    )
    (submissions / "anna" / "00_vorabfragen.ipynb").write_text(json.dumps(answers))
    _grade(submissions, out, "00_vorabfragen")
    summary = (out / "index.html").read_text()
    assert "Anpassungen für einen zweiten Blick" in summary  # the answers changed since graded
    wide = list(csv.DictReader(io.StringIO((out / "gradebook_wide.csv").read_text("utf-8-sig"))))
    assert wide[0]["00_vorabfragen"] == "5.5"  # kept


def test_override_refuses_what_it_cannot_store(tmp_path, capsys):
    submissions, out = tmp_path / "submissions", tmp_path / "out"
    _put(submissions, "anna", "00_vorabfragen.ipynb", ROOT / "exercises" / "00_vorabfragen.ipynb")
    _grade(submissions, out, "00_vorabfragen")
    for args, message in (
        (["anna", "00_vorabfragen", "pooling", "3", "--reason", "x"], "3 is not between 0 and 2"),
        (["anna", "00_vorabfragen", "pooling", "1"], "changed points need a reason"),
        (["anna", "00_vorabfragen", "nope", "1", "--reason", "x"], "no task nope"),
        (["zoe", "00_vorabfragen", "pooling", "1", "--reason", "x"], "no grade of zoe"),
    ):
        assert main(["override", str(out), *args, "--lang", "en"]) == ExitCode.USAGE_ERROR
        assert message in capsys.readouterr().err
    # in German (the default), naming the task, its assignment and the student
    assert main(["override", str(out), "anna", "00_vorabfragen", "pooling", "1"]) == 2
    german = capsys.readouterr().err
    assert german.startswith("grader: Was bringt Pooling? (pooling) (00_vorabfragen, ")
    assert "): Geänderte Punkte brauchen eine Begründung" in german
    # in English under the spec's English title
    command = ["override", str(out), "anna", "00_vorabfragen", "pooling", "1", "--lang", "en"]
    assert main(command) == ExitCode.USAGE_ERROR
    english = capsys.readouterr().err
    assert english.startswith("grader: What does pooling bring? (pooling) (00_vorabfragen, ")
