"""Assignment specs: the instructor's TOML file that sits next to each reference notebook.

A course folder holds ``reference/<assignment>.ipynb`` (the solution),
``reference/<assignment>.toml`` (tasks, points and checks) and ``exercises/<assignment>.ipynb`` (the
student version). Errors name the file and the key, so an instructor can fix a spec without reading
grader code.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Collection
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import numpy as np

from grader.boundary import ExecutionLimits
from grader.errors import SpecError
from grader.intake.discover import AssignmentParts
from grader.rules import get_rule, unknown_rule
from grader.rules.base import ParamError
from grader.text.messages import msg

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, as the package tomli (a dependency there)
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

COMMON_CHECK_KEYS = {"id", "task", "rule", "points", "hidden", "gate", "round_down_to"}
DATA_KEYS = {"folders", "keras_cache", "beside_notebook", "evaluation"}


@dataclass(frozen=True)
class Withheld:
    """Hidden checks of a task that a student kit does not run: counted, never described."""

    task: str
    checks: int
    points: float


@dataclass(frozen=True)
class TaskSpec:
    """``title``: in the course language (German), what ``--task`` and the instructor's tables
    use; ``titles``: the title by language where the spec gives a table (``{de = .., en = ..}``)."""

    id: str
    points: float
    title: str
    titles: tuple[tuple[str, str], ...] = ()

    def title_in(self, lang: str) -> str:
        """The title in ``lang``, else the German one."""
        return dict(self.titles).get(lang, self.title)


@dataclass(frozen=True)
class CheckSpec:
    """One check of one task. ``gate``: when it fails, the whole task scores 0."""

    id: str
    task: str
    rule: str
    points: float
    hidden: bool
    gate: bool
    params: Any
    round_down_to: float | None = None  # partial points as a multiple of this (e.g. 0.5)


@dataclass(frozen=True)
class EvaluationSpec:
    """The images the grader measures models on: a data folder's (or .npz file's) split, scaled
    to [0, 1], zero-padded by ``pad`` pixels on each side, channels last."""

    source: Path
    split: str = "test"
    pad: int = 0
    limit: int | None = None  # the first N images only (quick checks); None: all
    check: Path | None = None  # private images (.npz, x_test/y_test) to compare accuracies on


@dataclass(frozen=True)
class DataSpec:
    """Where an assignment's data comes from. ``folders``: named data folders (a course points a
    name elsewhere with ``--data NAME=FOLDER``); ``keras_cache``: folders the kernel's Keras cache
    gets; ``beside_notebook``: files copied into the notebook's working folder."""

    folders: tuple[tuple[str, Path], ...] = ()
    keras_cache: tuple[str, ...] = ()
    beside_notebook: tuple[Path, ...] = ()
    evaluation: EvaluationSpec | None = None

    def folder(self, name: str) -> Path:
        return dict(self.folders)[name]


@dataclass(frozen=True)
class AssignmentSpec:
    """An assignment as the grader sees it. A course's spec has its ``reference`` notebook; a
    student kit's has none: its public checks' ``expected`` values are stored as data instead,
    and ``withheld`` counts the hidden checks it leaves to the final grading."""

    name: str
    title: str
    spec_file: Path
    reference: Path | None
    exercise: Path
    tasks: tuple[TaskSpec, ...]
    checks: tuple[CheckSpec, ...]
    limits: ExecutionLimits
    data: DataSpec = DataSpec()
    training_tasks: tuple[str, ...] = ()  # their cells run only with --retrain
    artifacts: tuple[str, ...] = ()  # files handed in beside the notebook: the one list of them
    stored_expectations: Path | None = (
        None  # a kit's stored expectations (grader.grading.expectations)
    )
    withheld: tuple[Withheld, ...] = ()

    @property
    def max_points(self) -> float:
        return sum(task.points for task in self.tasks)

    @property
    def reference_notebook(self) -> Path:
        if self.reference is None:
            raise SpecError(msg("spec.kit_no_reference", name=self.name))
        return self.reference

    def checks_of(self, task_id: str) -> tuple[CheckSpec, ...]:
        return tuple(check for check in self.checks if check.task == task_id)


def reference_version(spec: AssignmentSpec) -> str:
    """Fingerprint of what defines correct answers: a changed reference or spec means regrading
    (and a kit built from an older one is stale)."""
    digest = hashlib.sha256()
    sources = (spec.reference, spec.stored_expectations)
    artifacts = (s.parent / name for s in sources if s is not None for name in spec.artifacts)
    for path in (spec.spec_file, *(s for s in sources if s is not None), *artifacts):
        digest.update(path.read_bytes() if path.is_file() else b"")
    return digest.hexdigest()[:16]


