"""K104 model-contract: a handed-in model is a usable CNN for the task.

What it checks: the file loads with Keras' safe mode, has at least ``min_conv`` Conv2D layers,
takes ``input_shape``, ends in ``classes`` softmax outputs and has at most ``max_params``
parameters (counted from the weights).
Why it matters: the threshold is only fair between models that answer the same question.
Example failure: ``the last layer has 10 outputs without softmax``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.intake.model_facts import ModelFacts
from grader.rules.base import Evidence, Needs, Outcome, RuleKind, expects_nothing
from grader.rules.helpers.model_source import ModelSource, parse_source, student_facts
from grader.text.messages import Message, msg
from grader.text.numbers import Count


@dataclass(frozen=True)
class ModelContract:
    source: ModelSource
    min_conv: int
    input_shape: tuple[int, ...]
    classes: int
    max_params: int


def parse(raw: dict[str, Any]) -> ModelContract:
    source = parse_source(raw, {"min_conv", "input_shape", "classes", "max_params"})
    return ModelContract(
        source,
        int(raw.get("min_conv", 2)),
        tuple(int(v) for v in raw["input_shape"]),
        int(raw["classes"]),
        int(raw["max_params"]),
    )


def needs(params: ModelContract, _rng: Any) -> Needs:
    return params.source.needs()


def problems(params: ModelContract, facts: ModelFacts) -> list[Message]:
    found: list[Message] = []
    measured = facts.measured
    convs = sum(1 for layer in facts.layers if layer.type == "Conv2D" and not layer.custom)
    if convs < params.min_conv:
        found.append(msg("contract.conv", found=convs, expected=params.min_conv))
    if measured.input_shape != params.input_shape:
        found.append(msg("contract.input", found=measured.input_shape, expected=params.input_shape))
    activation = facts.layers[-1].activation if facts.layers else None
    if measured.output_shape != (params.classes,) or activation != "softmax":
        found.append(
            msg(
                "contract.output",
                found=f"{measured.output_shape} {activation or '-'}",
                classes=params.classes,
            )
        )
    if measured.params > params.max_params:
        found.append(
            msg("contract.params", found=Count(measured.params), limit=Count(params.max_params))
        )
    return found


def check(params: ModelContract, evidence: Evidence, _hidden: bool) -> Outcome:
    facts = student_facts(evidence, params.source)
    if isinstance(facts, Outcome):
        return facts
    found = problems(params, facts)
    if found:
        return Outcome(0.0, msg("contract.failed", items=found))
    return Outcome(1.0, msg("contract.ok", params=Count(facts.measured.params)))


RULE = RuleKind(
    code="K104",
    name="model-contract",
    doc=__doc__ or "",
    parse=parse,
    needs=needs,
    check=check,
    expect=expects_nothing,
)
