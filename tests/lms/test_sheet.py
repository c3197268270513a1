"""An LMS's file of another assignment is refused before a number is written, one line naming
both sides; a different maximum is scaled only when asked. Round trips through `grader export`
with the real LMS files of tests/fixtures/lms, read back as the LMS reads them."""

from __future__ import annotations

import shutil

import pytest

from grader.cli.main import ExitCode, main
from grader.errors import UsageError
from grader.lms.sheet import Assignment, SheetSays, parsed_number, scale_for
from grader.text.messages import render
from lms.moodle_reader import moodle_reads
from lms.test_canvas_ilias import CANVAS, ILIAS, _rows
from lms.test_moodle import GERMAN, WORKSHEET

CONVOLUTION = Assignment(
    "01_convolution", "Faltung von Hand", 10.0, (("00_vorabfragen", "Vorabfragen"),)
)


def _refused(course, capsys, *args: str) -> str:
    code = main(["export", str(course), *args])
    assert code == ExitCode.USAGE_ERROR
    assert not (course / "exports").exists()  # nothing written, nothing half-filled
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    return err


@pytest.mark.parametrize(
    ("text", "decimal", "value"),
    [("10.00", ".", 10.0), ("6,00", ",", 6.0), ("10", ",", 10.0), ("1.000,50", ",", 1000.5)],
)
def test_numbers_are_read_as_the_file_writes_them(text, decimal, value):
    assert parsed_number(text, decimal) == value


def test_what_a_file_does_not_say_is_not_guessed():
    assert parsed_number("-", ".") is None  # a Moodle scale shows no number
    assert scale_for(SheetSays("x.csv"), CONVOLUTION, scale=False) == 1.0
    renamed = SheetSays("grades.csv", 10.0, "grades.csv")  # names nothing: only the maximum
    assert scale_for(renamed, CONVOLUTION, scale=False) == 1.0
    own = SheetSays("Grades-DL-Faltung von Hand-Vorabfragen-1.csv", 10.0, "Faltung von Hand")
    assert scale_for(own, CONVOLUTION, scale=False) == 1.0  # names this one too


def test_both_languages_name_the_file_and_both_assignments():
    with pytest.raises(UsageError) as refused:
        scale_for(SheetSays("s.csv", 6.0, "Grades-DL-Vorabfragen-4712"), CONVOLUTION, False)
    assert render(refused.value.message, "de") == (
        "s.csv gehört zu Vorabfragen, nicht zu 01_convolution: nichts exportiert. "
        "Lade die Datei von 01_convolution aus dem LMS herunter."
    )
    with pytest.raises(UsageError) as refused:
        scale_for(SheetSays("s.csv", 7.5, None), CONVOLUTION, False)
    english = render(refused.value.message, "en")
    assert english.startswith(
        "s.csv has the maximum grade 7.5, but 01_convolution has at most 10 points"
    )
    assert "7,5" in render(refused.value.message, "de")


def test_moodle_refuses_another_assignments_worksheet_by_its_name(course, capsys):
    err = _refused(
        course, capsys, "--assignment", "01_convolution", "--moodle-worksheet", str(GERMAN)
    )
    assert err == (
        "grader: Bewertungen-DL_SS26-Vorabfragen-4712.csv gehört zu Vorabfragen, nicht zu "
        "01_convolution: nichts exportiert. Lade die Datei von 01_convolution aus dem LMS herunter."
    )


def test_moodle_refuses_a_worksheet_whose_maximum_is_not_the_assignments(course, tmp_path, capsys):
    renamed = tmp_path / "worksheet.csv"  # its name says nothing: its Maximum Grade does
    shutil.copy(WORKSHEET, renamed)
    err = _refused(
        course,
        capsys,
        "--assignment",
        "00_vorabfragen",
        "--moodle-worksheet",
        str(renamed),
        "--lang",
        "en",
    )
    assert "worksheet.csv has the maximum grade 10, but 00_vorabfragen has at most 6 points" in err
    assert "--scale" in err


def test_moodle_scales_to_the_worksheets_maximum_only_when_asked(course, tmp_path):
    renamed = tmp_path / "worksheet.csv"
    shutil.copy(WORKSHEET, renamed)
    args = ["--assignment", "00_vorabfragen", "--moodle-worksheet", str(renamed), "--scale"]
    assert main(["export", str(course), *args]) == ExitCode.OK
    read = moodle_reads((course / "exports" / "worksheet.csv").read_bytes(), "en")
    assert read["40101"][0] == 9.17  # 5.5 of 6 on Moodle's 10
    assert "Auf die Bestwertung im LMS umgerechnet: 9,17 von 10." in read["40101"][1]
    assert "5,5 von 6 Punkten" in read["40101"][1]  # and what the grader gave
    assert read["40102"][0] is None  # pending stays empty, scaled or not


def test_canvas_refuses_another_assignments_column(course, capsys):
    err = _refused(
        course,
        capsys,
        "--assignment",
        "01_convolution",
        "--canvas",
        str(CANVAS),
        "--column",
        "Parameter zählen",
        "--lang",
        "en",
    )
    assert err.startswith(
        "grader: 2026-05-04T1203_Grades-DL_SS26.csv: Parameter zählen (1235) belongs to "
        "Parameter zählen, not to 01_convolution"
    )


def test_canvas_refuses_points_possible_that_are_not_the_maximum_and_scales_when_asked(
    course, tmp_path, capsys
):
    doubled = tmp_path / "canvas.csv"
    doubled.write_bytes(CANVAS.read_bytes().replace(b",,,,,10.00,10.00,", b",,,,,20.00,10.00,", 1))
    args = [
        "--assignment",
        "01_convolution",
        "--canvas",
        str(doubled),
        "--column",
        "Faltung von Hand",
    ]
    err = _refused(course, capsys, *args)
    assert "Faltung von Hand (1234) hat die Bestwertung 20, 01_convolution aber höchstens 10" in err
    assert main(["export", str(course), *args, "--scale"]) == ExitCode.OK
    rows = {r[0]: r for r in _rows((course / "exports" / "canvas.csv").read_bytes())}
    assert rows["Schmidt, Anna"][5] == "20.00" and rows["Becker, Ben"][5] == "12.00"


def test_ilias_refuses_a_status_file_named_for_another_assignment(course, tmp_path, capsys):
    other = tmp_path / "Vorabfragen_status.csv"
    shutil.copy(ILIAS, other)
    err = _refused(course, capsys, "--assignment", "01_convolution", "--ilias", str(other))
    assert "Vorabfragen_status.csv gehört zu Vorabfragen, nicht zu 01_convolution" in err
    own = tmp_path / "Faltung_von_Hand_status.csv"  # names its own assignment: filled
    shutil.copy(ILIAS, own)
    args = ["export", str(course), "--assignment", "01_convolution", "--ilias", str(own)]
    assert main(args) == ExitCode.OK
    rows = {r[2]: r for r in _rows((course / "exports" / own.name).read_bytes())}
    assert rows["aschmidt"][6] == "10"
