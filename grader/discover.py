"""Finding submissions in a course folder, and saying what could not be placed instead of guessing.

Accepted layouts, one folder per student:
- ``COURSE/<student>/<assignment>.ipynb`` with its artifacts beside it;
- the folder an LMS download produces: ``COURSE/<Name>_<id>_assignsubmission_file_/...``;
  the student is then known by the id, and the name is kept for display.
A notebook whose file name is not an assignment is placed by its metadata ``grader.assignment``.
Two notebooks for one assignment, unknown files and links are reported, never graded by guess.
The files handed in beside a notebook are those its spec lists as ``artifacts``: nothing else
names them.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

LMS_FOLDER = re.compile(
    r"^(?P<name>.+?)_(?P<id>\d+)_assign(?:submission|ment)_(?:file|onlinetext)_?$"
)
Artifacts = Mapping[str, tuple[str, ...]]  # assignment -> files handed in beside its notebook
IGNORED = frozenset({".DS_Store", "Thumbs.db", ".ipynb_checkpoints", "__MACOSX", "desktop.ini"})


@dataclass(frozen=True)
class Submission:
    student: str
    display_name: str
    assignment: str
    notebook: Path
    artifacts: tuple[Path, ...] = ()

    def content_hash(self) -> str:
        """Hash of the notebook and its artifacts: an unchanged hash needs no regrading."""
        return content_digest(
            (path.name, path.read_bytes() if _is_regular(path) else b"<unreadable>")
            for path in (self.notebook, *self.artifacts)
        )


def content_digest(files: Iterable[tuple[str, bytes]]) -> str:
    """The content hash of (file name, bytes) pairs: of a submission, or of a job sent for it."""
    digest = hashlib.sha256()
    for name, content in files:
        digest.update(name.encode() + b"\0")
        digest.update(content)
    return digest.hexdigest()


@dataclass(frozen=True)
class Unplaced:
    path: Path
    reason: str


@dataclass(frozen=True)
class Discovery:
    submissions: tuple[Submission, ...]
    unplaced: tuple[Unplaced, ...]
    ambiguous: tuple[
        tuple[Submission, ...], ...
    ]  # several notebooks of one student for one assignment


def _is_regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(path.lstat().st_mode)
    except OSError:
        return False


def student_of(folder_name: str) -> tuple[str, str]:
    """(student key, display name) of a student folder."""
    match = LMS_FOLDER.match(folder_name)
    if match:
        return match.group("id"), match.group("name")
    return folder_name, folder_name


def _metadata_assignment(path: Path) -> str | None:
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("grader", {})
    except (OSError, ValueError, AttributeError):
        return None
    value = meta.get("assignment") if isinstance(meta, dict) else None
    return value if isinstance(value, str) else None


def discover(course: Path, assignments: Artifacts) -> Discovery:
    """Every submission below ``course`` for the given assignments (each with its artifacts)."""
    submissions: list[Submission] = []
    unplaced: list[Unplaced] = []
    ambiguous: list[tuple[Submission, ...]] = []
    for folder in sorted(course.iterdir()):
        if folder.name in IGNORED or folder.name.startswith("."):
            continue
        if folder.is_symlink() or not folder.is_dir():
            unplaced.append(Unplaced(folder, "not a student folder"))
            continue
        found, problems = _student_folder(folder, assignments)
        unplaced += problems
        for group in found.values():
            if len(group) == 1:
                submissions.append(group[0])
            else:
                ambiguous.append(tuple(group))
    return Discovery(tuple(submissions), tuple(unplaced), tuple(ambiguous))


def _student_folder(
    folder: Path, assignments: Artifacts
) -> tuple[dict[str, list[Submission]], list[Unplaced]]:
    student, name = student_of(folder.name)
    found: dict[str, list[Submission]] = {}
    problems: list[Unplaced] = []
    files = sorted(
        p for p in folder.iterdir() if p.name not in IGNORED and not p.name.startswith(".")
    )
    known = {artifact for names in assignments.values() for artifact in names}
    for path in files:
        if path.name in known and _is_regular(path):
            continue
        if not _is_regular(path):
            problems.append(Unplaced(path, "not a regular file (a link or folder is not accepted)"))
        elif path.suffix != ".ipynb":
            problems.append(Unplaced(path, "unknown file"))
        elif (assignment := _assignment_of(path, assignments)) is None:
            problems.append(Unplaced(path, "notebook of no known assignment"))
        else:
            artifacts = tuple(
                p for p in files if p.name in assignments[assignment] and _is_regular(p)
            )
            found.setdefault(assignment, []).append(
                Submission(student, name, assignment, path, artifacts)
            )
    return found, problems


def _assignment_of(path: Path, assignments: Artifacts) -> str | None:
    if path.stem in assignments:
        return path.stem
    from_metadata = _metadata_assignment(path)
    return from_metadata if from_metadata in assignments else None
