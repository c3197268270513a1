"""The roster: who a submission's id is in the LMS.

A submission is known by the id its folder gives (``anna``, or ``40117`` from a Moodle download
folder). The roster maps those ids to the student's identities in the LMS: e-mail, ID number,
Moodle's participant number (the N of "Participant N" in a grading worksheet, which also names
the download folders), Canvas' user and SIS ids, ILIAS' user id and login. One CSV file, a header
row with any of these columns (names in English or German, any case), comma, semicolon or tab:

    student_id,name,email,id_number,moodle_participant,canvas_user_id,canvas_sis_id,ilias_usr_id,ilias_login,aliases

``aliases`` holds further submission ids of the same student, separated by ``|`` or spaces.
A submission whose id the roster does not know is listed by every export, never dropped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

from grader.intake.csvfile import CsvProblem, CsvText

HEADERS = {
    "student_id": ("student_id", "student", "id", "matrikelnummer", "matriculation_number"),
    "name": ("name", "full_name", "vollständiger name", "full name"),
    "email": ("email", "e-mail", "email address", "e-mail-adresse", "mail"),
    "id_number": ("id_number", "idnumber", "id number", "id-nummer"),
    "moodle_participant": ("moodle_participant", "participant", "moodle"),
    "canvas_user_id": ("canvas_user_id", "canvas_id", "canvas"),
    "canvas_sis_id": ("canvas_sis_id", "sis_user_id", "sis user id"),
    "ilias_usr_id": ("ilias_usr_id", "usr_id"),
    "ilias_login": ("ilias_login", "login"),
    "aliases": ("aliases", "alias", "submission_ids"),
}


@dataclass(frozen=True)
class RosterEntry:
    student_id: str
    name: str = ""
    email: str = ""
    id_number: str = ""
    moodle_participant: str = ""
    canvas_user_id: str = ""
    canvas_sis_id: str = ""
    ilias_usr_id: str = ""
    ilias_login: str = ""
    aliases: str = ""

    def ids(self) -> set[str]:
        """Every id a submission folder of this student may carry."""
        extra = self.aliases.replace("|", " ").split()
        found = {self.student_id, self.moodle_participant, self.email, self.id_number, *extra}
        return {i for i in found if i}


class Roster:
    def __init__(self, entries: list[RosterEntry]) -> None:
        self.entries = entries
        self._by_submission = {i: e for e in entries for i in sorted(e.ids())}

    @classmethod
    def stored(cls, rows: list[dict[str, str]]) -> Roster:
        known = {f.name for f in fields(RosterEntry)}
        return cls([RosterEntry(**{k: v for k, v in r.items() if k in known}) for r in rows])

    def rows(self) -> list[dict[str, str]]:
        return [asdict(e) for e in self.entries]

    def of_submission(self, student: str) -> RosterEntry | None:
        return self._by_submission.get(student)

    def find(self, field: str, value: str) -> RosterEntry | None:
        """The entry whose ``field`` is ``value`` (e-mail addresses in any case)."""
        value = value.strip()
        if not value:
            return None
        fold = str.casefold if field == "email" else str
        return next((e for e in self.entries if fold(getattr(e, field)) == fold(value)), None)


@dataclass(frozen=True)
class Merged:
    """A roster file merged into the stored roster: entries added, changed (by student_id) and
    kept as they were; stored entries the file does not list stay (``untouched``)."""

    roster: Roster
    added: tuple[str, ...]
    changed: tuple[str, ...]
    kept: tuple[str, ...]
    untouched: tuple[str, ...]


def merge(stored: Roster, incoming: Roster) -> Merged:
    """The file's entries update stored ones with the same student_id, field by field (a column
    the file lacks, or a blank cell, keeps what was stored); nothing is dropped (a file of two
    lines updates two students, it does not remove the others)."""
    by_id = {e.student_id: e for e in stored.entries}
    added: list[str] = []
    changed: list[str] = []
    kept: list[str] = []
    for entry in incoming.entries:
        before = by_id.get(entry.student_id)
        given = {k: v for k, v in asdict(entry).items() if v}
        after = entry if before is None else replace(before, **given)
        (added if before is None else kept if before == after else changed).append(entry.student_id)
        by_id[entry.student_id] = after
    listed = {e.student_id for e in incoming.entries}
    untouched = tuple(e.student_id for e in stored.entries if e.student_id not in listed)
    return Merged(
        Roster(list(by_id.values())), tuple(added), tuple(changed), tuple(kept), untouched
    )


def read_roster(path: Path) -> Roster:
    """Reads a roster CSV; a missing student id or a duplicate names the file and the line."""
    try:
        csv = CsvText.parse(path.read_bytes(), str(path))
    except OSError as error:
        raise CsvProblem.say("file.unreadable", path=str(path), reason=error.strerror) from None
    columns = {name: csv.column(aliases) for name, aliases in HEADERS.items()}
    if columns["student_id"] is None:
        header = ", ".join(csv.values(0))
        raise CsvProblem.say("roster.no_id_column", path=str(path), header=header)
    entries, seen = [], set()
    for row in range(1, len(csv.rows)):
        values = csv.values(row)
        if not any(v.strip() for v in values):
            continue
        data = {
            name: values[i].strip() if i is not None and i < len(values) else ""
            for name, i in columns.items()
        }
        if not data["student_id"]:
            raise CsvProblem.say("roster.no_id", path=str(path), line=row + 1)
        if data["student_id"] in seen:
            student = data["student_id"]
            raise CsvProblem.say("roster.id_twice", path=str(path), line=row + 1, student=student)
        seen.add(data["student_id"])
        entries.append(RosterEntry(**data))
    return Roster(entries)
