"""The reports as a person sees them: opened in headless Chromium, console checked, screenshot."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from PIL import Image

from grader.cli.main import ExitCode, main

pytestmark = [pytest.mark.kernel, pytest.mark.browser]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
    "--window-size=1200,1600",
]


def _open(chromium: str, page: Path, tmp_path: Path) -> tuple[list[str], Image.Image]:
    """Console lines the page produced, and its screenshot."""
    shot = tmp_path / f"{page.stem}.png"
    completed = subprocess.run(
        [
            chromium,
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    console = [
        line for line in completed.stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line
    ]
    return console, Image.open(shot).convert("L")


def _ink(image: Image.Image) -> float:
    """Share of pixels that are not background white."""
    histogram = image.histogram()
    return 1 - sum(histogram[250:]) / (image.width * image.height)


def test_console_errors_would_be_seen(chromium, tmp_path):
    control = tmp_path / "control.html"
    control.write_text('<html><body><h1>x</h1><script>console.error("boom")</script></body></html>')
    console, _ = _open(chromium, control, tmp_path)
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
        console, screenshot = _open(chromium, page, tmp_path)
        assert console == [], page.name
        assert _ink(screenshot) > 0.02, f"{page.name} looks blank"
        assert screenshot.getextrema()[0] < 100, f"{page.name} has no dark text"
