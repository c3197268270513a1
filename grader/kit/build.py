"""A student kit: self-checking without the solutions.

``grader kit OUT`` grades each reference notebook through the normal pipeline on its public
checks only, and stores what those checks compare with (their expectations,
``grader.grading.expectations``) as data. The kit holds the exercise notebooks, the public checks
(the spec reduced to them, the hidden ones only counted per task), their expectations, the files
the notebooks load beside themselves, a README and ``kit.json`` (the grader and reference versions
it was built from). It holds no reference notebook, no solution code, no hidden check's parameters
or values, no held-out or private data: the evaluation images come from the student's own Keras
cache, where ``keras.datasets`` puts them.

``grader check`` finds a kit like a course folder (``kit.json`` at or above the working folder)
and runs the public checks with the very rules and stored expectations of the instructor's
grading, so a public check decides alike in both.
"""

from __future__ import annotations

import importlib.metadata
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import grader
from grader import DISTRIBUTION, __version__
from grader.course.spec import (
    AssignmentSpec,
    load_assignment,
    missing_data,
    parse_assignment,
    read_spec_file,
    reference_version,
)
from grader.errors import SpecError, UsageError
from grader.grading.expectations import to_json
from grader.grading.plan import make_plan
from grader.grading.submission import GradeOptions, GradingSession, grade_notebook
from grader.report.environment import environment, sayer
from grader.results.records import TaskResult, TaskStatus
from grader.text.messages import Message, msg

KIT_FILE = "kit.json"
KIT_SEED = 0  # public checks use fixed inputs; the kit checks with the seed it was built with
KERAS_CACHE = "~/.keras/datasets"  # where keras.datasets keeps what it downloaded
KERAS_MAJOR = 3  # models are read with Keras 3's safe mode (.keras files)


class KitError(UsageError):
    """A kit that cannot be used as it is; its message reaches the student in their language."""


@dataclass(frozen=True)
class KitAssignment:
    """What ``kit.json`` records of one assignment."""

    name: str
    reference_version: str  # of the course's reference and spec when the kit was built
    public_checks: int
    hidden_checks: int

    def counts(self) -> dict[str, object]:
        return {"assignment": self.name, "public": self.public_checks, "hidden": self.hidden_checks}


# -- building -------------------------------------------------------------------------------


def public_spec_data(spec: AssignmentSpec, keras_cache: str = KERAS_CACHE) -> dict[str, Any]:
    """The spec reduced to its public checks: hidden checks are only counted per task, data
    folders are the student's Keras cache, private images are dropped."""
    raw = read_spec_file(spec.spec_file)
    public = [dict(r, id=c.id) for r, c in zip(raw.get("checks", []), spec.checks, strict=True)]
    public = [check for check, c in zip(public, spec.checks, strict=True) if not c.hidden]
    withheld: dict[str, dict[str, float]] = {}
    for check in spec.checks:
        if check.hidden:
            entry = withheld.setdefault(check.task, {"checks": 0, "points": 0.0})
            entry["checks"] += 1
            entry["points"] += check.points
    tasks = {
        task.id: {
            "title": dict(task.titles) if task.titles else task.title,
            "points": sum(c.points for c in spec.checks_of(task.id) if not c.hidden),
        }
        for task in spec.tasks
    }
    data: dict[str, Any] = {k: raw[k] for k in ("assignment", "title", "execution") if k in raw}
    data |= {
        "tasks": tasks,
        "checks": public,
        "withheld": withheld,
        "training_tasks": list(spec.training_tasks),
        "artifacts": list(spec.artifacts),
        "data": _public_data(spec, public_measures=bool(public) and _measures(spec, public)),
    }
    return data


def _measures(spec: AssignmentSpec, public: list[dict[str, Any]]) -> bool:
    ids = {check["id"] for check in public}
    public_spec = replace(spec, checks=tuple(c for c in spec.checks if c.id in ids))
    return make_plan(public_spec, KIT_SEED).measures_accuracy


