"""Turning answers into the words of feedback, shared by the value and function rules."""

from __future__ import annotations

from typing import Any

from grader.boundary import Answer, AnswerKey, AnswerStatus
from grader.compare import as_numeric_array, describe, is_number, is_sequence
from grader.errors import SpecError
from grader.messages import Message, msg
from grader.rules.base import Evidence, Outcome
from grader.rules.cell_failures import cell_ref, explain


def reference_value(evidence: Evidence, key: AnswerKey) -> Any:
    """The reference's answer; its absence is the instructor's problem, never the student's."""
    answer = evidence.reference.get(key)
    if answer is None or not answer.ok:
        detail = "not requested" if answer is None else f"{answer.status} {answer.detail}".strip()
        raise SpecError(f"the reference notebook gave no usable answer for {str(key)!r} ({detail})")
    return answer.value


def unavailable(name: str, answer: Answer | None, evidence: Evidence) -> Outcome:
    """The outcome for a student answer that is not there or not plain data."""
    if answer is None or answer.status == AnswerStatus.MISSING:
        failure = evidence.cell_failure
        if failure is not None and failure.error.startswith("NotImplementedError"):
            return Outcome(0.0, msg("answer.not_filled", name=name))
        if failure is not None:
            error = explain(failure, evidence.failures, evidence.source)
            cell = cell_ref(failure)
            return Outcome(0.0, msg("answer.missing_cell_error", name=name, cell=cell, error=error))
        return Outcome(0.0, msg("answer.missing", name=name))
    if answer.status == AnswerStatus.TIMEOUT:
        return Outcome(0.0, msg("answer.timeout", name=name))
    if answer.status == AnswerStatus.KERNEL_DIED:
        return Outcome(0.0, msg("answer.kernel_died", name=name))
    if answer.status == AnswerStatus.NOT_CALLABLE:
        return Outcome(0.0, msg("answer.not_callable", name=name, type=answer.detail))
    return Outcome(0.0, msg("answer.unsupported", name=name, type=answer.detail or "?"))


def describe_expected(value: Any, hidden: bool) -> str | Message:
    """A hidden check says what kind of value was expected, never the value itself."""
    if not hidden:
        return describe(value)
    array = as_numeric_array(value)
    if array is not None and array.ndim >= 2:
        return msg("describe.array", shape=tuple(array.shape))
    if is_sequence(value):
        return msg("describe.list", n=len(value))
    if is_number(value):
        return msg("describe.integer") if float(value).is_integer() else msg("describe.number")
    return msg("describe.text")
