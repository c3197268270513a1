"""A course of 200 graded through the review page in a real headless Chromium: the overview of
600 submissions opened and filtered to the 00 answers that wait, then one 00 question graded for
every student in the by-question view, by keyboard only (j to the next answer, the points typed,
Enter saves, the page comes back to that answer); the Moodle worksheet then holds those points.
Prints the time each step took (pytest -s shows it)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from browser import watched_page
from course_of_200 import WARM_UP, N, build, students
from lms.moodle_reader import moodle_reads

from grader.cli.main import ExitCode, main
from grader.results.adjust import MANUAL, Adjustment
from grader.results.gradebook import Gradebook
from grader.results.view import read_course
from grader.review.server import running

pytestmark = [
    pytest.mark.kernel,
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.xdist_group("course-of-200"),
]
QUESTION = "faltung_statt_dense"  # answered by most: 5 of the 6 kinds of 00
EARLIER = 1.5  # what the instructor gave the two other questions before
POINTS = ("2", "1,5", "1", "0,5", "0")


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("course200")
    out = build(folder)
    # the two other questions were graded before (this test grades the third through the page)
    with Gradebook.open(out, write=False) as book:
        for view in read_course(out, write=False).views:
            if view.stored.assignment != WARM_UP:
                continue
            for grade in view.tasks:
                if grade.pending and grade.result.task != QUESTION:
                    item = view.stored
                    book.entries.adjust(
                        Adjustment(item.student, WARM_UP, grade.result.task, MANUAL, EARLIER,
                                   0.0, item.content_hash, "", "lee", "t")
                    )  # fmt: skip
    return folder


def _waiting(out: Path) -> dict[str, dict[str, float | None]]:
    """Per student: each 00 task's points as they stand (None: waits for the instructor)."""
    return {
        v.stored.student: {t.result.task: None if t.pending else t.points for t in v.tasks}
        for v in read_course(out, write=False).views
        if v.stored.assignment == WARM_UP
    }


def test_a_course_of_200_graded_by_question_by_keyboard_reaches_moodle(chromium, course):
    from playwright.sync_api import sync_playwright

    out = course / "out"
    before = _waiting(out)
    waiting = sorted(s for s, tasks in before.items() if tasks[QUESTION] is None)
    assert len(before) == N and len(waiting) >= N // 2
    typed: dict[str, float] = {}
    timings: dict[str, float] = {}
    with running(out, "de") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page, errors = watched_page(browser, 1280, 900)

        started = time.perf_counter()
        page.goto(url)
        timings["open the overview (600 submissions)"] = time.perf_counter() - started
        assert page.locator("#submissions tbody tr").count() == 3 * N

        started = time.perf_counter()
        page.select_option("select[name=assignment]", WARM_UP)
        page.select_option("select[name=status]", "PENDING")
        with page.expect_navigation():
            page.click("form.filter button[type=submit]")
        timings["filter it (00, pending)"] = time.perf_counter() - started
        pending_00 = {s for s, tasks in before.items() if None in tasks.values()}
        assert page.locator("#submissions tbody tr").count() == len(pending_00)

        page.goto(url + f"q/{WARM_UP}/{QUESTION}")
        items = page.eval_on_selector_all(
            "section[data-nav]",
            "els => els.map(e => [e.id, e.dataset.student, e.hasAttribute('data-waiting')])",
        )
        assert sorted(s for _, s, w in items if w) == waiting
        started = time.perf_counter()
        for position, (anchor, student, answer_waits) in enumerate(items):
            page.keyboard.press("j")
            focused = page.evaluate("document.activeElement.closest('section').id")
            assert focused == anchor
            if not answer_waits:
                continue  # an unanswered question: 0 points already, nothing to grade
            points = POINTS[position % len(POINTS)]
            page.keyboard.type(points)
            with page.expect_navigation():
                page.keyboard.press("Enter")
            assert page.evaluate("location.hash") == f"#{anchor}"
            typed[student] = float(points.replace(",", "."))
        timings[f"grade {QUESTION} for all ({len(typed)} answers)"] = time.perf_counter() - started
        assert "0 warten auf Punkte" in page.inner_text("#progress")
        browser.close()
    assert errors == []
    started = time.perf_counter()
    sheet = course / "Bewertungen-DL_SS26-Vorabfragen-4712.csv"
    args = ["export", str(out), "--assignment", WARM_UP, "--moodle-worksheet", str(sheet)]
    assert main(args) == ExitCode.OK
    timings["export the Moodle worksheet"] = time.perf_counter() - started
    moodle = moodle_reads((out / "exports" / sheet.name).read_bytes(), "de")
    by_participant = {s.participant: s.id for s in students()}
    for participant, (grade, _comment) in moodle.items():
        student = by_participant[participant]
        tasks = before[student]
        expected = sum(
            (typed[student] if task == QUESTION else EARLIER) if points is None else points
            for task, points in tasks.items()
        )
        assert grade == pytest.approx(expected), student
    assert len(moodle) == N
    for step, seconds in timings.items():
        print(f"{step}: {seconds:.2f} s")
    grading = next(v for k, v in timings.items() if k.startswith("grade"))
    print(f"per answer: {grading / len(typed):.2f} s")
