"""Speed-up of `grader grade --cluster local:N` over one worker, on this machine.

Builds the course of batch_throughput.py (STUDENTS students, each with 01_convolution and
02_parameters: correct notebooks and the defect fixtures), grades it with `--cluster local:1`
(the baseline: one Dask worker process) and `--cluster local:2` into fresh output folders, and
prints for each the wall time (cluster start, preflight and grading: what a user waits for), the
wall time per submission, and the mean time a job took on its worker (from the gradebook) per
assignment; then the ratio. `--with-pool` adds the process pool with 2 workers, for Dask's own
cost. The per-job figures are what an estimate for a bigger course on more nodes starts from.

Usage: python benchmarks/cluster_speedup.py [--students N] [--with-pool]
"""

from __future__ import annotations

import argparse
import io
import os
import sqlite3
import tempfile
import time
from collections import defaultdict
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from batch_throughput import ROOT, _build  # this folder is on sys.path when run as a script

from grader.cli.main import main


def _timed(submissions: Path, out: Path, *where: str) -> float:
    started = time.perf_counter()
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        args = ["grade", str(submissions), "--out", str(out), "--seed", "1"]
        code = main([*args, "--course", str(ROOT), *where])
    assert code == 0, f"grader grade exited {code}"
    return time.perf_counter() - started


def _job_seconds(out: Path) -> dict[str, float]:
    """Mean seconds one job took on its worker, per assignment (the first, which also ran the
    reference, included)."""
    per: dict[str, list[float]] = defaultdict(list)
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        rows = db.execute(
            "SELECT assignment, json_extract(result_json, '$.seconds') FROM submissions"
        )
        for assignment, seconds in rows:
            per[assignment].append(float(seconds))
    return {assignment: sum(s) / len(s) for assignment, s in sorted(per.items())}


def main_benchmark() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--with-pool", action="store_true")
    options = parser.parse_args()
    count = 2 * options.students
    print(
        f"{options.students} students x 2 assignments = {count} submissions; {os.cpu_count()} cores"
    )
    runs = [("local:1", ("--cluster", "local:1")), ("local:2", ("--cluster", "local:2"))]
    if options.with_pool:
        runs.append(("pool, 2 workers", ("--workers", "2")))
    walls = {}
    with tempfile.TemporaryDirectory() as scratch:
        submissions = Path(scratch) / "course"
        _build(submissions, options.students)
        for name, where in runs:
            out = Path(scratch) / name.replace(" ", "").replace(":", "").replace(",", "")
            walls[name] = _timed(submissions, out, *where)
            jobs = ", ".join(f"{a} {s:.2f} s" for a, s in _job_seconds(out).items())
            print(
                f"{name:>16}: {walls[name]:6.1f} s wall, {walls[name] / count:5.2f} s per "
                f"submission; per job on its worker: {jobs}"
            )
    print(f"speed-up local:2 over local:1: {walls['local:1'] / walls['local:2']:.2f}x")
    if options.with_pool:
        pool = walls["pool, 2 workers"]
        print(f"local:2 against the pool with 2 workers: {walls['local:2'] / pool:.2f}x the time")


if __name__ == "__main__":
    main_benchmark()
