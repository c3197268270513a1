"""The goal lines the side-by-side benchmark prints (issue 26): each figure computed from the
measured runs as the goal defines it, and met or MISSED said against its limit."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from process_tree import TreeMeasurement
from versus_nbgrader import goals

MB = 1024 * 1024


def _run(wall: float, cpu: float, peak_mb: int) -> TreeMeasurement:
    return TreeMeasurement(
        command=("x",),
        exit_code=0,
        wall_s=wall,
        peak_tree_rss=peak_mb * MB,
        peak_tree_private=peak_mb * MB,
        peak_single_rss=peak_mb * MB,
        cpu_s=cpu,
        samples=10,
        sampler_cpu_s=0.0,
        at_peak=(),
    )


def test_each_goal_is_computed_and_judged() -> None:
    runs = {
        "nbgrader autograde": [_run(40.0, 30.0, 400), _run(44.0, 31.0, 420), _run(42.0, 29.0, 410)],
        "grader grade --workers 1": [_run(19.0, 18.0, 380)],  # 0.45x, 95 % busy, 0.93x memory
        "grader grade --workers 2": [_run(14.0, 20.0, 520)],  # 0.33x, 71 % busy, 1.27x memory
    }
    lines = {goal.name: (round(goal.figure, 2), goal.met) for goal in goals(runs)}
    assert lines == {
        "grader grade --workers 1: wall / nbgrader's": (0.45, True),
        "grader grade --workers 1: tree peak / nbgrader's": (0.93, True),
        "grader grade --workers 1: cores busy (CPU s / wall s / 1)": (0.95, True),
        "grader grade --workers 2: wall / nbgrader's": (0.33, False),
        "grader grade --workers 2: tree peak / nbgrader's": (1.27, False),
        "grader grade --workers 2: cores busy (CPU s / wall s / 2)": (0.71, False),
    }
    printed = [goal.line() for goal in goals(runs)]
    assert printed[0].endswith(" met") and "0.45x" in printed[0] and "<= 0.5x" in printed[0]
    assert printed[-1].endswith(" MISSED") and "71 %" in printed[-1] and ">= 90 %" in printed[-1]
