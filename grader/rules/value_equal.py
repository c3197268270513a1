"""V100 value-equal: a named answer equals the reference's value.

What it checks: the module-level name (e.g. ``result_vertical``) after the notebook ran, compared
with the same name in the reference notebook: integers exactly (``27.0`` counts as 27), floats
within 1e-6 relative plus 1e-9 absolute, shapes exactly, any sequence as a list.
Why it matters: value tasks are right or wrong; the comparison runs in the grader's process on
plain data, so redefining ``np.allclose`` or ``__eq__`` in the notebook changes nothing. A public
check shows the expected value and where the answer first differs (and draws both arrays); a
hidden one shows the student's value and what kind of value was expected, never the value.
Example failure: ``result_sobel`` is every row ``[0, -40, -40, 0]``: the kernel was flipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from grader.boundary import Answer, AnswerKey, KeyKind, value_key
from grader.rules.base import Evidence, Needs, Outcome, RuleKind
from grader.rules.helpers.answers_text import (
    describe_expected,
    drawn_arrays,
    reference_value,
    unavailable,
    wrong_value,
)
from grader.rules.helpers.compare import describe, values_match
from grader.rules.helpers.mistake_spec import NamedAnswer, parse_named_answer
from grader.rules.helpers.mistakes import MistakeContext, diagnose
from grader.text.messages import msg


def needs(params: NamedAnswer, _rng: Any) -> Needs:
    names = {params.name} | {str(p["list"]) for _, p in params.mistakes if "list" in p}
    return Needs(values=tuple(sorted(names)))


def _values(answers: Mapping[AnswerKey, Answer]) -> dict[str, Any]:
    """The named values among the answers, by name (what the mistake detectors compare)."""
    return {k.name: a.value for k, a in answers.items() if k.kind == KeyKind.VALUE and a.ok}


def check(params: NamedAnswer, evidence: Evidence, hidden: bool) -> Outcome:
    expected = reference_value(evidence, value_key(params.name))
    answer = evidence.student.get(value_key(params.name))
    if answer is None or not answer.ok:
        return unavailable(params.name, answer, evidence)
    if values_match(answer.value, expected):
        return Outcome(1.0, msg("value.ok", name=params.name))
    contexts = {
        m: MistakeContext(
            student=_values(evidence.student), reference=_values(evidence.reference), params=p
        )
        for m, p in params.mistakes
    }
    return Outcome(
        0.0,
        wrong_value(params.name, answer.value, expected, hidden),
        mistake=diagnose(tuple(m for m, _ in params.mistakes), answer.value, expected, contexts),
        expected=describe_expected(expected, hidden),
        found=describe(answer.value),
        arrays=drawn_arrays(answer.value, expected, hidden),
    )


RULE = RuleKind(
    code="V100",
    name="value-equal",
    doc=__doc__ or "",
    parse=parse_named_answer,
    needs=needs,
    check=check,
)
