"""Where `grader check` takes an assignment's checks from: a course folder (with its reference
notebooks: every check) or a student kit (public checks with stored expectations).

Found like git finds a repository: ``--kit`` or ``--course`` if given, else the nearest folder
at or above the working folder (then above the notebook) that is a kit (``kit.json``) or a
course (``reference/*.toml``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from grader.course.spec import AssignmentSpec, find_course_root, list_assignments, load_assignment
from grader.errors import UsageError
from grader.kit.build import KIT_FILE, kit_assignments, kit_notes, load_kit_assignment
from grader.text.messages import Message, msg


@dataclass(frozen=True)
class ChecksSource:
    root: Path
    kit: bool

    def assignments(self) -> list[str]:
        return kit_assignments(self.root) if self.kit else list_assignments(self.root)

    def load(self, name: str, data: dict[str, Path]) -> AssignmentSpec:
        if self.kit:
            return load_kit_assignment(self.root, name, data)
        return load_assignment(self.root, name, data)

    def notes(
        self, name: str, course: Path | None, starts: tuple[Path, ...]
    ) -> tuple[Message, ...]:
        """A kit's word about itself (another grader version, an older reference than the course
        folder at hand: ``course``, or one found above ``starts``)."""
        if not self.kit:
            return ()
        found = (find_course_root(s) for s in starts)
        return kit_notes(self.root, name, course or next((c for c in found if c), None))


def find_checks(kit: Path | None, course: Path | None, starts: tuple[Path, ...]) -> ChecksSource:
    if kit is not None:
        if not (kit / KIT_FILE).is_file():
            raise UsageError(msg("cli.not_a_kit", path=str(kit)))
        return ChecksSource(kit, kit=True)
    if course is not None:
        if not (course / "reference").is_dir():
            raise UsageError(msg("cli.not_a_course", path=str(course)))
        return ChecksSource(course, kit=False)
    for start in starts:
        for folder in (start.resolve(), *start.resolve().parents):
            if (folder / KIT_FILE).is_file():
                return ChecksSource(folder, kit=True)
            if any((folder / "reference").glob("*.toml")):
                return ChecksSource(folder, kit=False)
    raise UsageError(msg("cli.no_course_or_kit"))
