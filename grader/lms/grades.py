"""What goes into an LMS for one student and one assignment: a number or nothing, and a comment.

Only a complete grade is a number: a submission that could not be graded, or one with a task
still waiting for the instructor, is left empty (never a 0) and the comment says why; so is a
student without a submission. The comment is the catalogue's, in the report language: the
points per task, the instructor's adjustments with their reason, and the likely mistake where
points were lost.
"""

from __future__ import annotations

from dataclasses import dataclass

from grader.results.adjust import Graded, TaskGrade
from grader.text.messages import msg, render, text
from grader.text.numbers import written


@dataclass(frozen=True)
class LmsGrade:
    points: float | None  # None: leave the grade empty
    lines: tuple[str, ...]  # the comment, one line each

    @property
    def comment(self) -> str:
        return "\n".join(self.lines)


def points_text(value: float, lang: str) -> str:
    return written(f"{round(value, 2):g}", lang)


def no_submission(lang: str) -> LmsGrade:
    return LmsGrade(None, (render(msg("lms.no_submission"), lang),))


def lms_grade(view: Graded, lang: str, factor: float = 1.0) -> LmsGrade:
    """The grade for the LMS; ``factor`` scales a complete grade to the LMS's maximum (only
    where the instructor asked), and the comment says so."""
    grade = _grade(view, lang)
    if grade.points is None or abs(factor - 1.0) < 1e-12:
        return grade
    scaled = msg(
        "lms.scaled",
        points=points_text(grade.points * factor, lang),
        max=points_text(view.max_points * factor, lang),
    )
    return LmsGrade(round(grade.points * factor, 4), (*grade.lines, render(scaled, lang)))


def _grade(view: Graded, lang: str) -> LmsGrade:
    item, result = view.stored, view.stored.result
    if not view.graded:
        status = render(msg(f"status.{result.status.value}"), lang)
        problem = text(result.problem, lang)
        line = render(msg("lms.not_graded", status=status, problem=problem or "-"), lang)
        return LmsGrade(None, (line,))
    total = msg(
        "lms.total",
        assignment=item.assignment,
        points=points_text(view.points, lang),
        max=points_text(view.max_points, lang),
    )
    lines = [render(total, lang)] + [_task_line(t, lang) for t in view.tasks]
    if view.pending:
        titles = ", ".join(t.result.title_in(lang) for t in view.pending)
        lines.insert(0, render(msg("lms.incomplete", tasks=titles), lang))
        return LmsGrade(None, tuple(lines))
    return LmsGrade(round(view.points, 4), tuple(lines))


def _task_line(grade: TaskGrade, lang: str) -> str:
    task = grade.result
    line = render(
        msg(
            "lms.task",
            title=task.title_in(lang),
            points=points_text(grade.points, lang),
            max=points_text(task.max_points, lang),
        ),
        lang,
    )
    if grade.pending:
        return line + " " + render(msg("lms.task_pending"), lang)
    if grade.adjustment is not None:
        reason = grade.adjustment.reason or "-"
        return line + " " + render(msg("lms.task_adjusted", reason=reason), lang)
    failure = task.first_failure
    if failure is not None and failure.outcome is not None and grade.points < task.max_points:
        why = failure.outcome.mistake or failure.outcome.message
        return line + ": " + render(why, lang)
    return line
