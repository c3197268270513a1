"""Kill the grader at random points of a batch, resume, and compare with an uninterrupted run.

Builds a course folder of STUDENTS students (01_convolution: correct and defect notebooks), grades
it once without interruption, then for each of KILLS rounds starts `grader grade` as a process,
SIGKILLs its whole process group after a random number of recorded grades, and finishes with
--resume. Prints, per round, the grades recorded before the kill, whether any was graded twice,
and whether the final gradebook.csv equals the uninterrupted one.

Usage: python benchmarks/kill_resume.py [--students N] [--kills K]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from leftovers import orphaned_kernels, recorded_grades  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "notebooks" / "01_convolution"


def _grade(submissions: Path, out: Path, *extra: str) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "grader",
        "grade",
        str(submissions),
        "--out",
        str(out),
        "--seed",
        "9",
        "--workers",
        "2",
        "--course",
        str(ROOT),
        *extra,
    ]
    return subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=12)
    parser.add_argument("--kills", type=int, default=3)
    options = parser.parse_args()
    sources = [ROOT / "reference" / "01_convolution.ipynb", *sorted(FIXTURES.glob("[a-h]*.ipynb"))]
    with tempfile.TemporaryDirectory() as scratch:
        submissions = Path(scratch) / "course"
        for index in range(options.students):
            (submissions / f"s{index:02d}").mkdir(parents=True)
            source = sources[index % len(sources)]
            (submissions / f"s{index:02d}" / "01_convolution.ipynb").write_bytes(
                source.read_bytes()
            )
        straight = Path(scratch) / "straight"
        _grade(submissions, straight).wait()
        expected = (straight / "gradebook.csv").read_text()
        for round_ in range(1, options.kills + 1):
            out = Path(scratch) / f"killed{round_}"
            target = random.randint(1, options.students - 1)
            process = _grade(submissions, out)
            while len(recorded_grades(out)) < target and process.poll() is None:
                time.sleep(0.05)
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            time.sleep(1)
            orphans = len(orphaned_kernels())
            before = recorded_grades(out)
            _grade(submissions, out, "--resume").wait()
            after = recorded_grades(out)
            twice = [s for s in before if after.get(s) != before[s]]
            same = (out / "gradebook.csv").read_text() == expected
            print(
                f"round {round_}: killed after {len(before)} of {options.students} grades; "
                f"kernels left running: {orphans}; graded twice: {len(twice)}; "
                f"final gradebook equals uninterrupted run: {same}"
            )


if __name__ == "__main__":
    main()
