"""The speed goals of the Keras assignments (issue 26, which tightened issue 15's), each figure
beside its bare baseline and its goal, with met or MISSED, in one run on this machine.

Bare baselines do the same work with plain tools and nothing of the grader: nbclient running the
very cells the grader runs, in a folder prepared the same way (``bare.py``), and a plain
``keras.models.load_model`` + ``predict`` of the same model file on the same images, in a fresh
``python`` (what a measuring process must pay) and in a process that has loaded Keras already.

Rows (medians of REPEATS runs; the batches run once):
- check 04: ``grader check`` as a student runs it (a subprocess, sandboxed where bwrap is
  installed, the reference cache warm), for the reference and for a typical submission (the demo
  student carla's own notebook, model and history), from the course folder and from a student
  kit (``grader kit``, no wheel): goal 8 s each;
- batch 04: ``grader grade`` of BATCH copies of that submission with the cores as workers,
  seconds per submission; then the same folder again, unchanged (all skipped);
- batch 03: one 03 submission as a batch worker grades it (the reference's expectations known),
  sandboxed, against the bare run of the same cells (its 3-epoch training is the floor);
- measuring: the grader measuring carla's model on the 10,000 test images + 2,000 check images in
  its sandboxed process, against bare ``load_model`` + ``predict`` of the same file;
- 01/02: a batch worker's grading against the bare run of the same cells.

Usage: python benchmarks/keras_grading.py [--repeats N] [--batch N]
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np
from bare import bare_run, median_seconds  # this folder is on sys.path when run as a script

from grader.cli.main import main as grader_main
from grader.course.spec import AssignmentSpec, load_assignment
from grader.execute.measure import Evaluation
from grader.execute.sandbox import Sandbox, bwrap_path
from grader.grading.model_answers import evaluation_images, models_facts
from grader.grading.reference_cache import CACHE_VARIABLE, ReferenceCache
from grader.grading.submission import GradeOptions, GradingSession, grade_notebook

ROOT = Path(__file__).resolve().parents[1]
TYPICAL_04 = ROOT / "demo" / "course" / "carla"
KIT_DATA = ["--data", f"fashion-mnist={ROOT / 'data' / 'fashion-mnist'}"]
CHECK_04_S = 8.0  # issue 26: a 04 self-check, from a course folder and from a kit
FASHION = "04_fashion_mnist_cnn"
BARE_PREDICT = """
import sys, numpy as np, keras
model = keras.models.load_model(sys.argv[1], safe_mode=True)
for name in sys.argv[2:]:
    model.predict(np.load(name), batch_size=500, verbose=0)
"""


@dataclass(frozen=True)
class Row:
    goal: str
    seconds: float
    baseline: float  # seconds of the bare way, nan where the goal has none
    limit: float  # the goal: a ratio to the baseline, or seconds where ``absolute``
    absolute: bool = False

    def line(self) -> str:
        ratio = self.seconds / self.baseline if self.baseline == self.baseline else float("nan")
        figure = self.seconds if self.absolute else ratio
        verdict = "met" if figure <= self.limit else "MISSED"
        wanted = f"<= {self.limit:g} s" if self.absolute else f"<= {self.limit:g}x"
        return (
            f"{self.goal:<44}{self.seconds:9.2f}{self.baseline:10.2f}{ratio:8.2f}x"
            f"  {wanted:<10}{verdict}"
        )


def submission(folder: Path, spec: AssignmentSpec, source: Path) -> Path:
    """A student's folder: the notebook and the files it hands in, copied from ``source``."""
    folder.mkdir(parents=True, exist_ok=True)
    for artifact in spec.artifacts:
        if (source / artifact).is_file():
            shutil.copyfile(source / artifact, folder / artifact)
    notebook = folder / f"{spec.name}.ipynb"
    shutil.copyfile(source / f"{spec.name}.ipynb", notebook)
    return notebook


def cli_check(notebook: Path, cache: Path, kit: Path | None = None) -> None:
    """``grader check`` from the course folder, or from a student kit where one is given."""
    where = ["--course", str(ROOT)] if kit is None else ["--kit", str(kit), *KIT_DATA]
    command = [sys.executable, "-m", "grader", "check", str(notebook), *where]
    environment = {**os.environ, CACHE_VARIABLE: str(cache)}
    done = subprocess.run(command, cwd=ROOT, capture_output=True, env=environment, check=False)
    assert done.returncode in (0, 1), done.stderr.decode()[-2000:]


def bare_measure_fresh(model: Path, images: Evaluation, folder: Path) -> Callable[[], None]:
    """Loading and predicting in a fresh interpreter: Keras' import is part of it."""
    names = [folder / "x.npy", folder / "check_x.npy"]
    np.save(names[0], images.x)
    np.save(names[1], images.check_x if images.check_x is not None else images.x[:0])
    command = [sys.executable, "-c", BARE_PREDICT, str(model), *map(str, names)]
    return lambda: subprocess.run(command, check=True, capture_output=True)


