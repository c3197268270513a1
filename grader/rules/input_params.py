"""K101 input-and-params: the model's input shape and its parameter count equal the reference's.

What it checks: the input shape (without the batch dimension) and the number of parameters,
summed from the weights of the loaded model (a model cannot report its own count).
Why it matters: together they pin the architecture down: LeNet-5 takes (32, 32, 1) and has
61,706 parameters; 28x28 inputs or one wrong layer change the count.
Example failure: ``input (28, 28, 1), expected (32, 32, 1)``.
"""

from __future__ import annotations

from grader.rules.base import Evidence, Outcome, RuleKind
from grader.rules.helpers.model_source import (
    ModelSource,
    model_needs,
    parse_model,
    reference_facts,
    student_facts,
)
from grader.text.messages import msg
from grader.text.numbers import Count


def check(source: ModelSource, evidence: Evidence, _hidden: bool) -> Outcome:
    expected = reference_facts(evidence, source)
    facts = student_facts(evidence, source)
    if isinstance(facts, Outcome):
        return facts
    found_shape, expected_shape = facts.measured.input_shape, expected.measured.input_shape
    if found_shape != expected_shape:
        return Outcome(
            0.0,
            msg("input.wrong", found=found_shape, expected=expected_shape),
            mistake=msg("mistake.input_28_built") if found_shape[:2] == (28, 28) else None,
            expected=str(expected_shape),
            found=str(found_shape),
        )
    found_params, expected_params = facts.measured.params, expected.measured.params
    if found_params != expected_params:
        return Outcome(
            0.0,
            msg("params.wrong", found=Count(found_params), expected=Count(expected_params)),
            expected=f"{expected_params:,}",
            found=f"{found_params:,}",
        )
    return Outcome(1.0, msg("input_params.ok", shape=found_shape, params=Count(found_params)))


RULE = RuleKind(
    code="K101",
    name="input-and-params",
    doc=__doc__ or "",
    parse=parse_model,
    needs=model_needs,
    check=check,
)
