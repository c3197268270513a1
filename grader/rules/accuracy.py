"""K103 accuracy: the grader's own measurement of the model's accuracy, against thresholds.

What it checks: the share of evaluation images (held out from the student's kernel, or the
configured test set) the loaded model classifies right. At or above ``full_at`` all points,
below ``zero_below`` none, linear in between (with ``round_down_to`` on the check, the points
are rounded down, e.g. to half points). Without ``zero_below`` the threshold is a single step.
Why it matters: the number a notebook prints is the student's word; this one is measured.
Example failure: ``accuracy 0.897 on 10,000 test images: 12 x (0.897 - 0.88) / 0.04``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.messages import Count, msg
from grader.rules.base import Evidence, Needs, Outcome, RuleKind
from grader.rules.model_facts import ModelSource, parse_source, student_facts


@dataclass(frozen=True)
class Accuracy:
    source: ModelSource
    full_at: float
    zero_below: float


def parse(raw: dict[str, Any]) -> Accuracy:
    source = parse_source(raw, {"full_at", "zero_below"})
    full_at = float(raw["full_at"])
    zero_below = float(raw.get("zero_below", full_at))
    if not 0.0 <= zero_below <= full_at <= 1.0:
        raise ValueError("need 0 <= zero_below <= full_at <= 1")
    return Accuracy(source, full_at, zero_below)


def needs(params: Accuracy, _rng: Any) -> Needs:
    return Needs(models=params.source.models(), artifacts=params.source.artifacts(), evaluate=True)


def share(params: Accuracy, accuracy: float) -> float:
    if accuracy >= params.full_at:
        return 1.0
    if accuracy < params.zero_below or params.full_at == params.zero_below:
        return 0.0
    return (accuracy - params.zero_below) / (params.full_at - params.zero_below)


def check(params: Accuracy, evidence: Evidence, _hidden: bool) -> Outcome:
    facts = student_facts(evidence, params.source)
    if isinstance(facts, Outcome):
        return facts
    if "accuracy" not in facts:
        return Outcome(0.0, msg("accuracy.not_measured", error=facts.get("evaluation_error", "?")))
    accuracy, n = float(facts["accuracy"]), int(facts["evaluated"])
    earned = share(params, accuracy)
    key = "accuracy.full" if earned == 1.0 else "accuracy.partial" if earned else "accuracy.below"
    return Outcome(
        earned,
        msg(
            key, accuracy=f"{accuracy:.4f}", n=Count(n), full=params.full_at, zero=params.zero_below
        ),
        mistake=None if earned == 1.0 else msg("mistake.accuracy"),
        expected=f">= {params.full_at}",
        found=f"{accuracy:.4f}",
    )


RULE = RuleKind(
    code="K103", name="accuracy", doc=__doc__ or "", parse=parse, needs=needs, check=check
)
