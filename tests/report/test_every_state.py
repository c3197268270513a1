"""Every report format, in both languages, on results that carry everything a result can carry:
each submission status, each task state, warnings, cell errors, a grader error, advice and
learning curves. A label missing from the catalogue (what crashed `grader check` on every flagged
notebook) fails here, whichever template or language it is in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from grader.report import render_text, result_to_dict
from grader.report.pages import write_reports
from grader.results.gradebook import Gradebook
from grader.results.records import (
    CheckResult,
    NotebookResult,
    Status,
    Stored,
    TaskResult,
    TaskStatus,
)
from grader.rules.base import Outcome
from grader.rules.helpers.learning_curve import Curves
from grader.text.messages import LANGUAGES, Message, msg, render

CURVES = Curves(
    {"accuracy": [0.5, 0.8], "val_accuracy": [0.45, 0.7], "loss": [1.2, 0.6]}, 0.92, 0.9
)


def _check(task: str, points: float, passed: bool, hidden: bool) -> CheckResult:
    outcome = Outcome(
        1.0 if passed else 0.0,
        msg("value.wrong", name=task, expected="[1, 2]", found="<script>x</script>"),
        mistake=None if passed else msg("mistake.transposed"),
        flag=msg("history.claim", claimed=0.99, measured=0.5, n=10),
        curves=CURVES if passed else None,
    )
    return CheckResult(f"{task}/c", "V100", points, 1.0, hidden, False, outcome)


def _tasks() -> tuple[TaskResult, ...]:
    tasks = []
    for state in TaskStatus:
        passed = state == TaskStatus.PASSED
        points = {TaskStatus.PASSED: 1.0, TaskStatus.PARTIAL: 0.5}.get(state, 0.0)
        checks: tuple[CheckResult, ...] = (
            _check(state.value, points, passed, hidden=True),
            _check(state.value, 0.0, False, hidden=False),
        )
        if state == TaskStatus.GRADER_ERROR:
            checks += (CheckResult("e/c", "F100", 0.0, 1.0, False, False, None, "rule crashed"),)
        tasks.append(TaskResult(state.value, f"Aufgabe {state.value}", points, 1.0, state, checks))
    return tuple(tasks)


def every_result() -> list[NotebookResult]:
    """One result per submission status; graded ones have every task state."""
    results = []
    for status in Status:
        graded = status in (Status.GRADED, Status.GRADER_ERROR, Status.TIMEOUT)
        tasks = _tasks() if graded else ()
        results.append(
            NotebookResult(
                assignment="01_convolution",
                notebook=f"{status.value}.ipynb",
                status=status,
                points=sum(t.points for t in tasks),
                max_points=float(len(TaskStatus)),
                tasks=tasks,
                seed=11,
                cell_errors=((3, "passed", "ZeroDivisionError: division by zero"), (5, "", "x")),
                problem=None if graded else msg("file.empty", path=f"{status.value}.ipynb"),
                warnings=(msg("tamper.given_changed", cell=2, line="X = 1"),),
            )
        )
    return results


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("result", every_result(), ids=lambda r: r.status.value)
def test_text_and_json_render_every_state(result: NotebookResult, lang: str) -> None:
    page = render_text(result, lang)
    assert render(Message(f"status.{result.status.value}"), lang) in page
    assert render(Message("report.warnings"), lang) in page
    assert "ZeroDivisionError" in page
    if result.tasks:
        for state in TaskStatus:
            assert render(Message(f"task.{state.value}"), lang) in page
    view = result_to_dict(result, lang)
    assert json.loads(json.dumps(view, ensure_ascii=False)) == view


@pytest.mark.parametrize("lang", LANGUAGES)
def test_pages_render_every_state(tmp_path: Path, lang: str) -> None:
    with Gradebook.open(tmp_path) as book:
        for index, result in enumerate(every_result()):
            student = f"s{index}"
            book.record(Stored(student, student, result.assignment, "h", "v", "r", "t", 1, result))
    index_page = write_reports(tmp_path, lang).read_text(encoding="utf-8")
    assert "`" not in index_page
    assert render(Message("summary.title"), lang) in index_page
    for status in Status:
        assert render(Message(f"status.{status.value}"), lang) in index_page
    for kind in ("html", "md"):
        pages = [p.read_text(encoding="utf-8") for p in (tmp_path / "students").glob(f"*.{kind}")]
        assert len(pages) == len(Status)
        everything = "\n".join(pages)
        assert "<script>x</script>" not in everything  # student text is escaped
        if kind == "html":  # inline code is <code>, never the catalogue's Markdown backticks
            assert "`" not in everything and "<code>passed</code>" in everything
        for key in ("report.warnings", "report.cell_errors", "report.total"):
            assert render(Message(key), lang) in everything, (kind, key)
        for state in TaskStatus:
            assert render(Message(f"task.{state.value}"), lang) in everything, (kind, state)
