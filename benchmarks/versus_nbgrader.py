"""The grader beside nbgrader on the light notebooks: wall time and the whole tree's peak memory.

Builds a real nbgrader course from reference/01_convolution and reference/02_parameters
(benchmarks/nbgrader_course.py: solution cells, autograder-tests cells with the spec's points,
``nbgrader generate_assignment``) and STUDENTS submissions of each, the same notebooks in the
grader's layout. Then runs, each sampled by benchmarks/process_tree.py (the summed RSS of every
process of the tree: coordinator, workers, launchers, sandboxes, kernels):

- ``nbgrader autograde "*"``: one process, one kernel at a time (nbgrader has no workers);
- ``grader grade --workers 1``: like for like with nbgrader, sandboxed where bubblewrap works;
- ``grader grade --workers 2``.

and prints one table with the ratios grader/nbgrader, the per-process peaks grouped by role (which
process dominates), the goals of issue 26 beside their figures (met or MISSED), the scores both
gave, and what one interpreter weighs after the imports of a grader worker (the modules a
spawned worker imports before it grades anything). Before the measured runs, one unmeasured
grader batch of one student makes what a course's first batch makes once (the import proof,
the references' expectations), so each measured batch is like any later batch.

nbgrader comes with the ``bench`` extra (``pip install -e '.[bench]'``); its dependencies add
jsonschema's optional format checkers (rfc3987-syntax builds a lark grammar at import) to every
process that imports nbformat. The grader never installs them, so its runs hide the packages
only the extra brought (a ``sitecustomize`` on PYTHONPATH), and the import figures show both.

Usage: python benchmarks/versus_nbgrader.py [--students N] [--repeats R] [--keep DIR]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import platform
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bench_extra import bench_only_modules, import_steps
from nbgrader_course import ASSIGNMENTS, ROOT, Course, build, nbgrader_command, tool_environment
from process_tree import MB, TreeMeasurement, measure, measure_call
from tree_roles import print_roles

from grader.execute.sandbox import bwrap_path

# What a spawned worker of `python -m grader grade` imports before grading: the module of the
# function it runs (grader.batch.jobs) and what that needs. multiprocessing's spawn re-runs no
# package's __main__, so the worker never imports grader.cli.main (pandas, Jinja2); the
# coordinator does.
WORKER_IMPORTS = (
    "numpy",
    "jsonschema",
    "nbformat",
    "jupyter_client",
    "nbclient",
    "grader.batch.jobs",
)


HEADER = f"{'wall s':>8}{'s/nb':>8}{'CPU s':>8}{'tree MB':>10}" + "".join(
    f"{title:>9}" for title in ("priv MB", "1 proc")
)


def _grader_command(submissions: Path, out: Path, workers: int) -> list[str]:
    command = [sys.executable, "-m", "grader", "grade", str(submissions), "--out", str(out)]
    command += ["--workers", str(workers), "--seed", "1", "--course", str(ROOT)]
    return command + ([] if bwrap_path() else ["--unsafe-no-sandbox"])


def _grader_environment(scratch: Path, hidden: tuple[str, ...]) -> dict[str, str]:
    """The grader as its users install it: the packages only the bench extra brought cannot
    be imported (they would cost every coordinator and worker their import)."""
    site = scratch / "as-installed"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(
        "import sys\n" + "".join(f"sys.modules[{name!r}] = None\n" for name in hidden)
    )
    return tool_environment() | {"PYTHONPATH": str(site)}


def _nbgrader_scores(course: Path) -> dict[str, float]:
    from nbgrader.api import Gradebook  # the bench extra; imported after the measured runs

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        return {
            f"{s.student_id}/{assignment}": s.score
            for assignment in ASSIGNMENTS
            for s in gradebook.assignment_submissions(assignment)
        }


def _grader_scores(out: Path) -> dict[str, float]:
    with (out / "gradebook_wide.csv").open(newline="", encoding="utf-8-sig") as handle:
        return {
            f"{row['student']}/{assignment}": float(row[assignment])
            for row in csv.DictReader(handle)
            for assignment in ASSIGNMENTS
            if row[assignment]
        }


def _median_run(runs: list[TreeMeasurement]) -> TreeMeasurement:
    return sorted(runs, key=lambda r: r.wall_s)[len(runs) // 2]


def _row(name: str, runs: list[TreeMeasurement], notebooks: int) -> str:
    def median(values: list[float]) -> float:
        return statistics.median(values)

    wall = median([r.wall_s for r in runs])
    figures = [
        f"{wall:8.1f}",
        f"{wall / notebooks:8.2f}",
        f"{median([r.cpu_s for r in runs]):8.1f}",
        f"{median([r.peak_tree_rss for r in runs]) / MB:10.0f}",
        f"{median([r.peak_tree_private for r in runs]) / MB:9.0f}",
        f"{median([r.peak_single_rss for r in runs]) / MB:9.0f}",
    ]
    return f"{name:<28}" + "".join(figures)


def _ratio(runs: list[TreeMeasurement], base: list[TreeMeasurement], field: str) -> str:
    def value(r: TreeMeasurement) -> float:
        return float(getattr(r, field))

    mine = statistics.median([value(r) for r in runs])
    theirs = statistics.median([value(r) for r in base])
    return f"{mine / theirs:.2f}x"


@dataclass(frozen=True)
class Goal:
    """One goal of issue 26 beside the figure measured in this run: a ratio to nbgrader (at
    most ``limit``) or a share of the workers' cores that was busy (at least ``limit``)."""

    name: str
    figure: float
    limit: float
    floor: bool = False  # the figure must reach the limit, not stay under it

    @property
    def met(self) -> bool:
        return self.figure >= self.limit if self.floor else self.figure <= self.limit

    def line(self) -> str:
        if self.floor:
            shown, wanted = f"{100 * self.figure:.0f} %", f">= {100 * self.limit:.0f} %"
        else:
            shown, wanted = f"{self.figure:.2f}x", f"<= {self.limit:g}x"
        return f"{self.name:<56}{shown:>8}  {wanted:<9}{'met' if self.met else 'MISSED'}"


