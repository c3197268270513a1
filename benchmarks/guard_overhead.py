"""What the integrity checks of issue 13 cost per notebook, against the same notebook without them.

For each reference notebook, the student's kernel run as grading makes it (the same cells, the
same harvest requests, the same limits), REPEATS times with the guard and REPEATS times without,
alternating, in one run:
- bare:    the kernel run without the guard (harvest cells export through the object's own code);
- guarded: with the guard's setup cell before the first cell: the audit hook, the profiler
           around every by-hand call, the signed manifest, and for a Keras model the class,
           instance, class-dict and module snapshot checks, the captured save and the probe
           predictions (Keras is imported in setup only where a model is exported, which the
           notebook's first cell does anyway);
- ratio:   guarded / bare (medians).
Then the near-copy digest of 04's data split (issue 13, class 3) on 55,000 training images
(the full Fashion-MNIST where ../shared/data has it, else the shipped images repeated).

Usage: python benchmarks/guard_overhead.py [--repeats N] [--assignments 01_convolution ...]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from grader.course.spec import list_assignments, load_assignment
from grader.execute import harvest
from grader.execute.kernel import KernelRun, run_kernel
from grader.grading.plan import make_plan
from grader.intake.datasets import load_images
from grader.intake.notebook import code_cells, read_notebook

ROOT = Path(__file__).resolve().parents[1]
FULL_SET = ROOT.parent / "shared" / "data" / "fashion_mnist.npz"


def _kernel_seconds(name: str, guard: bool) -> float:
    spec = load_assignment(ROOT, name)
    cells = tuple(
        c for c in code_cells(read_notebook(spec.reference)) if c.task not in spec.training_tasks
    )
    with tempfile.TemporaryDirectory() as work:
        workdir = Path(work)
        for source in spec.data.beside_notebook:
            shutil.copyfile(source, workdir / source.name)
        run = KernelRun(
            cells=cells,
            requests=make_plan(spec, 1).student,
            limits=spec.limits,
            workdir=workdir,
            keep=workdir / "keep",
            keras_datasets=tuple((n, spec.data.folder(n)) for n in spec.data.keras_cache),
            guard=guard,
        )
        started = time.perf_counter()
        result = run_kernel(run)
        seconds = time.perf_counter() - started
    failed = [c.error for c in result.cells if c.failed]
    if failed or result.kernel_died:
        sys.exit(f"{name}: the reference did not run cleanly: {failed[:1]}")
    return seconds


def _near_copy_seconds() -> tuple[float, float, str]:
    if FULL_SET.exists():
        x = np.load(FULL_SET)["x_train"]
        source = "the full Fashion-MNIST"
    else:
        shipped = load_images(ROOT / "data" / "fashion-mnist", "train").x
        x = np.resize(shipped, (60_000, *shipped.shape[1:]))
        source = "the shipped 6,000 images, repeated"
    x = x[..., np.newaxis].astype("float32") / 255.0
    train, valid = x[:55_000], x[55_000:]
    with tempfile.TemporaryDirectory() as folder:
        stem = str(Path(folder) / "digest")
        started = time.perf_counter()
        harvest._digest(valid, stem, np)
        harvest._digest(train, stem, np)
        hashes = time.perf_counter() - started
        started = time.perf_counter()
        harvest._digest(valid, stem, np, (train, 1))
        near = time.perf_counter() - started - hashes / 12  # the valid digest's hashes again
    return hashes, near, source


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--assignments", nargs="*", default=list_assignments(ROOT))
    options = parser.parse_args()
    print(f"student kernel runs, median of {options.repeats} each, seconds")
    print(f"{'notebook':<28}{'bare':>8}{'guarded':>9}{'ratio':>8}{'added':>8}")
    for name in options.assignments:
        times: dict[bool, list[float]] = {False: [], True: []}
        for _ in range(options.repeats):
            for guard in (False, True):
                times[guard].append(_kernel_seconds(name, guard))
        bare, guarded = (statistics.median(times[g]) for g in (False, True))
        print(
            f"{name + '.ipynb':<28}{bare:8.2f}{guarded:9.2f}"
            f"{guarded / bare:8.2f}{guarded - bare:+8.2f}"
        )
    hashes, near, source = _near_copy_seconds()
    print(f"04 data split digests, 55,000 + 5,000 images ({source}):")
    print(f"  row hashes {hashes:.2f} s, near copies of 200 validation images +{near:.2f} s")


if __name__ == "__main__":
    main()
