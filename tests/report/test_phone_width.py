"""The student pages and the course summary on a phone: at a 390 px wide viewport (an iPhone's)
nothing but a code block is wider than the screen, so nothing scrolls sideways and no column is
cut off. Measured in headless Chromium: a small script, put into a copy of each generated page,
logs the document's scroll width and every element (outside pre/code) wider than the viewport.

The pages are those of a real batch (the demo course's 00, 01 and 02: feedback, heat maps, files
that could not be placed with their long paths), graded once for the module, plus stored results
of every status and task state with learning curves, and a student whose answer and id are long
unbroken strings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import DEMO, ROOT
from made_results import result, stored

from grader.cli.main import ExitCode, main
from grader.report.pages import write_reports
from grader.results.gradebook import Gradebook
from grader.results.records import CheckResult, Stored, TaskResult, TaskStatus
from grader.rules.base import Outcome
from grader.text.messages import msg
from grader.text.numbers import Count
from report.test_every_state import every_result

pytestmark = [pytest.mark.kernel, pytest.mark.browser, pytest.mark.xdist_group("phone-width")]
PHONE = {"width": 390, "height": 844}
MEASURE = """<script>
(function () {
  var viewport = document.documentElement.clientWidth;
  var wide = [];
  document.querySelectorAll("body *").forEach(function (el) {
    if (el.closest("pre, code")) { return; }
    var box = el.getBoundingClientRect();
    if (box.width > viewport + 0.5 || box.right > viewport + 0.5 || box.left < -0.5) {
      wide.push(el.tagName.toLowerCase() + "." + (el.getAttribute("class") || "") + " "
        + Math.round(box.left) + ".." + Math.round(box.right));
    }
  });
  console.log("MEASURED " + JSON.stringify({
    scrollWidth: document.documentElement.scrollWidth, viewport: viewport, wide: wide
  }));
}());
</script>"""
LONG = "https://example.org/" + "sehr-lange-adresse-ohne-leerzeichen" * 8


def _long_strings() -> Stored:
    """A free-text answer and a student id that are one long word each (a pasted link)."""
    outcome = Outcome(0.0, msg("free_text.pending", words=Count(1)), found=LONG, pending=True)
    check = CheckResult("frage/antwort", "M100", 0.0, 2.0, False, False, outcome)
    task = TaskResult("frage", "Frage " + "x" * 80, 0.0, 2.0, TaskStatus.PENDING, (check,))
    return stored("a" * 70, result("00_vorabfragen", (task,), max_points=2.0), name="B" * 60)


@pytest.fixture(scope="module")
def graded_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("phone") / "out"
    grade = ["grade", str(DEMO), "--out", str(out), "--course", str(ROOT), "--seed", "1"]
    for assignment in ("00_vorabfragen", "01_convolution", "02_parameters"):
        grade += ["--assignment", assignment]
    assert main(grade) == ExitCode.OK
    with Gradebook.open(out) as book:
        for index, made in enumerate(every_result()):
            student = f"state{index}"
            book.record(Stored(student, student, made.assignment, "h", "v", "r", "t", 1, made))
        book.record(_long_strings())
    return out


def _measure(page, path: Path) -> dict:
    """Opens a copy of ``path`` with the measuring script and returns what it logged."""
    copy = path.with_name(f"{path.stem}.measured.html")
    copy.write_text(path.read_text(encoding="utf-8").replace("</body>", MEASURE + "</body>"))
    logged: list[str] = []
    page.on("console", lambda m: logged.append(m.text))
    try:
        page.goto(copy.as_uri())
    finally:
        copy.unlink()
    [line] = [m for m in logged if m.startswith("MEASURED ")]
    return json.loads(line.removeprefix("MEASURED "))


@pytest.fixture
def phone(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield lambda: browser.new_page(viewport=PHONE)
        browser.close()


def test_the_measurement_sees_what_is_too_wide_and_lets_code_scroll(phone, tmp_path):
    page = tmp_path / "control.html"
    page.write_text(
        '<!DOCTYPE html><html><head><meta name="viewport" content="width=device-width">'
        '</head><body><table><tr><td style="white-space:nowrap">' + "wide " * 60 + "</td></tr>"
        "</table><pre>" + "code " * 60 + "</pre></body></html>"
    )
    measured = _measure(phone(), page)
    assert measured["viewport"] == 390 and measured["scrollWidth"] > 390
    assert any(w.startswith("td.") for w in measured["wide"])
    assert not any(w.startswith("pre.") for w in measured["wide"])


@pytest.mark.parametrize("lang", ["de", "en"])
def test_no_student_page_nor_the_summary_is_wider_than_a_phone(phone, graded_out, lang):
    index = write_reports(graded_out, lang)
    pages = [index, *sorted((graded_out / "students").glob("*.html"))]
    names = " ".join(p.name for p in pages)
    for student in ("anna-", "40117-", "state0-", f"state{len(every_result()) - 1}-", "aaaa"):
        assert student in names  # the demo's students, every status, the long one
    too_wide = {}
    for path in pages:
        measured = _measure(phone(), path)
        assert measured["viewport"] == 390
        if measured["scrollWidth"] > 390 or measured["wide"]:
            too_wide[path.name] = (measured["scrollWidth"], measured["wide"][:8])
    assert too_wide == {}
    text = index.read_text(encoding="utf-8")
    assert 'data-label="' in text and "<svg" in text  # labelled cells, a histogram drawn
