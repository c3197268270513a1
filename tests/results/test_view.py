"""The gradebook view every page, table and export reads: the roster's name wherever a person is
shown, and the roster's ID number and e-mail in both CSVs."""

from __future__ import annotations

import csv
import io

from conftest import FIXTURES
from made_results import gradebook, result, stored, task

from grader.course.roster import read_roster
from grader.report.pages import write_reports
from grader.results.gradebook import Gradebook
from grader.results.view import read_course


def _course(tmp_path):
    out = gradebook(
        tmp_path / "out",
        [stored(s, result("01_convolution", (task("a", 1),))) for s in ("anna", "zoe")],
    )  # the folder names only: "Anna", "Zoe"
    with Gradebook.open(out, write=False) as book:
        book.entries.replace_roster(read_roster(FIXTURES / "lms" / "roster.csv").rows())
    return out


def _csv(path) -> dict[str, dict[str, str]]:
    rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    return {r["student"]: r for r in rows}


def test_the_roster_names_the_person_on_every_page_and_in_both_csvs(tmp_path):
    out = _course(tmp_path)
    names = {v.stored.student: v.stored.display_name for v in read_course(out).views}
    assert names == {"anna": "Anna Schmidt", "zoe": "Zoe"}  # Zoe: not in the roster
    write_reports(out, "de")
    for table in ("gradebook.csv", "gradebook_wide.csv"):
        rows = _csv(out / table)
        assert (rows["anna"]["name"], rows["anna"]["id_number"]) == ("Anna Schmidt", "11140101")
        assert rows["anna"]["email"] == "anna.schmidt@smail.th-koeln.de"
        assert (rows["zoe"]["name"], rows["zoe"]["id_number"], rows["zoe"]["email"]) == (
            "Zoe",
            "",
            "",
        )
    summary = (out / "index.html").read_text(encoding="utf-8")
    assert ">Anna Schmidt</a>" in summary
    page = next((out / "students").glob("anna-*.html")).read_text(encoding="utf-8")
    assert "<h1>Anna Schmidt " in page
