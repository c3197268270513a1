"""Moodle's grading worksheet, round trip: filled for the students the gradebook knows, every
other byte as Moodle wrote it, read back the way Moodle's upload reads it."""

from __future__ import annotations

import csv
import io

import pytest

from grader.cli.main import ExitCode, main
from grader.intake.csvfile import CsvText
from lms.conftest import LMS
from lms.moodle_reader import moodle_reads

WORKSHEET = LMS / "Grades-DL_SS26-Faltung von Hand-4711.csv"
GERMAN = LMS / "Bewertungen-DL_SS26-Vorabfragen-4712.csv"
EXCEL = LMS / "Grades-excel-de-resaved.csv"


def _export(course, *args: str) -> bytes:
    assert main(["export", str(course), *args]) == ExitCode.OK
    return next((course / "exports").glob("*.csv")).read_bytes()


def _unchanged_except(
    before: bytes, after: bytes, columns: set[int], encoding="utf-8", delimiter=","
):
    """Every line that has no changed cell is byte for byte the same; in the others, every cell
    but the changed ones keeps its exact text (quotes included)."""
    old = CsvText.parse(before, "before")
    new = CsvText.parse(after, "after")
    assert len(old.rows) == len(new.rows) and old.dialect == new.dialect
    for r, (a, b) in enumerate(zip(old.rows, new.rows, strict=True)):
        assert len(a) == len(b)
        for c, (fa, fb) in enumerate(zip(a, b, strict=True)):
            if c not in columns or r == 0:
                assert old.text[fa.start : fa.end] == new.text[fb.start : fb.end], (r, c)
    # and between the fields: delimiters and line ends exactly where they were
    gaps_old = [
        old.text[a[-1].end : (old.rows[i + 1][0].start if i + 1 < len(old.rows) else len(old.text))]
        for i, a in enumerate(old.rows)
    ]
    gaps_new = [
        new.text[a[-1].end : (new.rows[i + 1][0].start if i + 1 < len(new.rows) else len(new.text))]
        for i, a in enumerate(new.rows)
    ]
    assert gaps_old == gaps_new


def test_the_worksheet_is_filled_and_every_untouched_byte_kept(course, capsys):
    before = WORKSHEET.read_bytes()
    after = _export(course, "--assignment", "01_convolution", "--moodle-worksheet", str(WORKSHEET))
    assert after.startswith(b"\xef\xbb\xbf") and b"\r\n" not in after  # Spout's BOM, "\n"
    _unchanged_except(before, after, columns={4, 9})
    read = moodle_reads(after, "en")
    assert read["40101"][0] == 10.0  # anna, with her override
    assert "adjusted by the instructor" not in read["40101"][1]  # German comments (default)
    assert "angepasst durch die Lehrperson: Rechenweg richtig" in read["40101"][1]
    assert read["40102"][0] == 6.0 and "Kernel wurde gespiegelt" in read["40102"][1]
    assert read["40105"][0] == 8.0
    assert read["40117"][0] == 7.5  # Frida: her download folder number, no roster entry needed
    # ungradable and no submission: empty (Moodle skips an empty grade), the status in the comment
    assert read["40103"][0] is None and "Nicht bewertet (nicht bewertbar)" in read["40103"][1]
    assert read["40120"] == (None, "<p>Keine Abgabe beim Grader eingegangen.</p>")
    assert read["40121"] == (
        None,
        "<p>Abgabe bitte nachreichen, Frist: 11. Mai</p>",
    )  # own comment stays
    text = after.decode("utf-8-sig")
    assert (
        '"Participant 40101","Anna Schmidt",anna.schmidt@smail.th-koeln.de,'
        '"Submitted for grading",10.00,10.00,' in text
    )
    out = capsys.readouterr().out
    assert "4 Noten eingetragen" in out  # anna, ben, emil, frida (German, the default)
    assert "nicht in der Datei (keine Note exportiert): Zoe Zander (zoe)" in out  # never dropped


def test_the_comment_is_html_with_student_text_escaped(course):
    after = _export(
        course,
        "--assignment",
        "01_convolution",
        "--moodle-worksheet",
        str(WORKSHEET),
        "--lang",
        "en",
    )
    comment = moodle_reads(after, "en")["40102"][1]
    assert comment.startswith("<p>01_convolution: 6 of 10 points.</p><p>Titel conv2d: 3/3</p>")
    assert "<script>" not in comment


def test_a_german_worksheet_gets_decimal_commas_and_incomplete_totals_stay_empty(course):
    after = _export(course, "--assignment", "00_vorabfragen", "--moodle-worksheet", str(GERMAN))
    _unchanged_except(GERMAN.read_bytes(), after, columns={4, 9})
    read = moodle_reads(after, "de")
    assert read["40101"][0] == 5.5  # three manual grades: complete
    assert 'Teilnehmer/in40101,"Anna Schmidt"' in after.decode("utf-8-sig")
    assert '"5,50"' in after.decode("utf-8-sig")  # as Moodle writes 6,00, quoted like it
    assert read["40102"][0] is None and "Noch keine Note" in read["40102"][1]  # pending: empty
    assert read["40103"][0] == 0.0  # answered nothing: a complete 0, not pending
    assert read["40120"][0] is None


def test_a_worksheet_a_german_excel_saved_keeps_its_encoding_and_delimiter(course, capsys):
    before = EXCEL.read_bytes()
    after = _export(course, "--assignment", "01_convolution", "--moodle-worksheet", str(EXCEL))
    assert not after.startswith(b"\xef\xbb\xbf") and after.count(b"\r\n") == before.count(b"\r\n")
    _unchanged_except(before, after, columns={4, 9})
    rows = list(csv.reader(io.StringIO(after.decode("cp1252"), newline=""), delimiter=";"))
    assert rows[3][1] == "Jürgen Müller"  # umlauts intact in Windows-1252
    assert rows[1][4] == "10" and rows[2][4] == "6"  # no decimals shown: none written
    assert "Kernel wurde gespiegelt" in rows[2][9]


NOT_A_WORKSHEET = {
    "de": "sieht nicht aus wie eine Moodle-Bewertungstabelle (keine Spalte für identifier, grade,",
    "en": "not a Moodle grading worksheet (no column for identifier, grade, modified",
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_file_that_is_not_a_worksheet_is_refused_with_what_it_lacks(
    course, tmp_path, capsys, lang
):
    other = tmp_path / "other.csv"
    other.write_text("Name,Points\nanna,3\n")
    argv = ["export", str(course), "--assignment", "01_convolution", "--moodle-worksheet"]
    code = main([*argv, str(other), "--lang", lang])
    assert code == ExitCode.USAGE_ERROR
    assert NOT_A_WORKSHEET[lang] in capsys.readouterr().err


def test_moodle_gradebook_import_is_keyed_by_the_roster_and_lists_the_unknown(course, capsys):
    data = _export(course, "--assignment", "01_convolution", "--moodle-import", "email")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["Email address", "Full name", "01_convolution", "Feedback: 01_convolution"]
    by_mail = {r[0]: r for r in rows[1:]}
    assert by_mail["anna.schmidt@smail.th-koeln.de"][2] == "10.00"
    assert by_mail["carla.rossi@smail.th-koeln.de"][2] == ""  # not graded: empty, never 0
    out = capsys.readouterr().out
    assert "Frida Fischer (40117)" in out and "Zoe Zander (zoe)" in out  # no e-mail: listed
