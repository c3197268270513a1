"""Pages as a person sees them: opened in the system's headless Chromium, with what the page
logged to its console and a screenshot (for the report and doctor tests)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from PIL import Image

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


def open_page(chromium: str, page: Path, tmp_path: Path) -> tuple[list[str], Image.Image]:
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


def ink(image: Image.Image) -> float:
    """Share of pixels that are not background white."""
    histogram = image.histogram()
    return 1 - sum(histogram[250:]) / (image.width * image.height)


def watched_page(browser: Any, width: int, height: int) -> tuple[Any, list[str]]:
    """A Playwright page of that size, and the list its console errors and uncaught exceptions
    are collected in (a test asserts it stays empty)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return page, errors
