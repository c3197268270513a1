"""Running the adversarial corpus as one sandboxed batch and comparing each case with its
expected.json. Shared by the test (which asserts) and benchmarks/adversarial_figures.py (which
prints the catalogue's figures)."""

from __future__ import annotations

import json
import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from grader.batch.run import BatchOptions, Progress, run_batch
from grader.results.gradebook import Gradebook

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).parent / "cases"
ASSIGNMENTS = ("01_convolution", "02_parameters", "03_lenet5", "04_fashion_mnist_cnn")
KERAS = {"03_lenet5", "04_fashion_mnist_cnn"}  # own limits: importing TensorFlow takes seconds
# 6 s: a cell importing SciPy (INT-24d) fits on a busy 2-core machine; loops still end in seconds
FAST_LIMITS = (
    "[execution]\ncell_timeout_s = 6\nnotebook_timeout_s = 20\n"
    "call_timeout_s = 2\nmemory_mb = 2048\n"
)
SECRET = "s3cr3t-canary"
HUGE_BYTES = 21 * 1024 * 1024


@dataclass
class Outcome:
    case: str
    category: str
    expected: dict[str, Any]
    status: str | None = None
    points: float | None = None
    tasks: dict[str, float] = field(default_factory=dict)
    flagged: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def undeserved(self) -> float:
        """Points above what the submission deserves (the goal is 0)."""
        if self.points is None:
            return 0.0
        ceiling = self.expected.get("max_points", self.expected.get("points", 0))
        return max(0.0, self.points - ceiling)


def fast_course(folder: Path) -> Path:
    """The bundled assignments with short time limits, so the corpus runs in about a minute."""
    for sub in ("reference", "exercises"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    shutil.copytree(ROOT / "data" / "mnist", folder / "data" / "mnist")
    shutil.copytree(ROOT / "data" / "fashion-mnist", folder / "data" / "fashion-mnist")
    shutil.copyfile(
        ROOT / "data" / "fashion-mnist-check.npz", folder / "data" / "fashion-mnist-check.npz"
    )
    for name in ("fashion_cnn.keras", "history.json"):  # 04's reference model, trained once
        shutil.copyfile(ROOT / "reference" / name, folder / "reference" / name)
    shutil.copyfile(
        ROOT / "exercises" / "mnist_ziffern.npz", folder / "exercises" / "mnist_ziffern.npz"
    )
    for name in ASSIGNMENTS:
        spec = (ROOT / "reference" / f"{name}.toml").read_text()
        if name not in KERAS:
            spec = re.sub(r"\[execution\].*?\n\n", FAST_LIMITS + "\n", spec, flags=re.DOTALL)
        (folder / "reference" / f"{name}.toml").write_text(spec)
        for sub in ("reference", "exercises"):
            shutil.copyfile(ROOT / sub / f"{name}.ipynb", folder / sub / f"{name}.ipynb")
    return folder


def submissions(folder: Path) -> Path:
    """The cases as a course folder, plus the two cases that cannot live in a repository."""
    shutil.copytree(CASES, folder)
    huge = folder / "MAL-09_huge-saved-outputs"
    huge.mkdir()
    notebook = json.loads((ROOT / "reference" / "01_convolution.ipynb").read_text())
    notebook["cells"][1]["outputs"] = [
        {"output_type": "display_data", "metadata": {}, "data": {"image/png": "A" * HUGE_BYTES}}
    ]
    (huge / "01_convolution.ipynb").write_text(json.dumps(notebook))
    (huge / "expected.json").write_text(
        json.dumps({"id": "MAL-09", "status": "NOT_GRADABLE", "points": 0})
    )
    link = folder / "MAL-10_symlink-to-reference"
    link.mkdir()
    (link / "01_convolution.ipynb").symlink_to(ROOT / "reference" / "01_convolution.ipynb")
    (link / "expected.json").write_text(
        json.dumps({"id": "MAL-10", "unplaced": "not a regular file"})
    )
    return folder


def run(work: Path, workers: int = 2) -> tuple[list[Outcome], list[tuple[str, str]]]:
    course, cases, out = (
        fast_course(work / "course"),
        submissions(work / "submissions"),
        work / "out",
    )
    os.environ["GRADER_CANARY_TOKEN"] = SECRET  # a secret the sandbox must never show
    try:
        options = BatchOptions(cases, out, course, ASSIGNMENTS, workers=workers, seed=7)
        run_batch(options, Progress(open(os.devnull, "w")))  # noqa: SIM115
    finally:
        del os.environ["GRADER_CANARY_TOKEN"]
    with Gradebook.open(out, write=False) as book:
        stored = {s.student: s.result for s in book.all()}
        unplaced = book.unplaced()
    outcomes = [_compare(folder, stored, unplaced) for folder in sorted(cases.iterdir())]
    return outcomes, unplaced


def _compare(folder: Path, stored: dict[str, Any], unplaced: list[tuple[str, str]]) -> Outcome:
    expected = json.loads((folder / "expected.json").read_text())
    outcome = Outcome(folder.name, folder.name.split("-")[0], expected)
    if "unplaced" in expected:
        if not any(
            path.startswith(str(folder)) and expected["unplaced"] in reason
            for path, reason in unplaced
        ):
            outcome.problems.append("was not reported as unplaced")
        return outcome
    result = stored.get(folder.name)
    if result is None:
        outcome.problems.append("no result in the gradebook")
        return outcome
    outcome.status, outcome.points = result.status.value, result.points
    outcome.tasks = {t.task: t.points for t in result.tasks}
    outcome.flagged = bool(result.warnings)
    allowed = expected.get("status_in", [expected.get("status")])
    if outcome.status not in allowed:
        outcome.problems.append(f"status {outcome.status}, expected {' or '.join(allowed)}")
    if "points" in expected and outcome.points != expected["points"]:
        outcome.problems.append(f"{outcome.points} points, expected {expected['points']}")
    if outcome.undeserved > 0:
        outcome.problems.append(f"{outcome.undeserved} undeserved points")
    for task, points in expected.get("tasks", {}).items():
        if outcome.tasks.get(task) != points:
            outcome.problems.append(
                f"task {task}: {outcome.tasks.get(task)} points, expected {points}"
            )
    flags = expected.get("flagged_in", [expected.get("flagged", False)])
    if outcome.flagged not in flags:
        outcome.problems.append(f"flagged is {outcome.flagged}, expected {flags}")
    outcome.problems += [
        f"{path} exists" for path in expected.get("must_not_exist", []) if os.path.lexists(path)
    ]
    return outcome