def find_course_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that has a ``reference/`` folder with specs."""
    for folder in (start.resolve(), *start.resolve().parents):
        if any((folder / "reference").glob("*.toml")):
            return folder
    return None


def list_assignments(course_root: Path) -> list[str]:
    return sorted(path.stem for path in (course_root / "reference").glob("*.toml"))


def load_assignment(
    course_root: Path, name: str, data: dict[str, Path] | None = None
) -> AssignmentSpec:
    """``data`` points named data folders elsewhere (the course's full data sets, say)."""
    spec_file = course_root / "reference" / f"{name}.toml"
    if not spec_file.is_file():
        known = ", ".join(list_assignments(course_root)) or "–"
        raise SpecError(
            msg("spec.unknown_assignment", name=repr(name), file=str(spec_file), known=known)
        )
    spec = parse_assignment(read_spec_file(spec_file), spec_file, course_root, name, data or {})
    missing = missing_data(spec)
    if missing is not None:
        raise SpecError(msg("spec.no_data", file=str(spec_file), path=str(missing)))
    return spec


def read_spec_file(spec_file: Path) -> dict[str, Any]:
    """The spec as TOML gives it (what a student kit reduces to the public checks)."""
    try:
        return tomllib.loads(spec_file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SpecError(msg("spec.not_toml", file=str(spec_file), error=str(error))) from error


def missing_data(spec: AssignmentSpec) -> Path | None:
    """The first data folder or file the spec names that does not exist, if any."""
    evaluation = spec.data.evaluation
    check = (evaluation.check,) if evaluation and evaluation.check else ()
    for folder in (*(p for _, p in spec.data.folders), *spec.data.beside_notebook, *check):
        if not folder.exists():
            return folder
    return None


def parse_assignment(
    data: dict[str, Any], spec_file: Path, root: Path, name: str, overrides: dict[str, Path]
) -> AssignmentSpec:
    if data.get("assignment", name) != name:
        named = repr(data["assignment"])
        raise SpecError(
            msg("spec.assignment_name", file=str(spec_file), found=named, expected=repr(name))
        )
    tasks = tuple(
        _parse_task(task_id, raw, spec_file)
        for task_id, raw in _table(data, "tasks", spec_file).items()
    )
    task_ids = {task.id for task in tasks}
    checks = tuple(
        _parse_check(index, raw, spec_file, task_ids)
        for index, raw in enumerate(data.get("checks", []))
    )
    _require_unique([check.id for check in checks], spec_file, "checks.id")
    for task in tasks:
        total = sum(check.points for check in checks if check.task == task.id)
        if abs(total - task.points) > 1e-9:
            raise SpecError(
                msg(
                    "spec.points_mismatch",
                    file=str(spec_file),
                    task=task.id,
                    total=str(total),
                    points=str(task.points),
                )
            )
    artifacts = tuple(str(a) for a in data.get("artifacts", []))
    _require_listed_artifacts(checks, artifacts, spec_file)
    return AssignmentSpec(
        name=name,
        title=str(data.get("title", name)),
        spec_file=spec_file,
        reference=root / "reference" / f"{name}.ipynb",
        exercise=root / "exercises" / f"{name}.ipynb",
        tasks=tasks,
        checks=checks,
        limits=_parse_limits(data.get("execution", {}), spec_file),
        data=_parse_data(data.get("data", {}), spec_file, root, overrides),
        training_tasks=_task_list(data, "training_tasks", spec_file, task_ids),
        artifacts=artifacts,
        withheld=_parse_withheld(data.get("withheld", {}), spec_file, task_ids),
    )


def _parse_withheld(raw: Any, spec_file: Path, task_ids: set[str]) -> tuple[Withheld, ...]:
    if not isinstance(raw, dict) or set(raw) - task_ids:
        raise SpecError(msg("spec.withheld_table", file=str(spec_file)))
    try:
        return tuple(
            Withheld(task, int(entry["checks"]), float(entry["points"]))
            for task, entry in raw.items()
        )
    except (KeyError, TypeError, ValueError) as error:
        raise SpecError(msg("spec.withheld_entry", file=str(spec_file), error=str(error))) from None


def _require_listed_artifacts(
    checks: tuple[CheckSpec, ...], artifacts: tuple[str, ...], spec_file: Path
) -> None:
    """A file a check reads beside the notebook must be in ``artifacts``: the batch finds,
    hashes and regrades handed-in files by that list alone."""
    for check in checks:
        needs = get_rule(check.rule).needs(check.params, np.random.default_rng(0))
        unlisted = sorted(set(needs.artifacts) - set(artifacts))
        if unlisted:
            raise SpecError(
                msg(
                    "spec.unlisted_artifacts",
                    file=str(spec_file),
                    check=repr(check.id),
                    files=str(unlisted),
                )
            )


def _parse_task(task_id: str, raw: Any, spec_file: Path) -> TaskSpec:
    if not isinstance(raw, dict) or not isinstance(raw.get("points"), int | float):
        raise SpecError(msg("spec.task_table", file=str(spec_file), task=task_id))
    title, titles = _title(raw.get("title", task_id), f"{spec_file}: tasks.{task_id}.title")
    return TaskSpec(id=task_id, points=float(raw["points"]), title=title, titles=titles)


TITLE_LANGUAGES = ("de", "en")


def _title(raw: Any, where: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A title: a string (German), or a table by language that has at least the German one."""
    if not isinstance(raw, dict):
        return str(raw), ()
    unknown = sorted(set(raw) - set(TITLE_LANGUAGES))
    if unknown or not isinstance(raw.get("de"), str):
        languages = ", ".join(TITLE_LANGUAGES)
        raise SpecError(msg("spec.title", where=where, languages=languages, found=repr(raw)))
    if not all(isinstance(value, str) for value in raw.values()):
        raise SpecError(msg("spec.title_strings", where=where, found=repr(raw)))
    return raw["de"], tuple((lang, raw[lang]) for lang in TITLE_LANGUAGES if lang in raw)


def _parse_check(index: int, raw: Any, spec_file: Path, task_ids: set[str]) -> CheckSpec:
    where = f"{spec_file}: checks[{index}]"
    if not isinstance(raw, dict):
        raise SpecError(msg("spec.check_table", where=where))
    if raw.get("task") not in task_ids:
        task = repr(raw.get("task"))
        raise SpecError(msg("spec.check_task", where=where, task=task, tasks=str(sorted(task_ids))))
    try:
        rule = get_rule(str(raw.get("rule")))
    except KeyError:
        problem = unknown_rule(str(raw.get("rule")))
        raise SpecError(msg("spec.check_rule", where=where, problem=problem)) from None
    params = {key: value for key, value in raw.items() if key not in COMMON_CHECK_KEYS}
    try:
        parsed = rule.parse(params)
    except (TypeError, ValueError, KeyError) as error:
        said = error.message if isinstance(error, ParamError) else str(error)  # --lang where it can
        raise SpecError(msg("spec.check_params", where=where, rule=rule.name, error=said)) from None
    return CheckSpec(
        id=str(raw.get("id", f"{raw['task']}/{index}")),
        task=raw["task"],
        rule=rule.name,
        points=float(raw.get("points", 0)),
        hidden=bool(raw.get("hidden", True)),
        gate=bool(raw.get("gate", False)),
        params=parsed,
        round_down_to=float(raw["round_down_to"]) if "round_down_to" in raw else None,
    )


def _task_list(
    data: dict[str, Any], key: str, spec_file: Path, task_ids: set[str]
) -> tuple[str, ...]:
    tasks = tuple(str(t) for t in data.get(key, []))
    unknown = set(tasks) - task_ids
    if unknown:
        raise SpecError(
            msg("spec.not_tasks", file=str(spec_file), table=key, names=str(sorted(unknown)))
        )
    return tasks


def _parse_data(raw: Any, spec_file: Path, root: Path, overrides: dict[str, Path]) -> DataSpec:
    _only_keys(raw, DATA_KEYS, spec_file, "data")
    folders = {str(k): root / Path(str(v)).expanduser() for k, v in raw.get("folders", {}).items()}
    for name, folder in overrides.items():
        if name in folders:
            folders[name] = folder.expanduser()
    cache = tuple(str(n) for n in raw.get("keras_cache", []))
    if set(cache) - set(folders):
        unknown = str(sorted(set(cache) - set(folders)))
        raise SpecError(msg("spec.keras_cache", file=str(spec_file), names=unknown))
    evaluation = None
    if "evaluation" in raw:
        table = dict(raw["evaluation"])
        source = str(table.pop("source", ""))
        check = table.pop("check", None)
        try:
            evaluation = EvaluationSpec(
                source=folders.get(source, root / source),
                check=None if check is None else folders.get(str(check), root / str(check)),
                **table,
            )
        except TypeError as error:
            raise SpecError(msg("spec.evaluation", file=str(spec_file), error=str(error))) from None
    return DataSpec(
        folders=tuple(sorted(folders.items())),
        keras_cache=cache,
        beside_notebook=tuple(root / str(p) for p in raw.get("beside_notebook", [])),
        evaluation=evaluation,
    )


def _parse_limits(raw: Any, spec_file: Path) -> ExecutionLimits:
    _only_keys(raw, {f.name for f in fields(ExecutionLimits)}, spec_file, "execution")
    return ExecutionLimits(**raw)


def _only_keys(raw: Any, known: Collection[str], spec_file: Path, table: str) -> None:
    """A table of the spec holds only the keys its record has: a misspelt key would otherwise
    be dropped silently (a limit the course meant to set would not apply)."""
    if not isinstance(raw, dict) or set(raw) - set(known):
        raise SpecError(
            msg("spec.allowed_keys", file=str(spec_file), table=table, allowed=str(sorted(known)))
        )


def _table(data: dict[str, Any], key: str, spec_file: Path) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict) or not value:
        raise SpecError(msg("spec.needs_table", file=str(spec_file), table=key))
    return value


def _require_unique(values: list[str], spec_file: Path, key: str) -> None:
    seen: set[str] = set()
    for value in values:
        if value in seen:
            raise SpecError(msg("spec.twice", file=str(spec_file), table=key, value=repr(value)))
        seen.add(value)


def parts_of(spec: AssignmentSpec) -> AssignmentParts:
    """What discovery needs to know of an assignment: its handed-in files and its task ids."""
    return AssignmentParts(spec.artifacts, frozenset(task.id for task in spec.tasks))
