"""Which graded submission belongs to a row of an LMS file, and which belong to none.

A row names its student the LMS's way (a participant number, an e-mail address, a user id);
the roster translates that to the submission ids the grader knows. Where the roster has no
entry, a submission whose id is the LMS's own id (Moodle's download folders carry the
participant number) still matches. Every submission that matched no row is reported: an export
never drops a student silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from grader.course.roster import Roster
from grader.results.adjust import Graded


@dataclass(frozen=True)
class ExportReport:
    """What an export did: rows filled, rows left empty (with why), and the submissions that
    found no row in the file (they are in the gradebook but not in the LMS's list)."""

    filled: int = 0
    empty: tuple[tuple[str, str], ...] = ()  # (row label, why)
    unmatched: tuple[str, ...] = ()
    lossy: int = 0  # characters the file's encoding cannot hold (written as "?")
    notes: tuple[str, ...] = field(default_factory=tuple)


class Matcher:
    def __init__(self, views: list[Graded], roster: Roster) -> None:
        self.roster = roster
        self._by_student = {v.stored.student: v for v in views}
        self._used: set[str] = set()

    def match(
        self, identities: list[tuple[str, str]], direct: tuple[str, ...] = ()
    ) -> Graded | None:
        """``identities``: (roster field, value) the row offers; ``direct``: values that may be
        a submission id themselves."""
        for roster_field, value in identities:
            entry = self.roster.find(roster_field, value)
            if entry is None:
                continue
            found = [self._by_student[i] for i in sorted(entry.ids()) if i in self._by_student]
            if found:
                return self._take(found[0])
        for value in direct:
            if value in self._by_student and self.roster.of_submission(value) is None:
                return self._take(self._by_student[value])
        return None

    def _take(self, view: Graded) -> Graded:
        self._used.add(view.stored.student)
        return view

    def unmatched(self) -> tuple[str, ...]:
        return tuple(
            f"{v.stored.display_name} ({v.stored.student})"
            for s, v in sorted(self._by_student.items())
            if s not in self._used
        )
