"""The reports as a person sees them: opened in headless Chromium, console checked, screenshot."""

from __future__ import annotations

import pytest
from browser import ink, open_page
from conftest import FIXTURES, ROOT

from grader.cli.main import ExitCode, main

pytestmark = [pytest.mark.kernel, pytest.mark.browser]


def test_console_errors_would_be_seen(chromium, tmp_path):
    control = tmp_path / "control.html"
    control.write_text('<html><body><h1>x</h1><script>console.error("boom")</script></body></html>')
    console, _ = open_page(chromium, control, tmp_path)
    assert any("boom" in line for line in console)


def test_summary_and_student_pages_load_cleanly_and_are_not_blank(chromium, tmp_path):
    submissions = tmp_path / "submissions"
    for student, source in {
        "anna": ROOT / "reference" / "01_convolution.ipynb",
        "gus": FIXTURES / "notebooks" / "01_convolution" / "script-injection.ipynb",
        "carl": FIXTURES / "malformed" / "truncated-json.ipynb",
    }.items():
        (submissions / student).mkdir(parents=True)
        (submissions / student / "01_convolution.ipynb").write_bytes(source.read_bytes())
    out = tmp_path / "out"
    assert (
        main(["grade", str(submissions), "--out", str(out), "--course", str(ROOT), "--seed", "1"])
        == ExitCode.OK
    )
    pages = [out / "index.html", next((out / "students").glob("gus-*.html"))]
    for page in pages:
        console, screenshot = open_page(chromium, page, tmp_path)
        assert console == [], page.name
        assert ink(screenshot) > 0.02, f"{page.name} looks blank"
        assert screenshot.getextrema()[0] < 100, f"{page.name} has no dark text"