def _public_data(spec: AssignmentSpec, public_measures: bool) -> dict[str, Any]:
    """Data a student may have: the files beside the notebook (shipped in the kit) and the Keras
    cache's folders (the student's own). Evaluation images must be among the latter."""
    folders = {name: f"{KERAS_CACHE}/{name}" for name in spec.data.keras_cache}
    data: dict[str, Any] = {
        "folders": folders,
        "keras_cache": list(spec.data.keras_cache),
        "beside_notebook": [f"exercises/{p.name}" for p in spec.data.beside_notebook],
    }
    evaluation = spec.data.evaluation
    if public_measures and evaluation is not None:
        source = next((n for n, p in spec.data.folders if p == evaluation.source), None)
        if source not in folders:
            raise SpecError(
                msg(
                    "kit.private_evaluation",
                    file=str(spec.spec_file),
                    source=str(evaluation.source),
                )
            )
        data["evaluation"] = {"source": source, "split": evaluation.split, "pad": evaluation.pad}
        if evaluation.limit is not None:
            data["evaluation"]["limit"] = evaluation.limit
    return data


@dataclass(frozen=True)
class Kit:
    assignments: tuple[KitAssignment, ...]
    wheel: Path | None  # the grader's wheel in the kit, for the students' pip install


def build_kit(course_root: Path, out: Path, names: list[str], lang: str, wheel: bool) -> Kit:
    """Writes the kit into ``out``; each reference must pass its own public checks first."""
    (out / "checks").mkdir(parents=True, exist_ok=True)
    (out / "exercises").mkdir(exist_ok=True)
    kit = Kit(
        tuple(_build_one(course_root, out, name) for name in names),
        build_wheel(out) if wheel else None,
    )
    record = {
        "grader_version": __version__,
        "assignments": {a.name: a.__dict__ for a in kit.assignments},
    }
    (out / KIT_FILE).write_text(json.dumps(record, indent=2), encoding="utf-8")
    keras_data = any(
        load_kit_assignment(out, a.name, {}, require_data=False).data.keras_cache
        for a in kit.assignments
    )
    readme = (
        environment(escape=False)
        .get_template("kit_readme.md.j2")
        .render(
            distribution=DISTRIBUTION,
            say=sayer(lang),
            kit=kit,
            version=__version__,
            keras_data=keras_data,
            python=_requires_python(),
        )
    )
    (out / "README.md").write_text(readme, encoding="utf-8")
    return kit


def _lost(task: TaskResult) -> Message:
    """A task the reference did not pass, with its status and, where a check could not judge,
    why (a reference that gave no answer): what the instructor must fix."""
    status = msg(f"task.{task.status.value}")
    why = next((c.error for c in task.checks if c.error is not None), None)
    if why is None:
        return msg("kit.lost_task", task=task.task, status=status)
    return msg("kit.lost_task_why", task=task.task, status=status, why=why)


def _requires_python() -> str:
    """The Python versions the grader's wheel installs on, as its metadata says."""
    try:
        return importlib.metadata.metadata(DISTRIBUTION)["Requires-Python"] or "3"
    except importlib.metadata.PackageNotFoundError:  # run from a source tree never installed
        return "3"


def _build_one(course_root: Path, out: Path, name: str) -> KitAssignment:
    spec = load_assignment(course_root, name)
    data = public_spec_data(spec)
    spec_file = out / "checks" / f"{name}.json"
    spec_file.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    public = parse_assignment(data, spec.spec_file, course_root, name, {})
    public = replace(public, data=spec.data, withheld=())  # the course's data, for the reference
    session = GradingSession()
    result = grade_notebook(spec.reference_notebook, public, GradeOptions(KIT_SEED), session)
    if not result.nothing_lost:  # a manual task waits for a person, in a kit too
        lost = [_lost(task) for task in result.tasks if task.status != TaskStatus.PASSED]
        problem = result.problem or lost
        raise SpecError(msg("kit.reference_fails", name=name, problem=problem))
    expected = session.expectations((name, reference_version(public), KIT_SEED))
    assert expected is not None, "grading the reference leaves its expectations in the session"
    (out / "checks" / f"{name}.expected.json").write_text(to_json(expected), encoding="utf-8")
    shutil.copyfile(spec.exercise, out / "exercises" / f"{name}.ipynb")
    for source in spec.data.beside_notebook:
        shutil.copyfile(source, out / "exercises" / source.name)
    hidden = sum(w.checks for w in parse_assignment(data, spec_file, out, name, {}).withheld)
    return KitAssignment(name, reference_version(spec), len(data["checks"]), hidden)


