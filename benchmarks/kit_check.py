"""How long does a student wait for a self-check from the kit, next to the instructor's check?

Builds a student kit of every assignment of the course (timed), then, per assignment, times `grader
check` as a subprocess (interpreter start, imports and all) on a notebook that earns every point:
the reference notebook as a student would hand it in (04 with the reference's model and history
beside it), once from the kit (public checks against stored expectations: the student's kernel
only) and once from the course folder (every check: student and reference kernels).

Usage: python benchmarks/kit_check.py [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from check_overhead import median_seconds  # this folder is on sys.path when run as a script

from grader.course.spec import list_assignments, load_assignment

ROOT = Path(__file__).resolve().parents[1]


def _check(notebook: Path, where: list[str]) -> None:
    command = [sys.executable, "-m", "grader", "check", str(notebook), "--seed", "1", *where]
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
    if completed.returncode != 0:
        raise SystemExit(f"{notebook}: exit {completed.returncode}\n{completed.stderr.decode()}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    repeats = parser.parse_args().repeats
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores; median of {repeats}")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        build = [sys.executable, "-m", "grader", "kit", str(folder / "kit"), "--no-wheel"]
        subprocess.run(build, cwd=ROOT, check=True, capture_output=True)
        names = list_assignments(ROOT)
        print(f"grader kit ({len(names)} assignments): {time.perf_counter() - started:.1f} s")
        data = ["--data", f"fashion-mnist={ROOT / 'data' / 'fashion-mnist'}"]
        print(f"{'assignment':<24}{'kit check':>11}{'full check':>12}{'ratio':>8}")
        for name in names:
            spec = load_assignment(ROOT, name)
            student = folder / "student" / name
            student.mkdir(parents=True)
            notebook = student / f"{name}.ipynb"
            shutil.copyfile(spec.reference_notebook, notebook)
            for artifact in spec.artifacts:  # the files it may hand in; the reference has some
                source = spec.reference_notebook.parent / artifact
                if source.is_file():
                    shutil.copyfile(source, student / artifact)
            kit = median_seconds(
                lambda n=notebook: _check(n, ["--kit", str(folder / "kit"), *data]), repeats
            )
            full = median_seconds(lambda n=notebook: _check(n, ["--course", str(ROOT)]), repeats)
            print(f"{name:<24}{kit:>10.1f}s{full:>11.1f}s{kit / full:>8.2f}")


if __name__ == "__main__":
    main()
