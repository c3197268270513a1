"""Reports rendered from real gradings, in every format and both languages: inline code is
<code> in HTML and never a literal backtick there (Markdown keeps its backticks), no terminal
colour code reaches any page (Keras puts them into its error messages), and the pictures a
student would rather look at than read are there: heat maps for a public array check."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES, ROOT, SEED, graded

from grader.course.spec import load_assignment
from grader.grading.submission import GradeOptions, grade_notebook
from grader.report import render_text, result_to_dict
from grader.report.pages import write_reports
from grader.results.gradebook import Gradebook
from grader.results.records import Stored

pytestmark = [pytest.mark.kernel, pytest.mark.keras, pytest.mark.xdist_group("rendered-reports")]
# 01's spec gives these titles in German and English
TITLES = {
    "de": ("SOBEL_X auf IMG6", "Gewichte RGB-Filter"),
    "en": ("SOBEL_X on IMG6", "RGB filter weights"),
}
FIXTURE_RESULTS = {
    "anna": ("01_convolution", "module-missing"),
    "ben": ("01_convolution", "transposed"),
    "carla": ("02_parameters", "pool-rounded-up"),
    "dave": ("01_convolution", "one-kernel-dimension"),
}


@pytest.fixture(scope="module")
def results():
    found = {student: graded(*fixture) for student, fixture in FIXTURE_RESULTS.items()}
    spec = load_assignment(ROOT, "01_convolution")  # real limits: the cell imports Keras
    notebook = FIXTURES / "notebooks" / "01_convolution" / "keras-error.ipynb"
    found["emil"] = grade_notebook(notebook, spec, GradeOptions(seed=SEED))
    return found


@pytest.fixture(scope="module", params=["de", "en"])
def pages(request, results, tmp_path_factory) -> dict[str, str]:
    out = tmp_path_factory.mktemp(f"reports-{request.param}")
    with Gradebook.open(out) as book:
        for student, result in results.items():
            book.record(Stored(student, student, result.assignment, "h", "v", "r", "t", 1, result))
    index = write_reports(out, request.param)
    rendered = {
        str(p.relative_to(out)): p.read_text()
        for p in out.rglob("*.*")
        if p.suffix in (".html", ".md")
    }
    assert index.name in rendered
    for student, result in results.items():
        rendered[f"{student}.txt"] = render_text(result, request.param)
        rendered[f"{student}.json"] = json.dumps(result_to_dict(result, request.param))
    return rendered


def test_the_keras_error_arrives_without_colour_codes(results):
    error = next(e for _, task, e in results["emil"].cell_errors if task == "vertical")
    assert "is incompatible with the layer" in str(error) and "\x1b" not in str(error)
    assert "Exception encountered" not in str(error)  # Keras' boilerplate: its bold part is kept


def test_no_page_holds_an_escape_code_or_html_a_literal_backtick(pages):
    for name, text in pages.items():
        assert "\x1b" not in text and "\\u001b" not in text, name
        if name.endswith(".html"):
            assert "`" not in text, name
    student_pages = [
        t for n, t in pages.items() if n.startswith("students/") and n.endswith(".html")
    ]
    assert any("<code>conv2d</code>" in t for t in student_pages)
    markdown = [t for n, t in pages.items() if n.endswith(".md")]
    assert any("`conv2d`" in t for t in markdown)  # Markdown keeps its own marks


def test_a_public_array_check_draws_found_and_expected(pages):
    transposed = next(
        t for n, t in pages.items() if n.startswith("students/ben") and n.endswith(".html")
    )
    assert '<figure class="arrays"><svg' in transposed and 'class="differs"' in transposed


def test_tasks_are_shown_with_their_titles(pages):
    anna = next(
        t for n, t in pages.items() if n.startswith("students/anna") and n.endswith(".html")
    )
    lang = "de" if pages["anna.txt"].startswith("Aufgabenblatt") else "en"
    sobel, rgb = TITLES[lang]  # each task under its title in the page's language
    other = TITLES["en" if lang == "de" else "de"][0]
    assert sobel in anna and rgb in anna and other not in anna
    assert sobel in pages["anna.txt"] and other not in pages["anna.txt"]
