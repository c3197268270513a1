"""Course-wide settings: ``course.toml`` beside ``reference/`` (optional; every key optional).

``grader grade`` reads it and stores what it read in the gradebook, so ``grader report``,
``grader export`` and ``grader review`` use the same settings without the course folder. Only the
tables this module knows are read here; other tables of the file belong to other parts of the
grader and are left to them.

    [leaderboard]                         # opt-in: an anonymous ranking of measured accuracies
    assignments = ["04_fashion_mnist_cnn"]

    [lms]
    ilias_passed_at = 0.5                 # share of an assignment's points that sets ILIAS'
                                          # status to "passed" (without it the status stays)

    [roster]
    file = "roster.csv"                   # imported into the gradebook by every `grader grade`
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from grader.errors import SpecError

COURSE_FILE = "course.toml"


@dataclass(frozen=True)
class CourseSettings:
    leaderboard: tuple[str, ...] = ()
    ilias_passed_at: float | None = None
    roster: Path | None = None

    def stored(self) -> dict[str, Any]:
        data = asdict(self)
        data["leaderboard"] = list(self.leaderboard)
        data["roster"] = str(self.roster) if self.roster else None
        return data

    @classmethod
    def from_stored(cls, data: dict[str, Any] | None) -> CourseSettings:
        if not data:
            return cls()
        roster = data.get("roster")
        return cls(
            tuple(data.get("leaderboard", ())),
            data.get("ilias_passed_at"),
            Path(roster) if roster else None,
        )


def load_course(root: Path) -> CourseSettings:
    path = root / COURSE_FILE
    if not path.is_file():
        return CourseSettings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SpecError(f"{path}: not valid TOML: {error}") from error
    board = _table(raw, "leaderboard", path)
    lms = _table(raw, "lms", path)
    roster = _table(raw, "roster", path)
    assignments = board.get("assignments", [])
    if not isinstance(assignments, list) or not all(isinstance(a, str) for a in assignments):
        raise SpecError(f"{path}: leaderboard.assignments must be a list of assignment names")
    passed_at = lms.get("ilias_passed_at")
    if passed_at is not None and not (
        isinstance(passed_at, int | float) and 0 <= float(passed_at) <= 1
    ):
        raise SpecError(f"{path}: lms.ilias_passed_at must be a share between 0 and 1")
    file = roster.get("file")
    if file is not None and not (root / str(file)).is_file():
        raise SpecError(f"{path}: roster.file: {root / str(file)} does not exist")
    return CourseSettings(
        tuple(assignments),
        None if passed_at is None else float(passed_at),
        (root / str(file)).resolve() if file else None,
    )


def _table(raw: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise SpecError(f"{path}: [{key}] must be a table")
    return value
