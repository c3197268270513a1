"""The training doctor as a student and an instructor see it: the demo's carla (her model
over-fits) and greta (hers under-fits) graded by `grader grade`, their pages opened in headless
Chromium. Each page shows the recommended step, the confusion matrix and the gallery of
misclassified test images, drawn at a readable size; the summary counts the findings per
student and names the confusion most common across the course."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import ink, open_page
from conftest import ROOT

from grader.cli.main import ExitCode, main
from grader.report.model_pictures import THUMB

pytestmark = [
    pytest.mark.kernel,
    pytest.mark.keras,
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.xdist_group("doctor-pages"),
]
DEMO = ROOT / "demo" / "course"
# logs each picture's drawn size, as the browser lays it out
MEASURE = """<script>
for (const figure of document.querySelectorAll("figure.confusion, figure.gallery")) {
  const box = figure.querySelector("svg").getBoundingClientRect();
  const size = Math.round(box.width) + "x" + Math.round(box.height);
  console.log("drawn " + figure.className + " " + size);
}
</script>"""


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("doctor")
    submissions = folder / "submissions"
    for student in ("carla", "greta"):
        (submissions / student).mkdir(parents=True)
        for name in ("04_fashion_mnist_cnn.ipynb", "fashion_cnn.keras", "history.json"):
            (submissions / student / name).write_bytes((DEMO / student / name).read_bytes())
    out = folder / "out"
    command = ["grade", str(submissions), "--out", str(out), "--course", str(ROOT), "--seed", "1"]
    assert main(command) == ExitCode.OK
    return out


def _drawn(chromium: str, page: Path, tmp_path: Path) -> dict[str, tuple[int, int]]:
    """The pictures' sizes as Chromium lays out a copy of the page (not blank on screen)."""
    copy = tmp_path / page.name
    copy.write_text(page.read_text().replace("</body>", MEASURE + "</body>"))
    console, screenshot = open_page(chromium, copy, tmp_path)
    assert ink(screenshot) > 0.02, f"{page.name} looks blank"
    found = re.findall(r"drawn (\w+) (\d+)x(\d+)", "\n".join(console))
    return {kind: (int(w), int(h)) for kind, w, h in found}


@pytest.mark.parametrize(
    ("student", "finding", "step"),
    [
        ("carla", "Überanpassung", "Beende das Training bei Epoche"),
        ("greta", "Unteranpassung", "Gib dem Modell mehr Kapazität"),
    ],
)
def test_the_student_page_shows_the_step_the_matrix_and_the_gallery(
    graded: Path, chromium: str, tmp_path: Path, student: str, finding: str, step: str
) -> None:
    page = next((graded / "students").glob(f"{student}-*.html"))
    html = page.read_text()
    assert "Nächster Schritt: " + step in html and finding in html
    assert html.count('class="true-class"') == 10 and "Hemd" in html and "Stiefelette" in html
    assert html.count("<image ") == 8 and "data:image/png;base64," in html
    drawn = _drawn(chromium, page, tmp_path)
    assert drawn["confusion"][0] >= 350 and drawn["confusion"][1] >= 350
    # the page may shrink the gallery to its column: each 28x28 image stays at least twice its size
    thumb = drawn["gallery"][0] / (4 * (THUMB + 96)) * THUMB  # 4 images a row, 96 px of caption
    assert thumb >= 56 and drawn["gallery"][1] >= 150


def test_the_summary_counts_the_findings_per_student(graded: Path) -> None:
    summary = (graded / "index.html").read_text()
    table = summary[summary.index('<table class="doctor">') :]
    table = table[: table.index("</table>")]
    rows = dict(re.findall(r'data-finding="(\w+)">.*?<a [^>]*>(\w+)</a>', table))
    assert rows["overfitting"].lower() == "carla" and rows["underfitting"].lower() == "greta"
    assert "Am häufigsten verwechselt, über die Konfusionsmatrizen aller Modelle (2)" in summary