def goals(runs: dict[str, list[TreeMeasurement]]) -> list[Goal]:
    """Issue 26's goals for 01/02: wall time per notebook and the tree's peak memory against
    nbgrader's in the same run, and how busy the workers kept their cores."""

    def median(name: str, field: str) -> float:
        return statistics.median(float(getattr(r, field)) for r in runs[name])

    base = "nbgrader autograde"
    found = []
    for workers, (wall, memory) in ((1, (0.5, 1.0)), (2, (0.3, 1.2))):
        name = f"grader grade --workers {workers}"
        found += [
            Goal(
                f"{name}: wall / nbgrader's",
                median(name, "wall_s") / median(base, "wall_s"),
                wall,
            ),
            Goal(
                f"{name}: tree peak / nbgrader's",
                median(name, "peak_tree_rss") / median(base, "peak_tree_rss"),
                memory,
            ),
            Goal(
                f"{name}: cores busy (CPU s / wall s / {workers})",
                median(name, "cpu_s") / median(name, "wall_s") / workers,
                0.9,
                floor=True,
            ),
        ]
    return found


def _print_imports(hidden: tuple[str, ...]) -> None:
    print("\none fresh interpreter importing what a grader worker imports (RSS after each step):")
    for label, hide in (("as installed", hidden), ("with the bench extra", ())):
        steps, _ = measure_call(import_steps, WORKER_IMPORTS, hide)
        cells = [f"{name} {rss / MB:.0f} MB ({seconds:.1f} s)" for name, rss, seconds in steps]
        print(f"  {label}: " + ", ".join(cells))
    steps, _ = measure_call(import_steps, ("nbgrader.apps",), ())
    cells = [f"{name} {rss / MB:.0f} MB ({seconds:.1f} s)" for name, rss, seconds in steps]
    print("  nbgrader's process: " + ", ".join(cells))


def _warm_up(course: Course, scratch: Path, hidden: tuple[str, ...]) -> None:
    """One unmeasured grader batch of the first student: what a course's first batch makes
    once and later batches find remembered (the proof that the course's packages import in
    the sandbox, the references' expectations for the seed) is made here, so that each
    measured batch is like any batch after the first, not the first after a code change."""
    first = scratch / "warm-up"
    shutil.copytree(course.grader / course.students[0], first / course.students[0])
    command = _grader_command(first, scratch / "out-warm-up", 1)
    figures = measure(command, env=_grader_environment(scratch, hidden), cwd=ROOT)
    if figures.exit_code != 0:
        raise SystemExit(f"the warm-up batch exited {figures.exit_code}")
    print(
        f"warm-up, not measured: one grader batch of {len(ASSIGNMENTS)} notebooks, "
        f"{figures.wall_s:.1f} s, {figures.cpu_s:.1f} s CPU (after a change of the grader's "
        "code or packages, a course's first batch checks its packages and runs its references)"
    )


