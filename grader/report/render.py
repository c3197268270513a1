"""Turns a NotebookResult into plain view data, then into text (Jinja2) or a JSON-able dict.

All language choices happen here, through ``messages``; the template gets finished strings.
Hidden checks never carry their inputs or expected values into a view: the rules already describe
them abstractly, and this module only passes on what the outcome says.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2

from grader.course.spec import Withheld
from grader.report.environment import environment, sayer
from grader.results.records import (
    SELF_CHECK_FINE,
    CheckResult,
    NotebookResult,
    Status,
    TaskResult,
    TaskStatus,
)
from grader.rules.helpers.cell_failures import place_ref
from grader.text.messages import Message, msg, render, text
from grader.text.numbers import Count

_TEXT = environment(escape=False)
_HTML = environment(escape=True)


def _text(value: str | Message | None, lang: str) -> str | None:
    """Like ``messages.text``, but keeps "nothing" as None (null in JSON)."""
    return None if value is None else text(value, lang)


def _check_view(check: CheckResult, lang: str) -> dict[str, Any]:
    outcome = check.outcome
    return {
        "check": check.id,
        "rule": check.rule,
        "points": check.points,
        "max_points": check.max_points,
        "visibility": "hidden" if check.hidden else "public",
        "visibility_text": render(
            Message(f"visibility.{'hidden' if check.hidden else 'public'}"), lang
        ),
        "gate": check.gate,
        "passed": check.passed,
        "message": _text(outcome.message if outcome else check.error, lang),
        "expected": _text(outcome.expected, lang) if outcome else None,
        "found": _text(outcome.found, lang) if outcome else None,
        "mistake": _text(outcome.mistake, lang) if outcome else None,
        "curves": outcome.curves.to_json() if outcome and outcome.curves else None,
        "arrays": list(outcome.arrays) if outcome and outcome.arrays and not check.hidden else None,
        "grader_error": _text(check.error, lang),
        # what the grader measured (a model's accuracy), shown even where the check passed
        "measured": outcome.measured if outcome else None,
    }


def _task_view(task: TaskResult, lang: str, kit: _SelfCheck | None) -> dict[str, Any]:
    first = task.first_failure
    checks = [_check_view(c, lang) for c in task.checks]
    withheld = kit.withheld.get(task.task) if kit else None
    no_points = kit is not None and task.max_points == 0  # nothing public carries points
    lost = _lost_lines(checks)
    cell_error = kit.cell_errors.get(task.task) if kit else None
    if cell_error and task.status in _SAID_AT_TASK:
        lost = [{"message": cell_error, "mistake": None, "visibility": [], "arrays": None}]
    return {
        "task": task.task,
        "title": task.title_in(lang),
        # no grade yet: a task waiting for the instructor has no points, not 0
        "points": None if no_points or task.status == TaskStatus.PENDING else task.points,
        "max_points": None if no_points else task.max_points,
        "status": task.status.value,
        "status_text": render(_status_message(task.status, withheld), lang),
        "pending": task.status == TaskStatus.PENDING,
        "message": _check_view(first, lang)["message"]
        if first
        else (cell_error or render(_clean_message(task, kit is not None), lang)),
        "mistake": _check_view(first, lang)["mistake"] if first else None,
        "checks": checks,
        "lost_lines": lost,
        # what a check that earned its points still has to say (the learning curves' reading)
        "advice": [
            {"message": c["message"], "mistake": c["mistake"]}
            for c in checks
            if c["passed"] and (c["mistake"] or c["curves"] or c["measured"] is not None)
        ],
        "curves": [c["curves"] for c in checks if c["curves"]],
        # said in the status where no public check ran ("not checked publicly (1 hidden check)")
        "withheld": None
        if withheld is None or task.status == TaskStatus.UNCHECKED
        else {"checks": withheld.checks, "points": withheld.points},
    }


_SAID_AT_TASK = (TaskStatus.UNANSWERED, TaskStatus.CELL_ERROR)


@dataclass(frozen=True)
class _SelfCheck:
    """What a kit's self-check view of a task needs beside the task: the hidden checks it left
    to the final grading, and the error its answer cell raised, by task."""

    withheld: dict[str, Withheld]
    cell_errors: dict[str, str]


def _status_message(status: TaskStatus, withheld: Withheld | None) -> Message:
    if status != TaskStatus.UNCHECKED or withheld is None:
        return Message(f"task.{status.value}")
    key = "task.unchecked_hidden_one" if withheld.checks == 1 else "task.unchecked_hidden"
    return msg(key, checks=Count(withheld.checks))


def _clean_message(task: TaskResult, self_check: bool) -> Message:
    """What a task without a failed check is told: in a self-check, only what was checked."""
    if not self_check:
        return msg("value.ok", name=task.task)
    key = {
        TaskStatus.UNCHECKED: "kit.task_unchecked",
        TaskStatus.SHAPE_ONLY: "kit.task_shape_only",
    }.get(task.status, "kit.task_passed")
    return msg(key, name=task.task)


def _lost_lines(checks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Failing checks, one line per distinct message: hidden groups failing alike say it once."""
    lines: dict[tuple[Any, Any], dict[str, Any]] = {}
    for check in checks:
        if check["passed"]:
            continue
        line = lines.setdefault(
            (check["message"], check["mistake"]),
            {
                "message": check["message"],
                "mistake": check["mistake"],
                "visibility": [],
                "arrays": check["arrays"],
            },
        )
        if check["visibility_text"] not in line["visibility"]:
            line["visibility"].append(check["visibility_text"])
    named: set[str] = set()
    for line in lines.values():  # a mistake is explained once per task, at its first line
        if line["mistake"] in named:
            line["mistake"] = None
        elif line["mistake"]:
            named.add(line["mistake"])
    return list(lines.values())


