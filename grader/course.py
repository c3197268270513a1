"""The course's own settings: ``course.toml`` at the course root, beside ``reference/``.

What it declares today is the kernel environment: the packages a student's course Jupyter
offers (``[kernel] packages``, as they are imported: ``PIL`` for Pillow). ``grader validate`` and
every batch prove, before anybody is graded, that each of them imports inside the sandbox; a
course without the file declares nothing and that check is skipped. Errors name the file and the
key, as the assignment specs' do.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from grader.errors import SpecError

COURSE_FILE = "course.toml"
MODULE_NAME = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
SECTIONS = {"kernel": {"packages"}}


@dataclass(frozen=True)
class CourseConfig:
    """``source`` is the file it was read from (None: the course has no ``course.toml``)."""

    packages: tuple[str, ...] = ()
    source: Path | None = None


def load_course(course_root: Path) -> CourseConfig:
    path = course_root / COURSE_FILE
    if not path.is_file():
        return CourseConfig()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SpecError(f"{path}: not valid TOML: {error}") from error
    _reject_unknown(raw, path)
    return CourseConfig(
        packages=_packages(raw.get("kernel", {}).get("packages", []), path), source=path
    )


def _reject_unknown(raw: dict[str, Any], path: Path) -> None:
    for section, value in raw.items():
        if section not in SECTIONS:
            raise SpecError(f"{path}: unknown section [{section}]; known: {sorted(SECTIONS)}")
        if not isinstance(value, dict):
            raise SpecError(f"{path}: {section}: must be a table [{section}]")
        unknown = set(value) - SECTIONS[section]
        if unknown:
            raise SpecError(
                f"{path}: {section}: unknown key(s) {sorted(unknown)}; "
                f"allowed: {sorted(SECTIONS[section])}"
            )


def _packages(raw: Any, path: Path) -> tuple[str, ...]:
    if not isinstance(raw, list) or not all(isinstance(name, str) for name in raw):
        raise SpecError(f'{path}: kernel.packages: must be a list of names, e.g. ["scipy", "PIL"]')
    bad = [name for name in raw if not MODULE_NAME.fullmatch(name)]
    if bad:
        raise SpecError(
            f"{path}: kernel.packages: {bad} are not module names (write them as you import "
            "them: PIL for Pillow, sklearn for scikit-learn)"
        )
    return tuple(dict.fromkeys(raw))
