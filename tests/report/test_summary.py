"""The course summary, for an instructor who decides something from it: per assignment on its
own maximum, numbers as the report language writes them, a leaderboard only where the course
opts in, and a page that works on a phone with links that lead somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from made_results import gradebook, result, stored, task

from grader.report.pages import write_reports
from grader.results.gradebook import Gradebook


def _course(out: Path, leaderboard: bool) -> Path:
    gradebook(
        out,
        [
            stored("anna", result("01_convolution", (task("conv2d", 3, 3), task("sobel", 1)))),
            stored(
                "ben",
                result(
                    "01_convolution",
                    (task("conv2d", 1.5, 3, mistake=True), task("sobel", 0, mistake=True)),
                ),
            ),
            stored(
                "anna", result("04_fashion_mnist_cnn", (task("data_split", 2, 2),), accuracy=0.9312)
            ),
            stored(
                "ben", result("04_fashion_mnist_cnn", (task("data_split", 2, 2),), accuracy=0.9248)
            ),
            stored(
                "carl", result("04_fashion_mnist_cnn", (task("data_split", 1, 2),), accuracy=0.9312)
            ),
            stored("anna", result("00_vorabfragen", (task("pooling", 0, 2, pending=True),))),
        ],
    )
    if leaderboard:
        with Gradebook.open(out, write=False) as book:
            book.entries.set_setting("course", {"leaderboard": ["04_fashion_mnist_cnn"]})
    return out


def _section(page: str, assignment: str) -> str:
    return re.search(
        rf'<section class="assignment" id="a-{assignment}".*?</section>', page, re.DOTALL
    ).group(0)


@pytest.mark.parametrize(
    ("lang", "mean", "average"), [("de", "2,8", "2,25/3"), ("en", "2.8", "2.25/3")]
)
def test_numbers_per_assignment_in_the_report_language(tmp_path, lang, mean, average):
    page = write_reports(_course(tmp_path, False), lang).read_text()
    conv = _section(page, "01_convolution")
    assert f'<strong class="mean">{mean}</strong>' in conv  # (4 + 1.5) / 2 = 2.75, rounded half up
    assert re.search(rf'<td class="num"[^>]*>{re.escape(average)}</td>', conv)
    assert ">0</text>" in conv and ">4</text>" in conv  # the histogram spans 0 to its own maximum
    full = {"de": "volle Punktzahl (4): 1", "en": "full marks (4): 1"}[lang]
    assert f'class="full-marks"><title>{full}</title>' in conv  # 4 of 4 is its own bar
    warm_up = _section(page, "00_vorabfragen")
    assert re.search(r"\(1\)</h3>\s*<ul class=\"pending\">", warm_up)
    assert "leaderboard" not in page  # not opted in


def test_the_leaderboard_is_anonymous_and_each_student_sees_their_rank(tmp_path):
    out = _course(tmp_path, True)
    page = write_reports(out, "de").read_text()
    board = re.search(r'<table class="leaderboard">.*?</table>', page, re.DOTALL).group(0)
    cells = r'<td class="num"[^>]*>(\d)</td><td class="num"[^>]*>([\d,]+)</td>'
    assert re.findall(cells, board) == [
        ("1", "0,9312"),
        ("1", "0,9312"),
        ("3", "0,9248"),
    ]
    assert "Anna" not in board and "ben" not in board.lower()
    ben = next((out / "students").glob("ben-*.html")).read_text()
    assert "Bestenliste: Platz 3 von 3 (vom Grader gemessene Testgenauigkeit 0,9248)." in ben


@pytest.mark.browser
def test_the_summary_works_on_a_phone_and_every_link_leads_somewhere(tmp_path, chromium):
    from playwright.sync_api import sync_playwright

    out = _course(tmp_path, True)
    (out / "exports").mkdir()
    (out / "exports" / "Grades-DL-4711.csv").write_text("Identifier\n")
    index = write_reports(out, "de")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(index.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        browser.close()
    files = [link for link in links if not link.startswith("#")]
    assert "exports/Grades-DL-4711.csv" in files and "gradebook.csv" in files
    for link in files:
        assert (out / link).is_file(), link
    anchors = [link[1:] for link in links if link.startswith("#")]
    assert anchors and all(f'id="{a}"' in index.read_text() for a in anchors)


@pytest.mark.parametrize(("lang", "said"), [("de", "unbekannte Datei"), ("en", "unknown file")])
def test_a_file_discovery_could_not_place_is_explained_in_the_report_language(tmp_path, lang, said):
    out = _course(tmp_path, False)
    with Gradebook.open(out) as book:  # as `grader grade` stores discovery's reason
        book.replace_unplaced([("submissions/anna/notes.txt", "unknown file")])
    page = write_reports(out, lang).read_text()
    row = page.split("<code>submissions/anna/notes.txt</code>")[1].split("</tr>")[0]
    assert said in row and (lang == "en" or "unknown file" not in row)
