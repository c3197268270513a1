"""The bare baseline the benchmarks compare the grader with: nbclient running the very cells the
grader runs for a student (the exercise's given cells with the notebook's answers, without 04's
training cells unless retraining), in a stock python3 kernel (no limits, no sandbox), in a
working folder prepared as the grader prepares it (the files the spec puts beside the notebook,
the Keras cache the spec seeds). Like with like: what is left over is the grader's own cost.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from grader.course.spec import AssignmentSpec
from grader.grading.assemble import assemble
from grader.intake.datasets import seed_keras_cache
from grader.intake.notebook import read_notebook


def median_seconds(action: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def graded_cells(notebook: Path, spec: AssignmentSpec) -> nbformat.NotebookNode:
    """The notebook the grader's student kernel executes (without its harvest cells)."""
    assembly = assemble(read_notebook(notebook), read_notebook(spec.exercise))
    cells = [c for c in assembly.cells if c.task not in spec.training_tasks]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c.source) for c in cells])


def bare_run(notebook: Path, spec: AssignmentSpec) -> None:
    """Runs the graded cells in a stock kernel, in a folder and $HOME prepared like the
    grader's; raises if a cell fails (a baseline that errs out early would flatter us)."""
    cells = graded_cells(notebook, spec)
    with tempfile.TemporaryDirectory(prefix="bare-") as scratch:
        folder, home = Path(scratch) / "work", Path(scratch) / "home"
        folder.mkdir()
        home.mkdir()
        for source in spec.data.beside_notebook:
            shutil.copyfile(source, folder / source.name)
        for name in spec.data.keras_cache:
            seed_keras_cache(home, name, spec.data.folder(name))
        client = NotebookClient(
            cells,
            kernel_name="python3",
            timeout=1200,
            resources={"metadata": {"path": str(folder)}},
        )
        quiet = {"HOME": str(home), "MPLBACKEND": "Agg", "TF_CPP_MIN_LOG_LEVEL": "3"}
        # a stock kernel talks TCP and warns about it on stderr: noise in the figures' table
        client.execute(env={**os.environ, **quiet}, stderr=subprocess.DEVNULL)
