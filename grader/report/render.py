"""Turns a NotebookResult into plain view data, then into text (Jinja2) or a JSON-able dict.

All language choices happen here, through ``messages``; the template gets finished strings.
Hidden checks never carry their inputs or expected values into a view: the rules already describe
them abstractly, and this module only passes on what the outcome says.
"""

from __future__ import annotations

from typing import Any

import jinja2

from grader.course.spec import Withheld
from grader.report.environment import environment, sayer
from grader.results.records import CheckResult, NotebookResult, TaskResult, TaskStatus
from grader.text.messages import Message, render, text

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
        "message": _text(outcome.message, lang) if outcome else check.error,
        "expected": _text(outcome.expected, lang) if outcome else None,
        "found": _text(outcome.found, lang) if outcome else None,
        "mistake": _text(outcome.mistake, lang) if outcome else None,
        "curves": outcome.curves.to_json() if outcome and outcome.curves else None,
        "arrays": list(outcome.arrays) if outcome and outcome.arrays and not check.hidden else None,
        "grader_error": check.error,
    }


def _task_view(task: TaskResult, lang: str, withheld: Withheld | None) -> dict[str, Any]:
    first = task.first_failure
    checks = [_check_view(c, lang) for c in task.checks]
    return {
        "task": task.task,
        "title": task.title,
        "points": task.points,
        "max_points": task.max_points,
        "status": task.status.value,
        "status_text": render(Message(f"task.{task.status.value}"), lang),
        "pending": task.status == TaskStatus.PENDING,
        "message": _check_view(first, lang)["message"]
        if first
        else render(Message("value.ok", {"name": task.task}), lang),
        "mistake": _check_view(first, lang)["mistake"] if first else None,
        "checks": checks,
        "lost_lines": _lost_lines(checks),
        # what a check that earned its points still has to say (the learning curves' reading)
        "advice": [
            {"message": c["message"], "mistake": c["mistake"]}
            for c in checks
            if c["passed"] and (c["mistake"] or c["curves"])
        ],
        "curves": [c["curves"] for c in checks if c["curves"]],
        "withheld": None
        if withheld is None
        else {"checks": withheld.checks, "points": withheld.points},
    }


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


def _cell_ref(number: int, title: str | None, lang: str) -> str:
    if title is None:
        return render(Message("cell.ref_plain", {"cell": number}), lang)
    return render(Message("cell.ref", {"cell": number, "task": title}), lang)


def result_to_dict(result: NotebookResult, lang: str) -> dict[str, Any]:
    checks = [c for t in result.tasks for c in t.checks]
    withheld = {w.task: w for w in result.withheld}
    titles = {t.task: t.title for t in result.tasks}
    return {
        "assignment": result.assignment,
        "notebook": result.notebook,
        "status": result.status.value,
        "status_text": render(Message(f"status.{result.status.value}"), lang),
        "points": result.points,
        "max_points": result.max_points,
        "problem": _text(result.problem, lang),
        "seed": result.seed,
        "seconds": round(result.seconds, 3),
        "checks_ran": {
            "public": sum(not c.hidden for c in checks),
            "hidden": sum(c.hidden for c in checks),
        },
        "cell_errors": [
            {
                "cell": number,
                "task": task or None,
                "where": _cell_ref(number, titles.get(task), lang),
                "error": text(error, lang),
            }
            for number, task, error in result.cell_errors
        ],
        "tasks": [_task_view(t, lang, withheld.get(t.task)) for t in result.tasks],
        "warnings": [render(warning, lang) for warning in result.warnings],
        # a self-check from a student kit: only the public checks ran
        "public_only": result.public_only,
        "withheld": {
            "checks": sum(w.checks for w in result.withheld),
            "points": sum(w.points for w in result.withheld),
        },
    }


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
        lost=[
            t for t in view["tasks"] if t["status"] not in (TaskStatus.PASSED, TaskStatus.PENDING)
        ],
        pending=[t for t in view["tasks"] if t["pending"]],
        advised=[t for t in view["tasks"] if t["advice"]],
    )
