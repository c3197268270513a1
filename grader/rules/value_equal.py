"""V100 value-equal: a named answer equals the reference's value.

What it checks: the module-level name (e.g. ``result_vertical``) after the notebook ran, compared
with the same name in the reference notebook: integers exactly (``27.0`` counts as 27), floats
within 1e-6 relative plus 1e-9 absolute, shapes exactly, any sequence as a list.
Why it matters: value tasks are right or wrong; the comparison runs in the grader's process on
plain data, so redefining ``np.allclose`` or ``__eq__`` in the notebook changes nothing.
Example failure: ``result_sobel`` is every row ``[0, -40, -40, 0]``: the kernel was flipped.
"""

from __future__ import annotations

from typing import Any

from grader.compare import describe, values_match
from grader.messages import msg
from grader.mistakes import MistakeContext, diagnose
from grader.rules.answers_text import describe_expected, reference_value, unavailable
from grader.rules.base import Evidence, Needs, Outcome, RuleKind
from grader.rules.mistake_spec import NamedAnswer, parse_named_answer


def needs(params: NamedAnswer, _rng: Any) -> Needs:
    names = {params.name} | {str(p["list"]) for _, p in params.mistakes if "list" in p}
    return Needs(values=tuple(sorted(names)))


def check(params: NamedAnswer, evidence: Evidence, hidden: bool) -> Outcome:
    expected = reference_value(evidence, params.name)
    answer = evidence.student.get(params.name)
    if answer is None or not answer.ok:
        return unavailable(params.name, answer, evidence)
    if values_match(answer.value, expected):
        return Outcome(1.0, msg("value.ok", name=params.name))
    student = {k: a.value for k, a in evidence.student.items() if a.ok}
    reference = {k: a.value for k, a in evidence.reference.items() if a.ok}
    contexts = {
        m: MistakeContext(student=student, reference=reference, params=p)
        for m, p in params.mistakes
    }
    shown_expected = describe_expected(expected, hidden)
    found = describe(answer.value)
    return Outcome(
        0.0,
        msg("value.wrong", name=params.name, expected=shown_expected, found=found),
        mistake=diagnose(tuple(m for m, _ in params.mistakes), answer.value, expected, contexts),
        expected=shown_expected,
        found=found,
    )


RULE = RuleKind(
    code="V100",
    name="value-equal",
    doc=__doc__ or "",
    parse=parse_named_answer,
    needs=needs,
    check=check,
)
