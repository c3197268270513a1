"""Seconds per submission for a 40-student batch of the light assignments, and an unchanged regrade.

Builds a course folder of STUDENTS students, each with 01_convolution and 02_parameters (a mix of
correct notebooks and the defect fixtures), then times `grader grade` in-process with 1 and 2
workers into fresh output folders, and a second run over an unchanged folder (all skipped).

Usage: python benchmarks/batch_throughput.py [--students N]
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from grader.cli.main import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "notebooks"


def _sources(assignment: str) -> list[Path]:
    defects = sorted(
        p
        for p in (FIXTURES / assignment).glob("*.ipynb")
        if "loop" not in p.stem and "sleep" not in p.stem
    )
    return [ROOT / "reference" / f"{assignment}.ipynb", *defects]


def _build(folder: Path, students: int) -> None:
    for assignment in ("01_convolution", "02_parameters"):
        sources = _sources(assignment)
        for index in range(students):
            student = folder / f"student{index:03d}"
            student.mkdir(parents=True, exist_ok=True)
            (student / f"{assignment}.ipynb").write_bytes(
                sources[index % len(sources)].read_bytes()
            )


def _timed_grade(submissions: Path, out: Path, workers: int) -> float:
    started = time.perf_counter()
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        code = main(
            [
                "grade",
                str(submissions),
                "--out",
                str(out),
                "--workers",
                str(workers),
                "--seed",
                "1",
                "--course",
                str(ROOT),
            ]
        )
    assert code == 0, f"grader grade exited {code}"
    return time.perf_counter() - started


def main_benchmark() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=40)
    students = parser.parse_args().students
    submissions_count = 2 * students
    print(f"{students} students x 2 assignments = {submissions_count} submissions")
    print(f"{os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as scratch:
        submissions = Path(scratch) / "course"
        _build(submissions, students)
        for workers in (1, 2):
            seconds = _timed_grade(submissions, Path(scratch) / f"out{workers}", workers)
            per_submission = seconds / submissions_count
            print(
                f"workers={workers}: {seconds:6.1f} s total, {per_submission:5.2f} s per submission"
            )
        again = _timed_grade(submissions, Path(scratch) / "out2", 2)
        print(
            f"unchanged re-grade (workers=2): {again:6.1f} s total, all {submissions_count} skipped"
        )


if __name__ == "__main__":
    main_benchmark()
