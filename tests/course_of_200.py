"""A course of 200 students for the tests and timings at scale, built here, not committed as 200
files: each student hands in 00 (the warm-up questions in words), 01 and 02, each submission one
of the real notebooks of the demo course and of the fixtures (right, partly wrong, broken, in
words and unanswered), taken in turn; a roster with a name, ID number, e-mail and Moodle
participant number per student; the Moodle grading worksheet of 00 as Moodle hands it out.

Grading 600 submissions in kernels would take the machine half an hour; the gradebook is made the
way a batch makes it from far fewer runs: each distinct notebook is graded once through the real
pipeline (``grade_notebook``, sandboxed, as `grader check` does), and every student's submission
is recorded with the result of the notebook they handed in (its path and content hash their own),
with the facts `grader grade` stores of the specs and the roster imported."""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, replace
from pathlib import Path

from conftest import DEMO, FIXTURES, ROOT, demo_graded

from grader.course.authoring import free_text_questions
from grader.course.roster import read_roster
from grader.course.spec import load_assignment
from grader.report.pages import write_reports
from grader.results.gradebook import ASSIGNMENTS, Gradebook
from grader.results.records import Stored

N = 200
WARM_UP = "00_vorabfragen"
NOTEBOOKS = FIXTURES / "notebooks"
VARIANTS: dict[str, tuple[Path, ...]] = {
    WARM_UP: (
        DEMO / "anna" / "00_vorabfragen.ipynb",  # full answers
        DEMO / "ben" / "00_vorabfragen.ipynb",  # a few words each
        DEMO / "carla" / "00_vorabfragen.ipynb",
        NOTEBOOKS / WARM_UP / "short-answers.ipynb",  # one question left unanswered
        ROOT / "reference" / "00_vorabfragen.ipynb",  # the model answers
        ROOT / "exercises" / "00_vorabfragen.ipynb",  # nothing answered: 0 without the instructor
    ),
    "01_convolution": (
        DEMO / "anna" / "01_convolution.ipynb",
        DEMO / "ben" / "01_convolution.ipynb",
        DEMO / "emil" / "01_convolution.ipynb",
        NOTEBOOKS / "01_convolution" / "transposed.ipynb",
        NOTEBOOKS / "01_convolution" / "channels-first.ipynb",
    ),
    "02_parameters": (
        DEMO / "anna" / "02_parameters.ipynb",
        DEMO / "dave" / "02_parameters.ipynb",  # not valid JSON: not gradable
        NOTEBOOKS / "02_parameters" / "bias-forgotten.ipynb",
        NOTEBOOKS / "02_parameters" / "channels-forgotten.ipynb",
    ),
}
FIRST = (
    "Anna", "Ben", "Carla", "Dörte", "Emil", "Frida", "Gül", "Hannes", "Ida", "Jürgen",
    "Katarzyna", "Lars", "Mia", "Nils", "Özge", "Paul", "Quirin", "Rosa", "Sven", "Tamara",
)  # fmt: skip
LAST = (
    "Schmidt", "Becker", "Rossi", "Nowak", "Fischer", "Yılmaz", "Müller", "Weiß", "Kowalski",
    "Nguyen",
)  # fmt: skip


@dataclass(frozen=True)
class Student:
    id: str  # the submission folder's name
    name: str
    email: str
    id_number: str
    participant: str  # Moodle's "Participant N"


def students(n: int = N) -> list[Student]:
    made = []
    for i in range(n):
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        mail = f"{first}.{last}".lower().translate(str.maketrans("äöüßıéğ", "aousieg"))
        made.append(
            Student(
                f"s{i + 1:03d}",
                f"{first} {last}",
                f"{mail}{i + 1}@smail.example.edu",
                f"{11150000 + i + 1}",
                f"{60000 + i + 1}",
            )
        )
    return made


def variant(assignment: str, index: int) -> Path:
    """The notebook the ``index``-th student hands in for ``assignment`` (in turn, shifted per
    assignment so that the same student is not the same kind of student everywhere)."""
    shift = {WARM_UP: 0, "01_convolution": 1, "02_parameters": 2}[assignment]
    found = VARIANTS[assignment]
    return found[(index + shift) % len(found)]


def write_submissions(folder: Path, n: int = N) -> Path:
    """The course folder as `grader grade` reads it: ``folder/<id>/<assignment>.ipynb``."""
    for index, student in enumerate(students(n)):
        (folder / student.id).mkdir(parents=True, exist_ok=True)
        for assignment in VARIANTS:
            target = folder / student.id / f"{assignment}.ipynb"
            target.write_bytes(variant(assignment, index).read_bytes())
    return folder


def write_roster(path: Path, n: int = N) -> Path:
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(["student_id", "name", "email", "id_number", "moodle_participant"])
    for s in students(n):
        writer.writerow([s.id, s.name, s.email, s.id_number, s.participant])
    path.write_text(rows.getvalue(), encoding="utf-8")
    return path


def write_moodle_worksheet(path: Path, n: int = N) -> Path:
    """00's grading worksheet as a German Moodle hands it out (Bestwertung 6,00, no grades)."""
    rows = io.StringIO()
    writer = csv.writer(rows, lineterminator="\n")
    writer.writerow(
        ["ID", "Vollständiger Name", "E-Mail-Adresse", "Status", "Bewertung", "Bestwertung",
         "Bewertung kann geändert werden", "Zuletzt geändert (Abgabe)",
         "Zuletzt geändert (Bewertung)", "Feedback als Kommentar"]
    )  # fmt: skip
    for s in students(n):
        writer.writerow(
            [f"Teilnehmer/in{s.participant}", s.name, s.email, "Zur Bewertung abgegeben", "",
             "6,00", "Ja", "Montag, 4. Mai 2026, 14:03", "-", ""]
        )  # fmt: skip
    path.write_bytes(b"\xef\xbb\xbf" + rows.getvalue().encode("utf-8"))
    return path


def build(folder: Path, n: int = N) -> Path:
    """The course's submissions, roster and worksheet under ``folder``, and its gradebook with
    the reports in ``folder / "out"``; returns that output folder."""
    submissions = write_submissions(folder / "submissions", n)
    out = folder / "out"
    specs = {name: load_assignment(ROOT, name) for name in VARIANTS}
    with Gradebook.open(out) as book:
        for index, student in enumerate(students(n)):
            for assignment in VARIANTS:
                path = submissions / student.id / f"{assignment}.ipynb"
                made = demo_graded(variant(assignment, index), assignment)
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                book.record(
                    Stored(student.id, student.id, assignment, digest, "0.1.0", "ref",
                           "2026-05-04T10:00:00+00:00", 1, replace(made, notebook=str(path)))
                )  # fmt: skip
        facts = {
            name: {
                "title": spec.title,
                "max_points": spec.max_points,
                "questions": free_text_questions(spec),
            }
            for name, spec in specs.items()
        }
        book.entries.set_setting(ASSIGNMENTS, facts)
        roster = read_roster(write_roster(folder / "roster.csv", n))
        book.entries.replace_roster(roster.rows())
    write_moodle_worksheet(folder / "Bewertungen-DL_SS26-Vorabfragen-4712.csv", n)
    write_reports(out, "de")
    return out