def bare_measure_warm(model: Path, images: Evaluation) -> Callable[[], None]:
    """Loading and predicting in this process, where Keras is imported and warmed up."""
    import keras

    def run() -> None:
        loaded = keras.models.load_model(model, safe_mode=True)
        loaded.predict(images.x, batch_size=500, verbose=0)
        if images.check_x is not None:
            loaded.predict(images.check_x, batch_size=500, verbose=0)

    run()
    return run


def batch_seconds(course: Path, out: Path, cache: Path) -> float:
    """``grader grade`` of a course folder with the cores as workers, in this process."""
    os.environ[CACHE_VARIABLE] = str(cache)
    started = time.perf_counter()
    arguments = ["grade", str(course), "--out", str(out), "--seed", "1", "--course", str(ROOT)]
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        code = grader_main([*arguments, "--assignment", FASHION])
    assert code == 0, f"grader grade exited {code}"
    return time.perf_counter() - started


def fashion_rows(scratch: Path, repeats: int, batch: int) -> Iterator[Row]:
    spec = load_assignment(ROOT, FASHION)
    cache = scratch / "cache"
    reference = submission(scratch / "reference", spec, ROOT / "reference")
    typical = submission(scratch / "carla", spec, TYPICAL_04)
    model = typical.parent / "fashion_cnn.keras"
    assert spec.data.evaluation is not None
    images = evaluation_images(spec.data.evaluation)
    fresh = bare_measure_fresh(model, images, scratch)
    bare_measuring = median_seconds(fresh, repeats)
    kit = scratch / "kit"
    build = [sys.executable, "-m", "grader", "kit", str(kit), "--no-wheel"]
    subprocess.run(build, cwd=ROOT, check=True, capture_output=True)
    for name, notebook in (("reference", reference), ("typical submission", typical)):
        cli_check(notebook, cache)  # the first check of a machine fills the reference cache
        bare = median_seconds(lambda n=notebook: bare_run(n, spec), repeats) + bare_measuring
        for where, from_kit in (("course", None), ("kit", kit)):
            seconds = median_seconds(lambda n=notebook, k=from_kit: cli_check(n, cache, k), repeats)
            yield Row(f"grader check 04 ({where}), {name}", seconds, bare, CHECK_04_S, True)
    course = scratch / "course"
    for index in range(batch):
        submission(course / f"student{index:03d}", spec, TYPICAL_04)
    total = batch_seconds(course, scratch / "out", cache)
    bare = median_seconds(lambda: bare_run(typical, spec), repeats) + bare_measuring
    yield Row(f"04 per submission, batch of {batch}", total / batch, bare, 5.0, True)
    again = batch_seconds(course, scratch / "out", cache) / batch
    yield Row("unchanged re-grade, per submission", again, float("nan"), 0.05, True)
    sandbox = Sandbox() if bwrap_path() else None
    grader_measuring = median_seconds(
        lambda: models_facts(((model, True),), images, sandbox), repeats
    )
    warm = median_seconds(bare_measure_warm(model, images), repeats)
    yield Row("measuring, vs a fresh python's load+predict", grader_measuring, bare_measuring, 1.2)
    yield Row("measuring, vs load+predict with Keras loaded", grader_measuring, warm, 1.2)


def worker_row(name: str, scratch: Path, repeats: int, limit: float) -> Row:
    """A batch worker's grading (expectations known, sandboxed where possible) against bare."""
    spec = load_assignment(ROOT, name)
    notebook = submission(scratch / name, spec, ROOT / "reference")
    options = GradeOptions(seed=1, sandbox=Sandbox() if bwrap_path() else None)
    session = GradingSession(ReferenceCache(scratch / "cache"))
    grade_notebook(notebook, spec, options, session)
    seconds = median_seconds(lambda: grade_notebook(notebook, spec, options, session), repeats)
    bare = median_seconds(lambda: bare_run(notebook, spec), repeats)
    return Row(f"{name} per submission in a batch", seconds, bare, limit)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch", type=int, default=20)
    options = parser.parse_args()
    sandbox = "bubblewrap" if bwrap_path() else "none (bwrap missing)"
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores; sandbox: {sandbox}")
    print(f"median of {options.repeats} runs; batches once; seconds")
    print(f"{'goal':<44}{'grader':>9}{'bare':>10}{'ratio':>9}  {'goal':<10}")
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        for row in fashion_rows(scratch, options.repeats, options.batch):
            print(row.line(), flush=True)
        for name, limit in (("03_lenet5", 1.1), ("01_convolution", 1.1), ("02_parameters", 1.1)):
            print(worker_row(name, scratch, options.repeats, limit).line(), flush=True)


if __name__ == "__main__":
    main()