def result_to_dict(result: NotebookResult, lang: str) -> dict[str, Any]:
    checks = [c for t in result.tasks for c in t.checks]
    titles = {t.task: t.title_in(lang) for t in result.tasks}
    statuses = {t.task: t.status for t in result.tasks}
    counts = dict(result.cell_counts)
    cell_errors = [
        {
            "cell": number,
            "task": task or None,
            "count": counts.get(number),
            "where": render(place_ref(number, counts.get(number), titles.get(task)), lang),
            "error": text(error, lang),
            # a self-check says an answer cell's error at its task (not answered, or raised)
            "said": result.public_only and statuses.get(task) in _SAID_AT_TASK,
        }
        for number, task, error in result.cell_errors
    ]
    kit = _self_check(result, cell_errors, lang) if result.public_only else None
    no_points = kit is not None and result.max_points == 0  # a kit of examples and shapes
    return {
        "assignment": result.assignment,
        "notebook": result.notebook,
        "status": result.status.value,
        "status_text": render(Message(f"status.{result.status.value}"), lang),
        # no grade, no number: a notebook that was not graded (not gradable, a limit hit, the
        # kernel died) has no points, not 0, whatever its tasks that ran still earned
        "points": None if no_points or result.status != Status.GRADED else result.points,
        "max_points": None if no_points else result.max_points,
        "problem": _text(result.problem, lang),
        "seed": result.seed,
        "seconds": round(result.seconds, 3),
        "checks_ran": {
            "public": sum(not c.hidden for c in checks),
            "hidden": sum(c.hidden for c in checks),
        },
        "cell_errors": cell_errors,
        "tasks": [_task_view(t, lang, kit) for t in result.tasks],
        "warnings": [render(warning, lang) for warning in result.warnings],
        # a self-check from a student kit: only the public checks ran
        "public_only": result.public_only,
        "withheld": {
            "checks": sum(w.checks for w in result.withheld),
            "points": sum(w.points for w in result.withheld),
        },
        # a self-check's verdict: nothing to fix found (what it could not check stays open)
        "nothing_found": result.nothing_found if result.public_only else None,
        "summary": render(_summary(result), lang),
        # a model was measured: the final grading measures it again on images the student lacks
        "measures_model": any(
            c.outcome is not None and c.outcome.measured is not None for c in checks
        ),
    }


def _self_check(result: NotebookResult, cell_errors: list[dict[str, Any]], lang: str) -> _SelfCheck:
    """A task's own cell error, said as the student reads it: not answered yet (the
    placeholder's NotImplementedError), or the error with its cell."""
    said = {}
    for error in cell_errors:
        if error["task"]:
            unanswered = error["error"].startswith("NotImplementedError")
            key = "kit.task_unanswered" if unanswered else "kit.task_cell_error"
            said[error["task"]] = render(msg(key, where=error["where"], error=error["error"]), lang)
    return _SelfCheck({w.task: w for w in result.withheld}, said)


def _summary(result: NotebookResult) -> Message:
    """One sentence on the whole notebook; a self-check never speaks of all points."""
    if result.status != Status.GRADED:
        return Message(f"status.{result.status.value}")
    if not result.public_only:
        if not result.nothing_lost:
            return msg("report.points_lost")
        pending = len(result.pending)
        if pending:
            return _counted("report.all_points_pending", pending)
        return msg("report.all_points")
    open_tasks = [t for t in result.tasks if t.status not in SELF_CHECK_FINE]
    if not result.nothing_found:
        return _counted("report.kit_to_fix", max(1, len(open_tasks)))
    unjudged = sum(t.status in (TaskStatus.UNCHECKED, TaskStatus.SHAPE_ONLY) for t in result.tasks)
    if unjudged:
        return _counted("report.kit_passed_unjudged", unjudged)
    return msg("report.kit_passed")


def _counted(key: str, n: int) -> Message:
    """The sentence for ``n`` things: its own wording for one (the catalogue's ``_one`` key)."""
    return msg(f"{key}_one") if n == 1 else msg(key, n=Count(n))


def render_text(result: NotebookResult, lang: str) -> str:
    return _render(_TEXT, "check.txt.j2", result, lang)


def render_html(result: NotebookResult, lang: str) -> str:
    """One notebook's feedback as an HTML fragment (what `check()` shows inside a notebook)."""
    return _render(_HTML, "check.html.j2", result, lang)


def _render(env: jinja2.Environment, template: str, result: NotebookResult, lang: str) -> str:
    view = result_to_dict(result, lang)
    return env.get_template(template).render(
        r=view,
        lang=lang,
        say=sayer(lang),
        lost=[t for t in view["tasks"] if t["status"] not in SELF_CHECK_FINE],
        pending=[t for t in view["tasks"] if t["pending"]],
        advised=[t for t in view["tasks"] if t["advice"]],
    )
