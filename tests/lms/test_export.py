"""Every file in exports/ records what it was made from; the summary marks it stale as soon as
the gradebook's grades of its assignment change (an override, a manual grade), and current again
once it is exported anew."""

from __future__ import annotations

import re

from grader.cli.main import ExitCode, main
from lms.test_moodle import WORKSHEET

MADE = "Grades-DL_SS26-Faltung von Hand-4711.csv"


def _note(course, name: str) -> str:
    summary = (course / "index.html").read_text(encoding="utf-8")
    item = re.search(
        rf'<li class="export[^"]*"><a href="exports/{re.escape(name)}">.*?</li>', summary
    )
    assert item is not None, summary
    return item.group(0)


def _export(course, *extra: str) -> None:
    args = ["export", str(course), "--assignment", "01_convolution"]
    assert main([*args, "--moodle-worksheet", str(WORKSHEET), *extra]) == ExitCode.OK


def test_an_export_is_marked_stale_after_an_override_and_current_after_the_next(course):
    _export(course)
    assert main(["report", str(course), "--lang", "en"]) == ExitCode.OK
    assert "the grades have not changed since" in _note(course, MADE)
    assert main(["report", str(course)]) == ExitCode.OK
    assert "die Noten sind seitdem unverändert" in _note(course, MADE)
    assert "VERALTET" not in _note(course, MADE)
    override = ["override", str(course), "ben", "01_convolution", "sobel", "1"]
    assert main([*override, "--reason", "Vorzeichen egal", "--by", "lee"]) == ExitCode.OK
    stale = _note(course, MADE)
    assert 'class="export stale"' in stale
    assert "VERALTET: Die Noten von 01_convolution haben sich seit diesem Export" in stale
    _export(course)
    assert "VERALTET" not in _note(course, MADE)


def test_a_manual_grade_of_another_assignment_leaves_the_export_current(course):
    _export(course)
    manual = ["override", str(course), "ben", "00_vorabfragen", "a", "2", "--reason", "gut"]
    assert main(manual) == ExitCode.OK
    assert "die Noten sind seitdem unverändert" in _note(course, MADE)


def test_a_file_without_a_record_is_not_called_current(course, tmp_path):
    _export(course, "-o", str(tmp_path / "elsewhere.csv"))  # not in exports/: not recorded
    (course / "exports").mkdir()
    (course / "exports" / "by-hand.csv").write_text("Identifier,Grade\n")
    assert main(["report", str(course)]) == ExitCode.OK
    assert "ob sie aktuell ist, ist unbekannt" in _note(course, "by-hand.csv")
