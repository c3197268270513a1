"""K102 compiled: the model was compiled with the reference's loss and an accuracy metric.

What it checks: the compile settings stored in the model's file: the loss, in any spelling Keras
accepts (``"sparse_categorical_crossentropy"``, the class, an instance), equals the reference's,
and one metric is accuracy (``"accuracy"``, ``"acc"``, ``SparseCategoricalAccuracy``...).
Why it matters: integer labels need the sparse loss; one-hot loss on integer labels fails or
learns nothing.
Example failure: ``loss categorical_crossentropy, expected sparse_categorical_crossentropy``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.messages import msg
from grader.rules.base import Evidence, Needs, Outcome, RuleKind
from grader.rules.model_facts import ModelSource, parse_source, reference_facts, student_facts

ACCURACY = {"accuracy", "acc", "sparsecategoricalaccuracy", "categoricalaccuracy"}


def normalised(name: str | None) -> str:
    return (name or "").replace("_", "").lower()


@dataclass(frozen=True)
class Compiled:
    source: ModelSource


def parse(raw: dict[str, Any]) -> Compiled:
    return Compiled(parse_source(raw, set()))


def needs(params: Compiled, _rng: Any) -> Needs:
    return Needs(models=params.source.models(), artifacts=params.source.artifacts())


def check(params: Compiled, evidence: Evidence, _hidden: bool) -> Outcome:
    expected = reference_facts(evidence, params.source)["compile"]
    facts = student_facts(evidence, params.source, needs_loading=False)
    if isinstance(facts, Outcome):
        return facts
    found = facts["compile"]
    if not found["compiled"]:
        return Outcome(0.0, msg("compiled.not", name=params.source.label))
    if normalised(found["loss"]) != normalised(expected["loss"]):
        return Outcome(
            0.0,
            msg("compiled.loss", found=found["loss"], expected=expected["loss"]),
            expected=str(expected["loss"]),
            found=str(found["loss"]),
        )
    if not ACCURACY & {normalised(m) for m in found["metrics"]}:
        return Outcome(0.0, msg("compiled.metric", found=", ".join(found["metrics"]) or "-"))
    return Outcome(1.0, msg("compiled.ok", loss=found["loss"]))


RULE = RuleKind(
    code="K102", name="compiled", doc=__doc__ or "", parse=parse, needs=needs, check=check
)
