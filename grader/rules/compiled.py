"""K102 compiled: the model was compiled with the reference's loss and an accuracy metric.

What it checks: the compile settings stored in the model's file: the loss, in any spelling Keras
accepts (``"sparse_categorical_crossentropy"``, the class, an instance), equals the reference's,
and one metric is accuracy (``"accuracy"``, ``"acc"``, ``SparseCategoricalAccuracy``...).
Why it matters: integer labels need the sparse loss; one-hot loss on integer labels fails or
learns nothing.
Example failure: ``loss categorical_crossentropy, expected sparse_categorical_crossentropy``.
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

ACCURACY = {"accuracy", "acc", "sparsecategoricalaccuracy", "categoricalaccuracy"}


def normalised(name: str | None) -> str:
    return (name or "").replace("_", "").lower()


def check(source: ModelSource, evidence: Evidence, _hidden: bool) -> Outcome:
    expected = reference_facts(evidence, source).compile
    facts = student_facts(evidence, source, needs_loading=False)
    if isinstance(facts, Outcome):
        return facts
    found = facts.compile
    if not found.compiled:
        return Outcome(0.0, msg("compiled.not", name=source.label))
    if normalised(found.loss) != normalised(expected.loss):
        return Outcome(
            0.0,
            msg("compiled.loss", found=found.loss, expected=expected.loss),
            expected=str(expected.loss),
            found=str(found.loss),
        )
    if not ACCURACY & {normalised(m) for m in found.metrics}:
        return Outcome(0.0, msg("compiled.metric", found=", ".join(found.metrics) or "-"))
    return Outcome(1.0, msg("compiled.ok", loss=found.loss))


RULE = RuleKind(
    code="K102",
    name="compiled",
    doc=__doc__ or "",
    parse=parse_model,
    needs=model_needs,
    check=check,
)
