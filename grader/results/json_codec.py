"""NotebookResult <-> JSON without losing the language-neutral messages.

The gradebook stores results this way so that ``grader report`` can re-render every page, in
German or English, long after the kernels are gone. Messages are stored as their catalogue key
and parameters, never as rendered text.
"""

from __future__ import annotations

import json
from typing import Any

from grader.results.records import (
    CheckResult,
    NotebookResult,
    Status,
    TaskResult,
    TaskStatus,
    Withheld,
)
from grader.rules.base import Outcome
from grader.rules.helpers.learning_curve import Curves
from grader.text.messages import Message
from grader.text.numbers import Count, Decimal, Number, Percent


def _encode(value: Any) -> Any:
    if isinstance(value, Count):
        return {"__count__": value.value}
    if isinstance(value, Decimal):
        return {"__decimal__": value.value, "digits": value.digits}
    if isinstance(value, Percent):
        return {"__percent__": value.value}
    if isinstance(value, Number):
        return {"__number__": value.value}
    if isinstance(value, Message):
        return {
            "__message__": value.key,
            "params": {k: _encode(v) for k, v in value.params.items()},
        }
    if isinstance(value, tuple):
        return {"__tuple__": [_encode(item) for item in value]}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _encode(v) for k, v in value.items()}
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def encode(value: Any) -> Any:
    """A message (or any value holding messages) as language-neutral JSON data."""
    return _encode(value)


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "__count__" in value:
        return Count(int(value["__count__"]))
    if isinstance(value, dict) and "__decimal__" in value:
        return Decimal(float(value["__decimal__"]), int(value["digits"]))
    if isinstance(value, dict) and "__percent__" in value:
        return Percent(float(value["__percent__"]))
    if isinstance(value, dict) and "__number__" in value:
        return Number(float(value["__number__"]))
    if isinstance(value, dict) and "__message__" in value:
        return Message(value["__message__"], {k: _decode(v) for k, v in value["params"].items()})
    if isinstance(value, dict) and "__tuple__" in value:
        return tuple(_decode(item) for item in value["__tuple__"])
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    return value


def _outcome_data(outcome: Outcome | None) -> dict[str, Any] | None:
    if outcome is None:
        return None
    return {
        "score": outcome.score,
        "message": _encode(outcome.message),
        "mistake": _encode(outcome.mistake),
        "expected": _encode(outcome.expected),
        "found": _encode(outcome.found),
        "flag": _encode(outcome.flag),
        "curves": outcome.curves.to_json() if outcome.curves else None,
        "arrays": list(outcome.arrays) if outcome.arrays else None,
        "pending": outcome.pending,
        "measured": outcome.measured,
        "unanswered": outcome.unanswered,
    }


def result_to_json(result: NotebookResult) -> str:
    data = {
        "assignment": result.assignment,
        "notebook": result.notebook,
        "status": result.status.value,
        "points": result.points,
        "max_points": result.max_points,
        "seed": result.seed,
        "seconds": result.seconds,
        "problem": _encode(result.problem),
        "cell_errors": [[cell, task, _encode(error)] for cell, task, error in result.cell_errors],
        "cell_counts": [list(pair) for pair in result.cell_counts],
        "warnings": [_encode(warning) for warning in result.warnings],
        "public_only": result.public_only,
        "withheld": [[w.task, w.checks, w.points] for w in result.withheld],
        "tasks": [
            {
                "task": t.task,
                "title": t.title,
                "titles": dict(t.titles),
                "points": t.points,
                "max_points": t.max_points,
                "status": t.status.value,
                "checks": [
                    {
                        "id": c.id,
                        "rule": c.rule,
                        "points": c.points,
                        "max_points": c.max_points,
                        "hidden": c.hidden,
                        "gate": c.gate,
                        "error": _encode(c.error),
                        "outcome": _outcome_data(c.outcome),
                    }
                    for c in t.checks
                ],
            }
            for t in result.tasks
        ],
    }
    return json.dumps(data, ensure_ascii=False)


def _outcome(data: dict[str, Any] | None) -> Outcome | None:
    if data is None:
        return None
    return Outcome(
        score=data["score"],
        message=_decode(data["message"]),
        mistake=_decode(data["mistake"]),
        expected=_decode(data["expected"]),
        found=_decode(data["found"]),
        flag=_decode(data.get("flag")),
        curves=Curves.from_json(data["curves"]) if data.get("curves") else None,
        arrays=(data["arrays"][0], data["arrays"][1]) if data.get("arrays") else None,
        pending=bool(data.get("pending", False)),
        measured=data.get("measured"),
        unanswered=bool(data.get("unanswered", False)),
    )


def result_from_json(text: str) -> NotebookResult:
    data = json.loads(text)
    tasks = tuple(
        TaskResult(
            task=t["task"],
            title=t["title"],
            titles=tuple((str(k), str(v)) for k, v in t.get("titles", {}).items()),
            points=t["points"],
            max_points=t["max_points"],
            status=TaskStatus(t["status"]),
            checks=tuple(
                CheckResult(
                    c["id"],
                    c["rule"],
                    c["points"],
                    c["max_points"],
                    c["hidden"],
                    c["gate"],
                    _outcome(c["outcome"]),
                    _decode(c["error"]),  # plain text in gradebooks from before the catalogue
                )
                for c in t["checks"]
            ),
        )
        for t in data["tasks"]
    )
    return NotebookResult(
        assignment=data["assignment"],
        notebook=data["notebook"],
        status=Status(data["status"]),
        points=data["points"],
        max_points=data["max_points"],
        tasks=tasks,
        seed=data["seed"],
        cell_errors=tuple(
            (int(cell), str(task), _decode(error)) for cell, task, error in data["cell_errors"]
        ),
        cell_counts=tuple((int(cell), int(count)) for cell, count in data.get("cell_counts", [])),
        seconds=data["seconds"],
        problem=_decode(data["problem"]),
        warnings=tuple(_decode(warning) for warning in data.get("warnings", [])),
        public_only=bool(data.get("public_only", False)),
        withheld=tuple(Withheld(str(t), int(n), float(p)) for t, n, p in data.get("withheld", [])),
    )
