"""A gradebook of 01_convolution and 00_vorabfragen as the LMS tests use it, with the roster of
tests/fixtures/lms (Frida Fischer is not in it: her Moodle download folder number is her id)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from made_results import gradebook, result, stored, task

from grader.course.roster import read_roster
from grader.course.spec import list_assignments, load_assignment
from grader.results.adjust import MANUAL, OVERRIDE, Adjustment
from grader.results.gradebook import ASSIGNMENTS, Gradebook
from grader.results.records import Status

LMS = FIXTURES / "lms"


def _convolution(points: list[float], mistake: bool = False):
    names = (
        "conv2d",
        "vertical",
        "horizontal",
        "sobel",
        "output_size",
        "feature_maps",
        "pooling",
        "rgb_weights",
    )
    maxima = (3, 1, 1, 1, 1, 1, 1, 1)
    return result(
        "01_convolution",
        tuple(
            task(n, p, m, mistake=mistake) for n, p, m in zip(names, points, maxima, strict=True)
        ),
    )


@pytest.fixture
def course(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    gradebook(
        out,
        [
            stored("anna", _convolution([2, 1, 1, 1, 1, 1, 1, 1]), name="Anna Schmidt"),
            stored("ben", _convolution([3, 1, 1, 0, 0, 0, 1, 0], mistake=True), name="Ben Becker"),
            stored(
                "carla",
                result("01_convolution", (), status=Status.NOT_GRADABLE),
                name="Carla Rossi",
            ),
            stored("emil", _convolution([3, 1, 1, 1, 0, 0, 1, 1]), name="Emil Nowak"),
            stored("40117", _convolution([2.5, 1, 1, 1, 1, 0, 1, 0]), name="Frida Fischer"),
            stored("zoe", _convolution([3, 1, 1, 1, 1, 1, 1, 1]), name="Zoe Zander"),
            stored(
                "anna",
                result(
                    "00_vorabfragen", tuple(task(t, 0, 2, pending=True) for t in ("a", "b", "c"))
                ),
                name="Anna Schmidt",
            ),
            stored(
                "ben",
                result(
                    "00_vorabfragen", tuple(task(t, 0, 2, pending=True) for t in ("a", "b", "c"))
                ),
                name="Ben Becker",
            ),
            stored(
                "carla",
                result("00_vorabfragen", tuple(task(t, 0, 2) for t in ("a", "b", "c"))),
                name="Carla Rossi",
            ),
        ],
    )
    with Gradebook.open(out, write=False) as book:
        # what `grader grade` stores of each spec: every export checks its file against it
        specs = [load_assignment(ROOT, name) for name in list_assignments(ROOT)]
        facts = {s.name: {"title": s.title, "max_points": s.max_points} for s in specs}
        book.entries.set_setting(ASSIGNMENTS, facts)
        book.entries.replace_roster(read_roster(LMS / "roster.csv").rows())
        book.entries.adjust(
            Adjustment(
                "anna",
                "01_convolution",
                "conv2d",
                OVERRIDE,
                3.0,
                2.0,
                "hash-1",
                "Rechenweg richtig",
                "lee",
                "t",
            )
        )
        for name, points in (("a", 2.0), ("b", 1.5), ("c", 2.0)):
            book.entries.adjust(
                Adjustment(
                    "anna", "00_vorabfragen", name, MANUAL, points, 0.0, "hash-1", "", "lee", "t"
                )
            )
    return out
