"""How much time does grading add to simply running a notebook?

For each reference notebook, prints the median of REPEATS runs of:
- bare:    nbclient executing the notebook in a stock python3 kernel (what any CI would pay);
- grade:   grade_notebook() in-process: student and reference kernels (concurrently), harvest
           cells, hidden cases, rules; student kernel not sandboxed;
- sandbox: the same with the student's kernel in the bubblewrap sandbox (if installed);
- cli:     `grader check` as a subprocess, including interpreter start and imports.

Usage: python benchmarks/check_overhead.py [--repeats N]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from grader.execute.sandbox import Sandbox, bwrap_path
from grader.grading import GradeOptions, grade_notebook
from grader.spec import list_assignments, load_assignment

ROOT = Path(__file__).resolve().parents[1]


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _bare(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, kernel_name="python3", timeout=120).execute()


def _cli(path: Path) -> None:
    command = [sys.executable, "-m", "grader", "check", str(path), "--seed", "1"]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    repeats = parser.parse_args().repeats
    print(f"machine: {platform.machine()}, python {platform.python_version()}")
    print(f"median of {repeats} runs, seconds")
    print(f"{'notebook':<24}{'bare':>8}{'grade':>8}{'sandbox':>9}{'cli':>8}{'overhead':>10}")
    for name in list_assignments(ROOT):
        spec = load_assignment(ROOT, name)
        bare = median_seconds(lambda s=spec: _bare(s.reference), repeats)
        grade = median_seconds(
            lambda s=spec: grade_notebook(s.reference, s, GradeOptions(seed=1)), repeats
        )
        sandboxed = float("nan")
        if bwrap_path() is not None:
            sandboxed = median_seconds(
                lambda s=spec: grade_notebook(s.reference, s, GradeOptions(1, Sandbox())), repeats
            )
        cli = median_seconds(lambda s=spec: _cli(s.reference), repeats)
        figures = f"{bare:8.2f}{grade:8.2f}{sandboxed:9.2f}{cli:8.2f}{grade - bare:+10.2f}"
        print(f"{name + '.ipynb':<24}{figures}")


if __name__ == "__main__":
    main()
