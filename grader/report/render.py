"""Turns a NotebookResult into plain view data, then into text (Jinja2) or a JSON-able dict.

All language choices happen here, through ``messages``; the template gets finished strings.
Hidden checks never carry their inputs or expected values into a view: the rules already describe
them abstractly, and this module only passes on what the outcome says.
"""

from __future__ import annotations

from typing import Any

from grader.messages import Message, render, text
from grader.report.environment import environment, sayer
from grader.results import CheckResult, NotebookResult, TaskResult

_TEXT = environment(escape=False)


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


def _task_view(task: TaskResult, lang: str) -> dict[str, Any]:
    first = task.first_failure
    checks = [_check_view(c, lang) for c in task.checks]
    return {
        "task": task.task,
        "title": task.title,
        "points": task.points,
        "max_points": task.max_points,
        "status": task.status.value,
        "status_text": render(Message(f"task.{task.status.value}"), lang),
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
        "tasks": [_task_view(t, lang) for t in result.tasks],
        "warnings": [render(warning, lang) for warning in result.warnings],
    }


def render_text(result: NotebookResult, lang: str) -> str:
    view = result_to_dict(result, lang)
    return _TEXT.get_template("check.txt.j2").render(
        r=view,
        say=sayer(lang),
        lost=[t for t in view["tasks"] if t["points"] < t["max_points"]],
        advised=[t for t in view["tasks"] if t["advice"]],
    )
