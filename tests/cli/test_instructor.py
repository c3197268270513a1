"""The instructor's commands after grading, as an instructor calls them: `grader roster import`
merges (a short file updates, it never shrinks the roster) and says what it did, in the
language asked for."""

from __future__ import annotations

import pytest
from conftest import FIXTURES
from made_results import gradebook, result, stored, task

from grader.cli.main import ExitCode, main
from grader.results.gradebook import Gradebook


def test_roster_import_merges_and_reports_added_changed_kept(tmp_path, capsys):
    out = gradebook(
        tmp_path / "out",
        [stored(s, result("01_convolution", (task("a", 1),))) for s in ("anna", "ben", "zoe")],
    )
    roster = FIXTURES / "lms" / "roster.csv"
    assert main(["roster", "import", str(roster), str(out), "--lang", "en"]) == ExitCode.OK
    first = capsys.readouterr().out
    assert "5 added, 0 changed, 0 kept; 5 students in all" in first
    assert "submission not in the roster: zoe" in first
    short = tmp_path / "two.csv"
    short.write_text("student_id,email\n11140102,ben@neu.de\n11149999,zoe@x.de\n")
    assert main(["roster", "import", str(short), str(out)]) == ExitCode.OK
    second = capsys.readouterr().out
    assert "1 hinzugefügt, 1 geändert, 4 unverändert; 6 Studierende insgesamt" in second
    assert "hinzugefügt: 11149999" in second and "geändert: 11140102" in second
    with Gradebook.open(out, write=False) as book:
        assert len(book.entries.roster()) == 6  # nobody dropped


UNCLOSED = {
    "de": "broken.csv: Zeile 3: ein hier geöffnetes Anführungszeichen wird nie geschlossen",
    "en": "broken.csv: line 3: a quoted field opened here is never closed",
}
DUPLICATE = {
    "de": "twice.csv: Zeile 3: student_id 1 steht zweimal in der Datei",
    "en": "twice.csv: line 3: student_id 1 twice",
}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_roster_with_an_unclosed_quote_names_its_line(tmp_path, capsys, lang):
    out = gradebook(tmp_path / "out", [stored("anna", result("01_convolution", (task("a", 1),)))])
    broken = tmp_path / "broken.csv"
    broken.write_text('student_id,name\n1,A\n2,"B\n3,C\n')
    argv = ["roster", "import", str(broken), str(out), "--lang", lang]
    assert main(argv) == ExitCode.USAGE_ERROR
    assert capsys.readouterr().err == f"grader: {tmp_path / UNCLOSED[lang]}\n"
    twice = tmp_path / "twice.csv"
    twice.write_text("student_id,name\n1,A\n1,B\n")
    assert main(["roster", "import", str(twice), str(out), "--lang", lang]) == ExitCode.USAGE_ERROR
    assert capsys.readouterr().err == f"grader: {tmp_path / DUPLICATE[lang]}\n"
