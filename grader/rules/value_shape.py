"""V101 value-shape: a named answer has the reference's shape.

What it checks: only the shape of an array answer (e.g. ``feature_maps`` is ``(4, 4, 2)``), not its
values.
Why it matters: a public check that helps a student self-check without giving the solution away:
the shape says "channels-last, 2 maps" but not what the maps contain.
Example failure: ``feature_maps`` has shape ``(2, 4, 4)``: the channels come first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from grader.boundary import Answer, AnswerKey, AnswerStatus, value_key
from grader.rules.base import Evidence, Needs, Outcome, RuleKind
from grader.rules.helpers.answers_text import reference_value, unavailable
from grader.rules.helpers.compare import shape_of
from grader.rules.helpers.mistake_spec import NamedAnswer, parse_named_answer
from grader.rules.helpers.mistakes import MistakeContext, diagnose
from grader.text.messages import msg


def needs(params: NamedAnswer, _rng: Any) -> Needs:
    return Needs(values=(params.name,))


def expect(
    params: NamedAnswer, reference: Mapping[AnswerKey, Answer]
) -> Mapping[AnswerKey, Answer]:
    """The reference value's shape only (as zeros): its values may be a hidden check's answer."""
    kept = {}
    for key, answer in reference.items():
        shape = shape_of(answer.value) if answer.ok else None
        kept[key] = answer if shape is None else Answer(AnswerStatus.OK, np.zeros(shape, "int8"))
    return kept


def check(params: NamedAnswer, evidence: Evidence, _hidden: bool) -> Outcome:
    expected = shape_of(reference_value(evidence, value_key(params.name)))
    answer = evidence.student.get(value_key(params.name))
    if answer is None or not answer.ok:
        return unavailable(params.name, answer, evidence)
    found = shape_of(answer.value)
    if found == expected:
        return Outcome(1.0, msg("shape.ok", name=params.name, shape=expected))
    mistake = None
    if found is not None and expected is not None:  # the mistakes a shape alone can show
        mistake = diagnose(
            tuple(m for m, _ in params.mistakes),
            np.zeros(found),
            np.zeros(expected),
            {m: MistakeContext() for m, _ in params.mistakes},
        )
    shown = str(found) if found is not None else type(answer.value).__name__
    return Outcome(
        0.0,
        msg("shape.wrong", name=params.name, found=shown, expected=expected),
        mistake=mistake,
        expected=str(expected),
        found=shown,
    )


RULE = RuleKind(
    code="V101",
    name="value-shape",
    doc=__doc__ or "",
    parse=parse_named_answer,
    needs=needs,
    check=check,
    expect=expect,
    shape_only=True,
)
