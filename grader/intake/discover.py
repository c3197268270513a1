"""Finding submissions in a course folder, and saying what could not be placed instead of guessing.

Accepted layouts, one folder per student:
- ``COURSE/<student>/<assignment>.ipynb`` with its artifacts beside it;
- the folder an LMS download produces: ``COURSE/<Name>_<id>_assignsubmission_file_/...``;
  the student is then known by the id, and the name is kept for display.
A notebook whose file name is not an assignment is placed by its metadata ``grader.assignment``;
one whose name and metadata name different assignments by the metadata, where its answer cells
agree with it, else it is not gradable, with both names (``place``).
Two notebooks for one assignment, unknown files and links are reported, never graded by guess.
The files handed in beside a notebook are those its spec lists as ``artifacts`` (a file, or a
folder such as the ``wandb/`` W&B writes): nothing else names them.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import stat
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from grader.errors import SubmissionError
from grader.intake.notebook import MAX_NOTEBOOK_BYTES, task_of
from grader.intake.untrusted_json import load_json

LMS_FOLDER = re.compile(
    r"^(?P<name>.+?)_(?P<id>\d+)_assign(?:submission|ment)_(?:file|onlinetext)_?$"
)


@dataclass(frozen=True)
class AssignmentParts:
    """What belongs to an assignment, as its spec says: the files handed in beside its notebook
    and its task ids (which tell a notebook's assignment when name and metadata disagree)."""

    artifacts: tuple[str, ...] = ()
    tasks: frozenset[str] = frozenset()


MAX_FOLDER_FILES = 2000
IGNORED = frozenset({".DS_Store", "Thumbs.db", ".ipynb_checkpoints", "__MACOSX", "desktop.ini"})


@dataclass(frozen=True)
class Submission:
    student: str
    display_name: str
    assignment: str
    notebook: Path
    artifacts: tuple[Path, ...] = ()
    conflict: str | None = None  # the other assignment its metadata names: not gradable

    def content_hash(self) -> str:
        """Hash of the notebook and its artifacts (a folder: every regular file in it): an
        unchanged hash needs no regrading."""
        return content_digest((name, _bytes_of(path)) for name, path in self.files())

    def files(self) -> list[tuple[str, Path]]:
        """The notebook and its handed-in files, each with the name it has beside the notebook
        (a folder's files as ``wandb/.../file``): what is hashed, and what a job carries."""
        found = [(self.notebook.name, self.notebook)]
        for path in self.artifacts:
            inside = folder_files(path) if is_folder(path) else [path]
            found += [(file.relative_to(path.parent).as_posix(), file) for file in inside]
        return found


def _bytes_of(path: Path) -> bytes:
    try:
        if not _is_regular(path):
            raise OSError
        return path.read_bytes()
    except OSError:
        return b"<unreadable>"


def content_digest(files: Iterable[tuple[str, bytes]]) -> str:
    """The content hash of (file name, bytes) pairs: of a submission, or of a job sent for it."""
    digest = hashlib.sha256()
    for name, content in files:
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
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


def is_folder(path: Path) -> bool:
    """A real folder, not a link to one."""
    try:
        return stat.S_ISDIR(path.lstat().st_mode)
    except OSError:
        return False


def folder_files(folder: Path) -> list[Path]:
    """The regular files below a handed-in folder (W&B's ``wandb/``), sorted; links are never
    followed, and a folder with more than ``MAX_FOLDER_FILES`` files counts only those."""
    found: list[Path] = []
    pending = [folder]
    while pending and len(found) < MAX_FOLDER_FILES:
        current = pending.pop()
        for child in sorted(current.iterdir()):
            if is_folder(child):
                pending.append(child)
            elif _is_regular(child):
                found.append(child)
    return sorted(found[:MAX_FOLDER_FILES])


def copy_folder(source: Path, target: Path) -> None:
    """Copies a folder's regular files (links left out): what the grader keeps of a folder a
    kernel wrote."""
    for file in folder_files(source):
        destination = target / file.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(file, destination)


def student_of(folder_name: str) -> tuple[str, str]:
    """(student key, display name) of a student folder."""
    match = LMS_FOLDER.match(folder_name)
    if match:
        return match.group("id"), match.group("name")
    return folder_name, folder_name


def _identity(path: Path) -> tuple[str | None, frozenset[str]]:
    """What a notebook says it is: ``metadata.grader.assignment``, and the task ids of its
    answer cells. Read as untrusted JSON; anything malformed says nothing (grading that
    notebook then says why, naming the file)."""
    try:
        data = load_json(path, MAX_NOTEBOOK_BYTES)
    except SubmissionError:
        return None, frozenset()
    metadata = data.get("metadata") if isinstance(data, dict) else None
    meta = metadata.get("grader") if isinstance(metadata, dict) else None
    value = meta.get("assignment") if isinstance(meta, dict) else None
    cells = data.get("cells") if isinstance(data, dict) else None
    cells = cells if isinstance(cells, list) else []
    tasks = frozenset(t for cell in cells if isinstance(cell, dict) and (t := task_of(cell)))
    return (value if isinstance(value, str) else None), tasks


@dataclass(frozen=True)
class Placement:
    """Which assignment a notebook is: ``assignment``; or, when its file name and its
    metadata name two different assignments and its answer cells do not settle it for the
    metadata, ``conflict`` = (by file name, by metadata) and no assignment."""

    assignment: str | None
    conflict: tuple[str, str] | None = None


def place(path: Path, assignments: Mapping[str, AssignmentParts]) -> Placement:
    """The file name, else the metadata; when the two disagree, the metadata where the
    notebook's answer cells are that assignment's tasks (a 02 notebook saved under 01's name),
    else neither: grading it as one of them would be a guess."""
    by_name = path.stem if path.stem in assignments else None
    meta, tasks = _identity(path)
    by_meta = meta if meta in assignments else None
    if by_name is None or by_meta is None or by_name == by_meta:
        return Placement(by_name or by_meta)
    own = assignments[by_meta].tasks
    if tasks and own and tasks <= own and not tasks <= assignments[by_name].tasks:
        return Placement(by_meta)
    return Placement(None, (by_name, by_meta))


def discover(course: Path, assignments: Mapping[str, AssignmentParts]) -> Discovery:
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
    folder: Path, assignments: Mapping[str, AssignmentParts]
) -> tuple[dict[str, list[Submission]], list[Unplaced]]:
    student, name = student_of(folder.name)
    found: dict[str, list[Submission]] = {}
    problems: list[Unplaced] = []
    files = sorted(
        p for p in folder.iterdir() if p.name not in IGNORED and not p.name.startswith(".")
    )
    known = {artifact for expected in assignments.values() for artifact in expected.artifacts}
    for path in files:
        if path.name in known and (_is_regular(path) or is_folder(path)):
            continue
        if not _is_regular(path):
            problems.append(Unplaced(path, "not a regular file (a link or folder is not accepted)"))
        elif path.suffix != ".ipynb":
            problems.append(Unplaced(path, "unknown file"))
        elif (placement := place(path, assignments)).conflict is not None:
            by_name, by_meta = placement.conflict
            found.setdefault(by_name, []).append(
                Submission(student, name, by_name, path, conflict=by_meta)
            )
        elif (assignment := placement.assignment) is None:
            problems.append(Unplaced(path, "notebook of no known assignment"))
        else:
            artifacts = tuple(
                p
                for p in files
                if p.name in assignments[assignment].artifacts and (_is_regular(p) or is_folder(p))
            )
            found.setdefault(assignment, []).append(
                Submission(student, name, assignment, path, artifacts)
            )
    return found, problems
