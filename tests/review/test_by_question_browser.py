"""Grading by question in a real headless Chromium (Playwright, the system's browser), by
keyboard only: j to the next answer, the points typed, Enter to save; the page comes back to the
answer just saved, an error is shown there with the comment kept, n / p go to the neighbours."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import watched_page

from grader.results.gradebook import Gradebook
from grader.review.server import running
from review.warm_up import ASSIGNMENT, warm_up_course

pytestmark = [pytest.mark.browser]
STUDENTS = [("zoe", "Zoe Zander"), ("ben", "Ben Becker"), ("anna", "Anna Schmidt")]


def _place(page) -> dict:
    """Which answer the cursor is in, the address's anchor, and where that answer is on screen."""
    return page.evaluate(
        """() => {
        const field = document.activeElement;
        const item = location.hash ? document.querySelector(location.hash) : null;
        return {
            focused: field && field.closest("section") ? field.closest("section").id : null,
            field: field ? field.name || null : null,
            hash: location.hash,
            top: item ? Math.round(item.getBoundingClientRect().top) : null,
            scrolled: window.scrollY,
        };
    }"""
    )


def _in_view(place: dict) -> bool:
    """The answer is at the top of the window (or as near as the page's end lets it come)."""
    return -5 <= place["top"] < 250


def test_one_question_graded_by_keyboard_keeps_its_place(chromium, tmp_path: Path):
    from playwright.sync_api import sync_playwright

    out = warm_up_course(tmp_path / "out", STUDENTS, not_gradable="carla")
    with running(out, "de") as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page, errors = watched_page(browser, 1000, 700)
        page.goto(url + f"q/{ASSIGNMENT}/filter_feature_map")
        page.keyboard.press("j")
        assert _place(page)["focused"] == "a-anna" and _place(page)["field"] == "points"
        page.keyboard.type("2")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        place = _place(page)
        assert place["hash"] == "#a-anna" and place["scrolled"] > 0 and _in_view(place)
        assert "Gespeichert" in page.inner_text("#a-anna .saved")
        page.keyboard.press("j")  # ben: carla's submission has no answer to grade, skipped
        assert _place(page)["focused"] == "a-ben"
        page.keyboard.type("7")
        page.keyboard.press("Tab")
        page.keyboard.type("Beispiel fehlt, j und k erklären")
        page.keyboard.press("Tab")
        with page.expect_navigation():
            page.keyboard.press("Enter")  # on the save button
        place = _place(page)
        assert place["hash"] == "#a-ben" and _in_view(place)
        problem = page.inner_text("#a-ben .problem")
        assert "Nicht gespeichert: Filter und Feature Map (filter_feature_map)" in problem
        assert "7 liegt nicht zwischen 0 und 2" in problem
        assert (
            page.input_value("#a-ben textarea[name=reason]") == "Beispiel fehlt, j und k erklären"
        )
        page.keyboard.press("j")
        field = page.locator("#a-ben input[name=points]")
        field.fill("1,5")  # corrected; the comment typed before is still there
        with page.expect_navigation():
            field.press("Enter")
        assert _place(page)["hash"] == "#a-ben"
        page.keyboard.press("j")
        page.keyboard.press("j")  # zoe, the last: j stays there
        assert _place(page)["focused"] == "a-zoe"
        page.keyboard.press("k")  # from within the points field: a command, not text
        assert _place(page)["focused"] == "a-ben"
        assert page.input_value("#a-zoe input[name=points]") == ""
        page.keyboard.press("Escape")
        with page.expect_navigation():
            page.keyboard.press("n")
        assert page.url.endswith(f"q/{ASSIGNMENT}/pooling")
        with page.expect_navigation():
            page.keyboard.press("p")
        assert page.url.endswith(f"q/{ASSIGNMENT}/filter_feature_map")
        page.goto(url + f"s/ben/{ASSIGNMENT}")
        with page.expect_navigation():
            page.keyboard.press("n")
        assert page.url.endswith(f"s/carla/{ASSIGNMENT}")
        browser.close()
    assert errors == []
    # the server re-rendered the static reports in the background; stopped, they hold every save
    student_page = next((out / "students").glob("ben-*.html")).read_text(encoding="utf-8")
    assert "Beispiel fehlt, j und k erklären" in student_page
    with Gradebook.open(out, write=False) as book:
        entries = {(a.student, a.task): (a.points, a.reason) for a in book.entries.adjustments()}
    assert entries == {
        ("anna", "filter_feature_map"): (2.0, ""),
        ("ben", "filter_feature_map"): (1.5, "Beispiel fehlt, j und k erklären"),
    }
