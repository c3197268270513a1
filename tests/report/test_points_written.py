"""Points on a page are written as the page's language writes numbers: 7,5 on a German page, 7.5
on an English one, on the student pages (HTML and Markdown) and in a self-check's feedback (text
and HTML) alike."""

from __future__ import annotations

import re

import pytest
from made_results import gradebook, result, stored, task

from grader.report import render_html, render_text
from grader.report.pages import write_reports

HALF = {"de": "0,5", "en": "0.5"}
SUM = {"de": "1,5", "en": "1.5"}
TOTAL = {"de": "1,75/2,5", "en": "1.75/2.5"}
QUARTER = {"de": "0,25/0,5", "en": "0.25/0.5"}


@pytest.mark.parametrize("lang", ["de", "en"])
def test_student_pages_write_points_in_their_language(tmp_path, lang):
    made = result("01_convolution", (task("a", 1), task("b", 0.5), task("c", 0.25, 0.5)))
    out = gradebook(tmp_path / "out", [stored("anna", made)])
    write_reports(out, lang)
    html = next((out / "students").glob("anna-*.html")).read_text(encoding="utf-8")
    markdown = next((out / "students").glob("anna-*.md")).read_text(encoding="utf-8")
    heading = re.search(r"<h2 [^>]*>01_convolution: (.*?)</h2>", html)
    assert heading is not None and heading.group(1) == TOTAL[lang]
    cells = re.findall(r'<td class="num"[^>]*>(.*?)</td>', html)
    assert cells == ["1/1", f"{HALF[lang]}/1", QUARTER[lang]]
    assert f"| Titel b | {HALF[lang]}/1 |" in markdown
    other = "0.5" if lang == "de" else "0,5"
    body = html.split("<body>")[1]  # the style sheet's 0.5rem aside
    assert other not in body and other not in markdown


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_self_checks_feedback_writes_points_in_its_language(lang):
    made = result("01_convolution", (task("a", 1), task("b", 0.5)))
    text = render_text(made, lang)
    html = render_html(made, lang)
    assert re.search(rf"Titel b\s+{re.escape(HALF[lang])}/1 ", text), text
    assert re.search(rf"\s{re.escape(SUM[lang])}/2\n", text), text
    assert f'<td class="num">{HALF[lang]}/1</td>' in html
    assert f'<th class="num">{SUM[lang]}/2</th>' in html
