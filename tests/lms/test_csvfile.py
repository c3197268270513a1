"""Editing an LMS's CSV cell by cell: the file's own encoding, delimiter, line ends and quoting."""

from __future__ import annotations

import pytest

from grader.intake.csvfile import CsvProblem, CsvText, Quoting, decimal_style, number


def test_fields_know_where_they_are_and_a_change_touches_nothing_else():
    data = b'a,"b c",d\r\n1,"x, ""y""",\r\n2,,last'
    sheet = CsvText.parse(data, "t.csv")
    assert sheet.values(1) == ["1", 'x, "y"', ""] and sheet.values(2) == ["2", "", "last"]
    assert (sheet.dialect.newline, sheet.dialect.quoting) == ("\r\n", Quoting.SPACES)
    edited, lossy = sheet.edited({(1, 2): "neu wert", (2, 1): "z"})
    assert edited == b'a,"b c",d\r\n1,"x, ""y""","neu wert"\r\n2,z,last' and lossy == 0


def test_a_new_multi_line_value_is_quoted_with_the_files_line_end():
    sheet = CsvText.parse(b"id;comment\r\n1;\r\n", "t.csv")
    edited, _ = sheet.edited({(1, 1): "Zeile 1\nZeile 2"})
    assert edited == b'id;comment\r\n1;"Zeile 1\r\nZeile 2"\r\n'


def test_windows_1252_keeps_umlauts_and_counts_what_it_cannot_hold():
    sheet = CsvText.parse("Name;Note\r\nJürgen;\r\n".encode("cp1252"), "t.csv")
    assert sheet.dialect.encoding == "cp1252" and sheet.values(1)[0] == "Jürgen"
    edited, lossy = sheet.edited({(1, 1): "Größe → ok, Şahin"})
    assert edited.decode("cp1252") == "Name;Note\r\nJürgen;Größe -> ok, ?ahin\r\n" and lossy == 1


def test_every_field_quoted_stays_every_field_quoted():
    sheet = CsvText.parse(b'"a","b"\n"1",""\n', "t.csv")
    assert sheet.dialect.quoting == Quoting.ALL
    assert sheet.edited({(1, 1): "7"})[0] == b'"a","b"\n"1","7"\n'


@pytest.mark.parametrize(
    ("samples", "delimiter", "style"),
    [
        (["10.00"], ",", (".", 2)),
        (["6,00"], ",", (",", 2)),
        (["10"], ";", (",", None)),
        ([], ",", (".", None)),
    ],
)
def test_numbers_are_written_as_the_file_writes_them(samples, delimiter, style):
    assert decimal_style(samples, delimiter) == style
    decimal, decimals = style
    assert number(7.5, decimal, decimals) in ("7.50", "7,50", "7,5", "7.5")


def test_broken_csv_names_the_file():
    with pytest.raises(CsvProblem, match=r"t\.csv: line 1: a quoted field opened here is never"):
        CsvText.parse(b'a,"b\n', "t.csv")
    with pytest.raises(CsvProblem, match=r"t\.csv: the file is empty"):
        CsvText.parse(b"\xef\xbb\xbf\n", "t.csv")
