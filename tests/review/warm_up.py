"""A stored gradebook of 00_vorabfragen (the warm-up questions answered in words) for the
review page's tests of grading by question: each student's own answers, one submission that was
not gradable, and the facts `grader grade` stores of the real spec (the questions and their model
answers read from the reference notebook). Made without a kernel: the free-text rule reads
Markdown, so what a batch stores is what these results hold."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from made_results import gradebook, result, stored

from grader.course.authoring import free_text_questions
from grader.course.spec import load_assignment
from grader.results.gradebook import ASSIGNMENTS, Gradebook
from grader.results.records import CheckResult, Status, TaskResult, TaskStatus
from grader.rules.base import Outcome
from grader.text.messages import msg
from grader.text.numbers import Count

ASSIGNMENT = "00_vorabfragen"


def answer_task(task_id: str, title: str, answer: str) -> TaskResult:
    """A free-text task as the M100 rule leaves it: pending, the answer kept with the result."""
    outcome = Outcome(
        0.0,
        msg("free_text.pending", words=Count(len(answer.split()))),
        found=answer,
        pending=True,
    )
    check = CheckResult(f"{task_id}/antwort", "M100", 0.0, 2.0, False, False, outcome)
    return TaskResult(task_id, title, 0.0, 2.0, TaskStatus.PENDING, (check,))


def warm_up_course(out: Path, students: list[tuple[str, str]], not_gradable: str = "") -> Path:
    """``students``: (id, name) in any order; each answers every question in their own words."""
    spec = load_assignment(ROOT, ASSIGNMENT)
    items = []
    for student, name in students:
        tasks = tuple(
            answer_task(t.id, t.title, f"{name} zu {t.title}: <i>Gewichte</i> werden geteilt.")
            for t in spec.tasks
        )
        items.append(stored(student, result(ASSIGNMENT, tasks, max_points=6.0), name=name))
    if not_gradable:
        items.append(
            stored(not_gradable, result(ASSIGNMENT, (), status=Status.NOT_GRADABLE, max_points=6.0))
        )
    gradebook(out, items)
    with Gradebook.open(out, write=False) as book:
        facts = {
            "title": spec.title,
            "max_points": spec.max_points,
            "questions": free_text_questions(spec),
        }
        book.entries.set_setting(ASSIGNMENTS, {ASSIGNMENT: facts})
    return out
