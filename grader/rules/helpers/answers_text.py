"""Turning answers into the words of feedback, shared by the value and function rules."""

from __future__ import annotations

from typing import Any

import numpy as np

from grader.boundary import Answer, AnswerKey, AnswerStatus
from grader.errors import SpecError
from grader.rules.base import Evidence, Outcome
from grader.rules.helpers.cell_failures import cell_ref, explain
from grader.rules.helpers.compare import (
    as_numeric_array,
    describe,
    first_difference,
    is_number,
    is_sequence,
    values_match,
)
from grader.text.messages import Message, msg

MAX_CELLS = 16  # a side of an array the report draws as a heat map


def reference_value(evidence: Evidence, key: AnswerKey) -> Any:
    """The reference's answer; its absence is the instructor's problem, never the student's."""
    answer = evidence.reference.get(key)
    if answer is None or not answer.ok:
        detail = msg("check.reference_not_requested") if answer is None else _why(answer)
        raise SpecError(msg("check.reference_no_answer", name=str(key), detail=detail))
    return answer.value


def _why(answer: Answer) -> Message:
    """Why the reference's answer is unusable: its status in words, and what the kernel said."""
    status = msg(f"check.answer_status.{answer.status.value}")
    if not answer.detail:
        return status
    return msg("check.answer_status_detail", status=status, detail=answer.detail)


def unavailable(name: str, answer: Answer | None, evidence: Evidence) -> Outcome:
    """The outcome for a student answer that is not there or not plain data."""
    if answer is None or answer.status == AnswerStatus.MISSING:
        failure = evidence.cell_failure
        if failure is not None and failure.error.startswith("NotImplementedError"):
            return Outcome(0.0, msg("answer.not_filled", name=name))
        if failure is not None:
            error = explain(failure, evidence.failures, evidence.source)
            if isinstance(error, Message) and error.params.get("name") == name:
                return Outcome(0.0, error)  # "`model` is not defined because cell 4 failed"
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
    return kind_of(value) if hidden else describe(value)


def kind_of(value: Any) -> Message:
    """What kind of value this is: an array of a shape, a list of n entries, a number, text."""
    array = as_numeric_array(value)
    if array is not None and array.ndim >= 2:
        return msg("describe.array", shape=tuple(array.shape))
    if is_sequence(value):
        return msg("describe.list", n=len(value))
    if is_number(value):
        return msg("describe.integer") if float(value).is_integer() else msg("describe.number")
    return msg("describe.text")


def extent(found: Any, expected: Any) -> Message | None:
    """The shape (or, for a list, the length) both values share; None when they differ in it
    or one of them has none."""
    f, e = as_numeric_array(found), as_numeric_array(expected)
    if f is not None and e is not None and max(f.ndim, e.ndim) >= 2:
        return msg("describe.shape", shape=tuple(e.shape)) if f.shape == e.shape else None
    if is_sequence(found) and is_sequence(expected) and len(found) == len(expected):
        return msg("describe.length", n=len(expected))
    return None


def difference(found: Any, expected: Any) -> tuple[str, str, str] | None:
    """(position, found there, expected there) of the first differing entry of two values of one
    extent, as feedback shows them: ``[1, 2]``, ``5``, ``4``."""
    at = first_difference(found, expected)
    if at is not None:
        position, found_at, expected_at = at
        return f"[{', '.join(map(str, position))}]", describe(found_at), describe(expected_at)
    if is_sequence(found) and is_sequence(expected) and len(found) == len(expected):
        for index, (f, e) in enumerate(zip(found, expected, strict=True)):
            if not values_match(f, e):
                return f"[{index}]", describe(f), describe(e)
    return None


def same_kind(found: Any, expected: Any) -> bool:
    """Both numbers, or both text: a hidden check then has nothing to say but "not this"."""
    if is_number(found) and is_number(expected):
        return not float(expected).is_integer() or float(found).is_integer()
    return isinstance(found, str) and isinstance(expected, str)


def differing(found: Any, expected: Any) -> dict[str, Any] | None:
    """What a "right shape, other values" sentence says: the shared shape, the first position
    that differs with both values there, and both values; None unless the shapes agree and the
    values do not. A hidden check passes on only the parts that are not the reference's."""
    shared = extent(found, expected)
    at = difference(found, expected) if shared is not None else None
    if shared is None or at is None:
        return None
    position, found_at, expected_at = at
    return {
        "shape": shared,
        "position": position,
        "found_at": found_at,
        "expected_at": expected_at,
        "expected": describe(expected),
        "found": describe(found),
    }


def wrong_value(name: str, found: Any, expected: Any, hidden: bool) -> Message:
    """The sentence for a wrong named answer. It never contradicts itself: with the expected
    shape it says that the values differ (and, public, where first); a hidden check shows the
    student's value and the kind expected, never the expected value nor where it differs."""
    differs = differing(found, expected)
    if differs is not None and hidden:
        shape, shown = differs["shape"], differs["found"]
        return msg("value.differs_hidden", name=name, shape=shape, found=shown)
    if differs is not None:
        return msg("value.differs", name=name, **differs)
    if hidden and same_kind(found, expected):
        return msg("value.wrong_hidden", name=name, found=describe(found))
    if hidden:
        return msg("value.wrong_kind", name=name, expected=kind_of(expected), found=describe(found))
    return msg("value.wrong", name=name, expected=describe(expected), found=describe(found))


def drawable(found: Any, expected: Any) -> bool:
    """Two numeric arrays small enough for heat maps: 2-D, or feature-map stacks (h, w, c)
    with the same few channels; at most ``MAX_CELLS`` cells a side."""
    try:
        f, e = np.asarray(found), np.asarray(expected)
    except (ValueError, TypeError):
        return False
    if f.dtype.kind not in "iuf" or e.dtype.kind not in "iuf" or f.ndim != e.ndim:
        return False
    if f.ndim == 3 and (f.shape[-1] != e.shape[-1] or f.shape[-1] > 4):
        return False
    return (
        f.ndim in (2, 3)
        and max(*f.shape[:2], *e.shape[:2]) <= MAX_CELLS
        and min(f.size, e.size) > 0
    )


def drawn_arrays(found: Any, expected: Any, hidden: bool) -> tuple[list[Any], list[Any]] | None:
    """Found and expected as lists for the report's heat maps: public checks only, arrays small
    enough to draw."""
    if hidden or not drawable(found, expected):
        return None
    return np.asarray(found).tolist(), np.asarray(expected).tolist()
