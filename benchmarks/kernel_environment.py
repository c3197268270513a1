"""What the course's kernel environment costs before and after grading.

Prints the median of REPEATS runs of:
- the preflight's package check (course.toml's packages imported in one sandboxed process)
  against a bare sandboxed ``python -c pass`` started the same way (the baseline);
- reading each form of training history a student hands in (CSVLogger file, W&B run folder)
  against reading ``history.json``, from the fixtures under tests/fixtures/histories/ (the first
  W&B read in a process also imports ``wandb``; later ones do not).

Usage: python benchmarks/kernel_environment.py [--repeats N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from check_overhead import median_seconds  # this folder is on sys.path when run as a script

from grader.course.settings import load_course
from grader.execute.imports import import_problems
from grader.execute.kernel import kernel_environment
from grader.execute.launcher import launcher_command
from grader.execute.sandbox import Sandbox, bwrap_path, wrap
from grader.intake.training_logs import read_log

ROOT = Path(__file__).resolve().parents[1]
HISTORIES = ROOT / "tests" / "fixtures" / "histories"


def _bare(sandbox: Sandbox | None) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        (root / "home").mkdir()
        command = [sys.executable, "-c", "pass"]
        if sandbox is not None:
            command = wrap(command, sandbox, root, root)
        env = kernel_environment(root / "home")
        subprocess.run(launcher_command(2048, 60) + command, cwd=root, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    repeats = parser.parse_args().repeats
    sandbox = Sandbox() if bwrap_path() is not None else None
    packages = load_course(ROOT).packages
    bare = median_seconds(lambda: _bare(sandbox), repeats)
    probe = median_seconds(lambda: import_problems(packages, sandbox, 2048), repeats)
    where = "sandbox" if sandbox is not None else "no sandbox"
    print(f"package check ({len(packages)} packages, {where}): {probe:.2f} s")
    print(f"  bare python start, same way:  {bare:.2f} s   ratio {probe / bare:.1f}x")
    json_read = median_seconds(lambda: read_log(HISTORIES / "keras-history" / "history.json"), 20)
    print(f"history.json read:              {1000 * json_read:.2f} ms")
    started = time.perf_counter()
    read_log(HISTORIES / "wandb-keras-callback" / "wandb")
    print(f"first W&B run read (imports wandb): {time.perf_counter() - started:.2f} s")
    for form, name in (("csvlogger", "training.log"), ("wandb-keras-callback", "wandb")):
        seconds = median_seconds(lambda f=form, n=name: read_log(HISTORIES / f / n), 20)
        print(f"{form:<31} {1000 * seconds:.2f} ms   ratio {seconds / json_read:.1f}x")


if __name__ == "__main__":
    main()