def _run_all(course: Course, scratch: Path, repeats: int) -> dict[str, list[TreeMeasurement]]:
    hidden = bench_only_modules()
    _warm_up(course, scratch, hidden)
    pristine = scratch / "nbgrader-pristine"
    shutil.copytree(course.nbgrader, pristine)
    runs: dict[str, list[TreeMeasurement]] = {}
    for repeat in range(repeats):
        shutil.rmtree(course.nbgrader)
        shutil.copytree(pristine, course.nbgrader)
        nbgrader = measure(
            nbgrader_command("autograde", "*"), env=tool_environment(), cwd=course.nbgrader
        )
        runs.setdefault("nbgrader autograde", []).append(nbgrader)
        for workers in (1, 2):
            out = scratch / f"out-{workers}-{repeat}"
            command = _grader_command(course.grader, out, workers)
            figures = measure(command, env=_grader_environment(scratch, hidden), cwd=ROOT)
            runs.setdefault(f"grader grade --workers {workers}", []).append(figures)
    for name, measured in runs.items():
        failed = [r.exit_code for r in measured if r.exit_code != 0]
        if failed:
            raise SystemExit(f"{name} exited {failed[0]}")
    return runs


def _print_table(runs: dict[str, list[TreeMeasurement]], notebooks: int) -> None:
    print(f"\n{'':<28}{HEADER}")
    for name, measured in runs.items():
        print(_row(name, measured, notebooks))
    base = runs["nbgrader autograde"]
    for name, measured in runs.items():
        if measured is base:
            continue
        ratios = [
            f"{label} {_ratio(measured, base, field)}"
            for label, field in (
                ("wall", "wall_s"),
                ("tree peak", "peak_tree_rss"),
                ("private", "peak_tree_private"),
                ("largest process", "peak_single_rss"),
                ("CPU", "cpu_s"),
            )
        ]
        print(f"{name} / nbgrader: " + ", ".join(ratios))
    print(
        "tree MB: peak of the summed RSS of all processes; priv MB: the same without "
        "file-backed and shared pages; 1 proc: the largest single process (all that GNU "
        "time's maximum RSS sees); CPU s: user + system of all processes"
    )


def _print_scores(course: Course, scratch: Path) -> None:
    theirs = _nbgrader_scores(course.nbgrader)
    mine = _grader_scores(scratch / "out-1-0")
    differ = [key for key, score in sorted(theirs.items()) if mine.get(key) != score]
    full = [k for k, v in course.sources.items() if v in ASSIGNMENTS]
    print(
        f"\nscores: the same total on {len(theirs) - len(differ)} of {len(theirs)} notebooks; "
        f"the reference notebooks: nbgrader {sorted({theirs[k] for k in full})}, "
        f"grader {sorted({mine[k] for k in full})}"
    )
    for key in differ:
        print(
            f"  {key} ({course.sources[key]}): nbgrader {theirs[key]:g}, grader "
            f"{mine.get(key, float('nan')):g} (the grader runs more cases and the by-hand ban)"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="build the courses here and keep them")
    options = parser.parse_args()
    if importlib.util.find_spec("nbgrader") is None:
        raise SystemExit("nbgrader is not installed: pip install -e '.[bench]'")
    from nbgrader import __version__ as nbgrader_version

    notebooks = options.students * len(ASSIGNMENTS)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"{options.students} students x {len(ASSIGNMENTS)} notebooks = {notebooks}; "
        f"{os.cpu_count()} cores, load average {load} (figures on a loaded machine vary)"
    )
    print(
        f"python {platform.python_version()}, nbgrader {nbgrader_version}, grader "
        f"{'sandboxed (bubblewrap)' if bwrap_path() else 'NOT sandboxed (no bubblewrap)'}; "
        f"median of {options.repeats} run(s)"
    )
    with tempfile.TemporaryDirectory(prefix="versus-nbgrader-") as temporary:
        scratch = options.keep or Path(temporary)
        course = build(scratch / "courses", options.students)
        runs = _run_all(course, scratch, options.repeats)
        _print_table(runs, notebooks)
        print("\ngoals (issue 26), this run:")
        for goal in goals(runs):
            print("  " + goal.line())
        for name, measured in runs.items():
            print_roles(name, _median_run(measured))
        _print_scores(course, scratch)
        _print_imports(bench_only_modules())


if __name__ == "__main__":
    main()
