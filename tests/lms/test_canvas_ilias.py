"""Canvas' gradebook export and ILIAS' exercise status file, round trip: the assignment's cells
filled, every other byte as the LMS wrote it."""

from __future__ import annotations

import csv
import io

from grader.cli.main import ExitCode, main
from grader.intake.csvfile import CsvText
from lms.conftest import LMS
from lms.test_moodle import _export, _unchanged_except

CANVAS = LMS / "2026-05-04T1203_Grades-DL_SS26.csv"
CANVAS_DE = LMS / "2026-05-04T1203_Noten-DL_SS26-semikolon.csv"
ILIAS = LMS / "status.csv"


def _rows(data: bytes, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_canvas_column_is_filled_and_the_rest_kept(course, capsys):
    before = CANVAS.read_bytes()
    after = _export(
        course,
        "--assignment",
        "01_convolution",
        "--canvas",
        str(CANVAS),
        "--column",
        "Faltung von Hand",
    )
    _unchanged_except(before, after, columns={5})
    rows = {r[0]: r for r in _rows(after)}
    assert rows["Schmidt, Anna"][5] == "10.00" and rows["Becker, Ben"][5] == "6.00"
    assert rows["    Points Possible"][5] == "10.00"
    # not gradable: the cell stays as Canvas has it (a blank would clear Canvas' score)
    assert rows["Rossi, Carla"][5] == "7.00"
    assert rows["Müller, Jürgen"][5] == "" and rows["Student, Test"][5] == ""
    out = capsys.readouterr().out
    assert "leer gelassen  Rossi, Carla: Nicht bewertet" in out
    assert "Frida Fischer (40117)" in out  # not in Canvas' list: reported


def test_canvas_with_semicolons_and_decimal_commas(course):
    after = _export(
        course,
        "--assignment",
        "01_convolution",
        "--canvas",
        str(CANVAS_DE),
        "--column",
        "Faltung von Hand (1234)",
    )
    assert after.startswith(b"\xef\xbb\xbf")
    _unchanged_except(CANVAS_DE.read_bytes(), after, columns={5})
    rows = {r[0]: r for r in _rows(after, ";")}
    assert rows["Schmidt, Anna"][5] == "10,00" and rows["Becker, Ben"][5] == "6,00"


def test_canvas_names_the_assignment_columns_when_none_matches(course, capsys):
    code = main(["export", str(course), "--assignment", "01_convolution", "--canvas", str(CANVAS)])
    assert code == ExitCode.USAGE_ERROR
    err = capsys.readouterr().err
    assert "Faltung von Hand (1234), Parameter zählen (1235)" in err and "--column" in err


def test_ilias_status_file_is_filled_with_update_flags(course, capsys):
    before = ILIAS.read_bytes()
    after = _export(course, "--assignment", "01_convolution", "--ilias", str(ILIAS))
    _unchanged_except(before, after, columns={0, 5, 6, 8})
    assert all(f.quoted for row in CsvText.parse(after, "status.csv").rows for f in row)
    rows = {r[2]: r for r in _rows(after)}
    assert rows["aschmidt"][:7] == ["1", "6231", "aschmidt", "Schmidt", "Anna", "notgraded", "10"]
    assert rows["bbecker"][6] == "6" and "Kernel wurde gespiegelt" in rows["bbecker"][8]
    assert rows["crossi"][:7] == ["1", "6233", "crossi", "Rossi", "Carla", "notgraded", ""]
    assert "Nicht bewertet" in rows["crossi"][8]
    assert rows["jmueller"][0] == "0"  # no submission: the row is not updated


def test_ilias_status_follows_the_course_pass_mark(course):
    from grader.results.gradebook import Gradebook

    with Gradebook.open(course, write=False) as book:
        book.entries.set_setting("course", {"ilias_passed_at": 0.7})
    rows = {
        r[2]: r
        for r in _rows(_export(course, "--assignment", "01_convolution", "--ilias", str(ILIAS)))
    }
    assert rows["aschmidt"][5] == "passed" and rows["bbecker"][5] == "failed"
