"""The course's own settings: ``course.toml`` at the course root, beside ``reference/``
(optional; every key optional). Errors name the file and the key, as the assignment specs' do.

    [kernel]
    packages = ["numpy", "scipy", "PIL"]  # what the course's Jupyter offers, as imported; proved
                                          # to import in the sandbox by validate and every batch
    [leaderboard]                         # opt-in: an anonymous ranking of measured accuracies
    assignments = ["04_fashion_mnist_cnn"]

    [lms]
    ilias_passed_at = 0.5                 # share of an assignment's points that sets ILIAS'
                                          # status to "passed" (without it the status stays)
    [roster]
    file = "roster.csv"                   # imported into the gradebook by every `grader grade`

``grader grade`` stores what it read in the gradebook, so ``grader report``, ``grader export``
and ``grader review`` use the same settings without the course folder.
"""

from __future__ import annotations

import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from grader.errors import SpecError
from grader.text.messages import msg

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10: the same parser, as the package tomli (a dependency there)
    import tomli as tomllib  # type: ignore[import-not-found, unused-ignore]

COURSE_FILE = "course.toml"
MODULE_NAME = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
SECTIONS = {
    "kernel": {"packages"},
    "leaderboard": {"assignments"},
    "lms": {"ilias_passed_at"},
    "roster": {"file"},
}


@dataclass(frozen=True)
class CourseSettings:
    """``source`` is the file it was read from (None: the course has no ``course.toml``)."""

    packages: tuple[str, ...] = ()
    leaderboard: tuple[str, ...] = ()
    ilias_passed_at: float | None = None
    roster: Path | None = None
    source: Path | None = None

    def stored(self) -> dict[str, Any]:
        data = asdict(self)
        data["packages"] = list(self.packages)
        data["leaderboard"] = list(self.leaderboard)
        data["roster"] = str(self.roster) if self.roster else None
        data["source"] = str(self.source) if self.source else None
        return data

    @classmethod
    def from_stored(cls, data: dict[str, Any] | None) -> CourseSettings:
        if not data:
            return cls()
        roster, source = data.get("roster"), data.get("source")
        return cls(
            packages=tuple(data.get("packages", ())),
            leaderboard=tuple(data.get("leaderboard", ())),
            ilias_passed_at=data.get("ilias_passed_at"),
            roster=Path(roster) if roster else None,
            source=Path(source) if source else None,
        )


def load_course(root: Path) -> CourseSettings:
    path = root / COURSE_FILE
    if not path.is_file():
        return CourseSettings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SpecError(msg("spec.not_toml", file=str(path), error=str(error))) from error
    _reject_unknown(raw, path)
    assignments = raw.get("leaderboard", {}).get("assignments", [])
    if not isinstance(assignments, list) or not all(isinstance(a, str) for a in assignments):
        raise SpecError(msg("course.leaderboard", file=str(path)))
    passed_at = raw.get("lms", {}).get("ilias_passed_at")
    if passed_at is not None and not (
        isinstance(passed_at, int | float) and 0 <= float(passed_at) <= 1
    ):
        raise SpecError(msg("course.ilias_passed_at", file=str(path)))
    file = raw.get("roster", {}).get("file")
    if file is not None and not (root / str(file)).is_file():
        raise SpecError(msg("course.roster_file", file=str(path), path=str(root / str(file))))
    return CourseSettings(
        packages=_packages(raw.get("kernel", {}).get("packages", []), path),
        leaderboard=tuple(assignments),
        ilias_passed_at=None if passed_at is None else float(passed_at),
        roster=(root / str(file)).resolve() if file else None,
        source=path,
    )


def _reject_unknown(raw: dict[str, Any], path: Path) -> None:
    for section, value in raw.items():
        if section not in SECTIONS:
            raise SpecError(
                msg("course.section", file=str(path), section=section, known=str(sorted(SECTIONS)))
            )
        if not isinstance(value, dict):
            raise SpecError(msg("course.not_table", file=str(path), section=section))
        unknown = set(value) - SECTIONS[section]
        if unknown:
            allowed = str(sorted(SECTIONS[section]))
            raise SpecError(
                msg(
                    "course.keys",
                    file=str(path),
                    section=section,
                    keys=str(sorted(unknown)),
                    allowed=allowed,
                )
            )


def _packages(raw: Any, path: Path) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(name, str) for name in raw):
        raise SpecError(msg("course.packages", file=str(path)))
    bad = [name for name in raw if not MODULE_NAME.fullmatch(name)]
    if bad:
        raise SpecError(msg("course.module_names", file=str(path), names=str(bad)))
    return tuple(dict.fromkeys(raw))
