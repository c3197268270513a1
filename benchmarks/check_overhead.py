"""How much time does grading add to simply running a notebook?

For each assignment's reference notebook (handed in as a student would: 04 with the reference's
model and history beside it), the median of REPEATS runs of:
- bare:    nbclient running the very cells the grader runs, in a stock kernel, in a folder
           prepared as the grader prepares it (`bare.py`);
- check:   grade_notebook() as `grader check` runs it the first time: the reference's kernel too
           (no cached expectations);
- batch:   grade_notebook() as a batch worker runs it: expectations known (cached, or from the
           worker's session), the student's kernel only; `batch/bare` is the grader's overhead;
- sandbox: the same in the bubblewrap sandbox (if installed);
- ahead:   the same with the kernel started while the previous grading ran, the way a batch
           worker grades (``Spares``); `ahead/bare` is a batch's overhead per submission;
- cli:     `grader check` as a subprocess with the reference cache warm.

Usage: python benchmarks/check_overhead.py [--repeats N] [--assignment NAME ...]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from bare import bare_run, median_seconds  # this folder is on sys.path when run as a script

from grader.course.spec import AssignmentSpec, list_assignments, load_assignment
from grader.execute.sandbox import Sandbox, bwrap_path
from grader.execute.started import Spares
from grader.grading.reference_cache import CACHE_VARIABLE, ReferenceCache
from grader.grading.submission import GradeOptions, GradingSession, grade_notebook

ROOT = Path(__file__).resolve().parents[1]


def as_student(spec: AssignmentSpec, folder: Path) -> Path:
    """The reference notebook in a student's folder, with the files it hands in."""
    folder.mkdir(parents=True, exist_ok=True)
    notebook = folder / f"{spec.name}.ipynb"
    shutil.copyfile(spec.reference_notebook, notebook)
    for artifact in spec.artifacts:
        shutil.copyfile(spec.reference_notebook.parent / artifact, folder / artifact)
    return notebook


def _cli(notebook: Path, cache: Path) -> None:
    command = [sys.executable, "-m", "grader", "check", str(notebook), "--course", str(ROOT)]
    environment = {**os.environ, CACHE_VARIABLE: str(cache)}
    subprocess.run(command, cwd=ROOT, check=False, capture_output=True, env=environment)


def _row(spec: AssignmentSpec, notebook: Path, cache: ReferenceCache, repeats: int) -> str:
    sandbox = Sandbox() if bwrap_path() is not None else None
    bare = median_seconds(lambda: bare_run(notebook, spec), repeats)
    check = median_seconds(lambda: grade_notebook(notebook, spec, GradeOptions(seed=1)), repeats)
    warm = GradingSession(cache)
    grade_notebook(notebook, spec, GradeOptions(seed=1), warm)
    batch = median_seconds(
        lambda: grade_notebook(notebook, spec, GradeOptions(seed=1), warm), repeats
    )
    boxed = ahead = float("nan")
    if sandbox is not None:
        inside = GradeOptions(seed=1, sandbox=sandbox)
        boxed = median_seconds(lambda: grade_notebook(notebook, spec, inside, warm), repeats)
        worker = GradingSession(cache, Spares())
        grade_notebook(notebook, spec, inside, worker)  # the first starts the next kernel
        ahead = median_seconds(lambda: grade_notebook(notebook, spec, inside, worker), repeats)
        worker.close()
    cli = median_seconds(lambda: _cli(notebook, cache.folder), repeats)
    return (
        f"{bare:7.2f}{check:8.2f}{batch:8.2f}{boxed:9.2f}{ahead:7.2f}{cli:7.2f}"
        f"{batch / bare:11.2f}x{ahead / bare:11.2f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--assignment", action="append")
    options = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}"
    )
    print(f"median of {options.repeats} runs, seconds; sandbox: {'yes' if bwrap_path() else 'no'}")
    header = (
        f"{'bare':>7}{'check':>8}{'batch':>8}{'sandbox':>9}{'ahead':>7}{'cli':>7}"
        f"{'batch/bare':>12}{'ahead/bare':>12}"
    )
    print(f"{'notebook':<26}{header}")
    with tempfile.TemporaryDirectory() as scratch:
        cache = ReferenceCache(Path(scratch) / "cache")
        for name in options.assignment or list_assignments(ROOT):
            spec = load_assignment(ROOT, name)
            if all(c.rule == "free-text" for c in spec.checks):
                continue  # graded by a person: no kernel runs
            notebook = as_student(spec, Path(scratch) / "students" / name)
            print(f"{name + '.ipynb':<26}{_row(spec, notebook, cache, options.repeats)}")


if __name__ == "__main__":
    main()
