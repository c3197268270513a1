"""A check that could not judge (the reference gave no answer, a rule crashed) says so in the
report's language: the problem is stored as a catalogue message, survives the gradebook's JSON,
and a gradebook written before that, with the problem as plain English text, still reads."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from conftest import ROOT

from grader.boundary import Answer, AnswerStatus
from grader.course.spec import load_assignment
from grader.grading.engine import StudentWork, score
from grader.grading.expectations import expectations
from grader.grading.plan import make_plan
from grader.report import render_html, render_text
from grader.results.json_codec import result_from_json, result_to_json
from grader.results.records import NotebookResult, Status, TaskResult, TaskStatus

PARAMETERS = load_assignment(ROOT, "02_parameters")
SAID = {
    "de": "das Notebook der Musterlösung lieferte keine verwendbare Antwort für 'call:0'"
    " (nicht angefordert)",
    "en": "the reference notebook gave no usable answer for 'call:0' (not requested)",
}
CRASHED = {
    "de": "die Prüfregel F100 ist abgestürzt: AttributeError(",
    "en": "the rule F100 crashed: AttributeError(",
}


def _graded(crash: bool = False) -> NotebookResult:
    """02's first task graded by its real rules against a reference that answered nothing (or,
    with ``crash``, with a check whose parameters the rule cannot read: the rule crashes)."""
    spec = replace(PARAMETERS, tasks=PARAMETERS.tasks[:1], checks=PARAMETERS.checks[:2])
    plan = make_plan(spec, 1)
    if crash:  # planned as the spec says, then run with parameters its rule cannot read
        first = replace(plan.checks[0], check=replace(plan.checks[0].check, params=None))
        plan = replace(plan, checks=(first, *plan.checks[1:]))
    keys = plan.student["conv_params"].keys()
    work = StudentWork({"conv_params": dict.fromkeys(keys, Answer(AnswerStatus.OK, 0))})
    answered = dict.fromkeys(keys, Answer(AnswerStatus.OK, 0))
    reference = {"conv_params": answered if crash else {}}
    (task,) = score(spec, plan, work, expectations(plan, reference))
    assert task.status == TaskStatus.GRADER_ERROR
    result = NotebookResult("02_parameters", "anna.ipynb", Status.GRADED, 0.0, 2.0, (task,))
    return result_from_json(result_to_json(result))  # as the gradebook keeps it


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_reference_without_an_answer_is_said_in_the_reports_language(lang: str) -> None:
    result = _graded()
    assert SAID[lang] in render_text(result, lang)
    assert SAID[lang].replace("'", "&#39;") in render_html(result, lang)
    other = SAID["en" if lang == "de" else "de"]
    assert other not in render_text(result, lang)


@pytest.mark.parametrize("lang", ["de", "en"])
def test_a_crashed_rule_is_said_in_the_reports_language(lang: str) -> None:
    shown = render_text(_graded(crash=True), lang)
    assert CRASHED[lang] in shown
    assert CRASHED["en" if lang == "de" else "de"] not in shown


def test_a_gradebook_with_the_problem_as_plain_text_still_reads() -> None:
    """Gradebooks written before the catalogue held the English sentence itself."""
    data = json.loads(result_to_json(_graded()))
    for check in data["tasks"][0]["checks"]:
        check["error"] = "rule crashed: KeyError('x')"
    old = result_from_json(json.dumps(data))
    task: TaskResult = old.tasks[0]
    assert [c.error for c in task.checks] == ["rule crashed: KeyError('x')"] * 2
    assert "rule crashed: KeyError('x')" in render_text(old, "de")
