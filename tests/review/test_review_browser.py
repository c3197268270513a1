"""The review page in a real headless Chromium (driven by Playwright, the system's browser): an
instructor enters an override and manual grades through the forms; the gradebook has them, with
who and why, and the exported Moodle worksheets carry them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from lms.moodle_reader import moodle_reads

from grader.cli.main import ExitCode, main
from grader.results.gradebook import Gradebook
from grader.review.server import running

pytestmark = [pytest.mark.kernel, pytest.mark.browser]
LMS = FIXTURES / "lms"


@pytest.fixture
def graded_course(tmp_path: Path) -> Path:
    """A real batch: anna's and ben's warm-up answers (pending) and two 01 notebooks."""
    submissions = tmp_path / "submissions"
    for student, conv in (
        ("anna", ROOT / "reference"),
        ("ben", FIXTURES / "notebooks" / "01_convolution"),
    ):
        (submissions / student).mkdir(parents=True)
        source = conv / ("01_convolution.ipynb" if student == "anna" else "flipped-kernel.ipynb")
        (submissions / student / "01_convolution.ipynb").write_bytes(source.read_bytes())
        (submissions / student / "00_vorabfragen.ipynb").write_bytes(
            (ROOT / "reference" / "00_vorabfragen.ipynb").read_bytes()
        )
    out = tmp_path / "out"
    grade = ["grade", str(submissions), "--out", str(out), "--course", str(ROOT), "--seed", "3"]
    grade += ["--assignment", "00_vorabfragen", "--assignment", "01_convolution"]
    assert main(grade) == ExitCode.OK
    assert main(["roster", "import", str(LMS / "roster.csv"), str(out)]) == ExitCode.OK
    return out


def test_override_and_manual_grades_entered_in_chromium_reach_the_gradebook_and_moodle(
    chromium, graded_course, monkeypatch
):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("GRADER_AUTHOR", "Prof. Lee")
    out = graded_course
    with running(out, "de") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(url)
        assert "Durchsicht und Bewertung" in page.title()
        page.click("text=Ben")  # ben's first submission in the list: 00_vorabfragen
        page.goto(url + "s/ben/01_convolution")
        assert "Der Kernel wurde gespiegelt" in page.content()  # his feedback
        assert "def conv2d" in page.inner_text("#task-conv2d")  # and his code
        sobel = page.locator('section[data-task="sobel"] form')
        sobel.locator('input[name="points"]').fill("1")
        sobel.locator('textarea[name="reason"]').fill("Richtig bis aufs Vorzeichen")
        sobel.locator('button[type="submit"]').click()
        assert "Gespeichert" in page.inner_text(".saved")
        assert "Angepasst durch die Lehrperson: Richtig bis aufs Vorzeichen" in page.content()
        page.goto(url + "manual")
        assert "Eine Dense-Schicht verbindet jedes Neuron" in page.content()  # the answer text
        for task, points in (
            ("faltung_statt_dense", "2"),
            ("filter_feature_map", "1,5"),
            ("pooling", "2"),
        ):
            form = page.locator(f'section[data-student="anna"][data-task="{task}"] form')
            form.locator('input[name="points"]').fill(points)
            form.locator('button[type="submit"]').click()
            assert "Gespeichert" in page.inner_text(".saved")
        # the batch stored each question and its model answer from the reference: by question
        page.goto(url + "q/00_vorabfragen/pooling")
        assert "Frage 3: Was bringt Pooling?" in page.inner_text("#question")
        assert "halbiert es Höhe und Breite" in page.inner_text("#model-answer")
        assert page.locator("section.answer-item").count() == 2  # anna's and ben's
        browser.close()
        assert errors == []
    with Gradebook.open(out, write=False) as book:
        entries = {(a.student, a.task): a for a in book.entries.adjustments()}
    sobel = entries[("ben", "sobel")]
    assert (sobel.kind, sobel.points, sobel.automatic_points, sobel.author) == (
        "override",
        1.0,
        0.0,
        "Prof. Lee",
    )
    assert entries[("anna", "filter_feature_map")].points == 1.5
    worksheet = _worksheet(out, "01_convolution", "Grades-DL_SS26-Faltung von Hand-4711.csv", "en")
    assert worksheet["40102"][0] == 7.0 and "Richtig bis aufs Vorzeichen" in worksheet["40102"][1]
    assert worksheet["40101"][0] == 10.0
    warm_up = _worksheet(out, "00_vorabfragen", "Bewertungen-DL_SS26-Vorabfragen-4712.csv", "de")
    assert warm_up["40101"][0] == 5.5  # anna: graded by hand, complete
    assert warm_up["40102"][0] is None and "Noch keine Note" in warm_up["40102"][1]  # ben: pending


def _worksheet(out: Path, assignment: str, name: str, lang: str) -> dict:
    """The Moodle worksheet filled by `grader export`, as Moodle's upload reads it."""
    args = ["export", str(out), "--assignment", assignment, "--moodle-worksheet", str(LMS / name)]
    assert main(args) == ExitCode.OK
    return moodle_reads((out / "exports" / name).read_bytes(), lang)