def build_wheel(out: Path) -> Path | None:
    """The grader's own wheel, for the students' `pip install`; None where the grader was not
    installed from its source tree (then the README's pip line names the package instead)."""
    project = Path(grader.__file__).resolve().parent.parent
    if not (project / "pyproject.toml").is_file():
        return None
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    completed = subprocess.run(
        [*command, "-w", str(out), str(project)], capture_output=True, timeout=600, check=False
    )
    wheels = sorted(out.glob(f"{DISTRIBUTION.replace('-', '_')}-*.whl"))
    return wheels[-1] if completed.returncode == 0 and wheels else None


def zip_kit(out: Path) -> Path:
    return Path(shutil.make_archive(str(out), "zip", root_dir=out.parent, base_dir=out.name))


# -- using --------------------------------------------------------------------------------------


def kit_record(kit_root: Path) -> dict[str, Any]:
    try:
        record = json.loads((kit_root / KIT_FILE).read_text(encoding="utf-8"))
        assignments = record["assignments"]
    except (OSError, ValueError, KeyError, TypeError):
        raise KitError(msg("kit.unreadable", path=str(kit_root / KIT_FILE))) from None
    if not isinstance(assignments, dict):
        raise KitError(msg("kit.unreadable", path=str(kit_root / KIT_FILE)))
    return dict(record)


def kit_assignments(kit_root: Path) -> list[str]:
    return sorted(kit_record(kit_root)["assignments"])


def load_kit_assignment(
    kit_root: Path, name: str, data: dict[str, Path] | None = None, require_data: bool = True
) -> AssignmentSpec:
    """A kit's assignment: its public checks, with the stored expectations instead of a
    reference; a missing Keras cache folder says how to get it."""
    if name not in kit_assignments(kit_root):
        known = ", ".join(kit_assignments(kit_root))
        raise KitError(msg("kit.unknown_assignment", assignment=name, known=known))
    spec_file = kit_root / "checks" / f"{name}.json"
    try:
        raw = json.loads(spec_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise KitError(msg("kit.unreadable", path=str(spec_file))) from None
    spec = parse_assignment(raw, spec_file, kit_root, name, data or {})
    spec = replace(
        spec, reference=None, stored_expectations=kit_root / "checks" / f"{name}.expected.json"
    )
    missing = missing_data(spec) if require_data else None
    if missing is not None:
        raise KitError(msg("kit.data_missing", folder=str(missing), name=missing.name))
    return spec


def keras_problem(spec: AssignmentSpec) -> Message | None:
    """A kit's check that reads a Keras model needs the student's own Keras 3: the wheel brings
    none, so that installing it never replaces the student's Keras or TensorFlow (a GPU build,
    Colab's). None where it is there or not needed; else what is wrong and what to do."""
    needs = [check.needs for check in make_plan(spec, KIT_SEED).checks]
    if not any(n.models or any(a.endswith(".keras") for a in n.artifacts) for n in needs):
        return None
    try:
        version = importlib.metadata.version("keras")
    except importlib.metadata.PackageNotFoundError:
        return msg("kit.no_keras", assignment=spec.name)
    major = version.split(".")[0]
    if major.isdigit() and int(major) >= KERAS_MAJOR:
        return None
    return msg("kit.old_keras", assignment=spec.name, version=version)


def kit_notes(kit_root: Path, name: str, course_root: Path | None) -> tuple[Message, ...]:
    """What the student should know about the kit itself: built by another grader version, or
    older than the course's current reference (where the course folder is at hand)."""
    record = kit_record(kit_root)
    notes = []
    if record.get("grader_version") != __version__:
        notes.append(
            msg("kit.other_version", kit=str(record.get("grader_version")), grader=__version__)
        )
    built = record["assignments"].get(name, {}).get("reference_version")
    if course_root is not None and (course_root / "reference" / f"{name}.toml").is_file():
        current = reference_version(load_assignment(course_root, name))
        if built != current:
            notes.append(msg("kit.stale", assignment=name))
    return tuple(notes)
