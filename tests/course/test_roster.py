"""The roster maps submission ids to LMS identities; a bad roster names the file and line."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from grader.course.roster import merge, read_roster
from grader.intake.csvfile import CsvProblem


def test_the_fixture_roster_maps_folder_names_and_lms_ids():
    roster = read_roster(FIXTURES / "lms" / "roster.csv")
    anna = roster.of_submission("anna")
    assert anna is not None and anna.moodle_participant == "40101"
    assert roster.of_submission("40101") == anna  # a Moodle download folder's number
    assert roster.find("email", "ANNA.SCHMIDT@smail.th-koeln.de") == anna
    assert roster.find("canvas_user_id", "5501") == anna
    assert roster.of_submission("40117") is None  # Frida is not in it


def test_german_headers_and_semicolons_are_read(tmp_path):
    path = tmp_path / "kursliste.csv"
    path.write_bytes(
        "Matrikelnummer;Vollständiger Name;E-Mail-Adresse\r\n111;Jürgen Müller;j@x.de\r\n".encode(
            "cp1252"
        )
    )
    [entry] = read_roster(path).entries
    assert (entry.student_id, entry.name, entry.email) == ("111", "Jürgen Müller", "j@x.de")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name,email\nA,a@x\n", "no student_id column"),
        ("student_id,name\n1,A\n1,B\n", "line 3: student_id 1 twice"),
        ("student_id,name\n,A\n", "line 2: no student_id"),
        ('student_id,name\n1,A\n2,"B\n3,C\n', "line 3: a quoted field opened here is never"),
    ],
)
def test_a_bad_roster_names_the_file_and_the_line(tmp_path, text, message):
    path = tmp_path / "roster.csv"
    path.write_text(text)
    with pytest.raises(CsvProblem, match=message):
        read_roster(path)


def test_a_short_file_merges_into_the_roster_and_drops_nobody(tmp_path):
    stored = read_roster(FIXTURES / "lms" / "roster.csv")
    short = tmp_path / "two.csv"
    short.write_text(
        "student_id,name,email\n"
        "11140101,Anna Schmidt,anna.schmidt@smail.th-koeln.de\n"  # as stored, fewer columns
        "11140102,Ben Becker,ben@neu.de\n"  # a new e-mail address
        "11149999,Neu Student,neu@x.de\n"
    )
    merged = merge(stored, read_roster(short))
    assert (merged.added, merged.changed, merged.kept) == (
        ("11149999",),
        ("11140102",),
        ("11140101",),
    )
    assert len(merged.roster.entries) == len(stored.entries) + 1  # nobody dropped
    assert merged.untouched == tuple(e.student_id for e in stored.entries[2:])
    ben = merged.roster.of_submission("ben")  # his aliases and LMS ids stay
    assert ben is not None and (ben.email, ben.moodle_participant) == ("ben@neu.de", "40102")
    again = merge(merged.roster, read_roster(short))
    assert (again.added, again.changed) == ((), ())
