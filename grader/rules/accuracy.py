"""K103 accuracy: the grader's own measurement of the model's accuracy, against thresholds.

What it checks: the share of evaluation images (held out from the student's kernel, or the
configured test set) the loaded model classifies right. At or above ``full_at`` all points,
below ``zero_below`` none, linear in between (with ``round_down_to`` on the check, the points
are rounded down, e.g. to half points). Without ``zero_below`` the threshold is a single step.
Where the spec names private check images, the accuracy there is measured too: a test accuracy
far above it (``flag_gap``) means a model fitted to the test images, and is flagged for review.
Why it matters: the number a notebook prints is the student's word; this one is measured.
Example failure: ``accuracy 0.897 on 10,000 test images: 12 x (0.897 - 0.88) / 0.04``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.intake.model_facts import Measurement
from grader.rules.base import Evidence, Needs, Outcome, ParamError, RuleKind, expects_nothing
from grader.rules.helpers.model_source import ModelSource, parse_source, student_facts
from grader.text.messages import Message, msg
from grader.text.numbers import Count, Decimal


@dataclass(frozen=True)
class Accuracy:
    source: ModelSource
    full_at: float
    zero_below: float
    flag_gap: float = 0.05  # test accuracy this far above the private check images: flagged
    # the assignment's training-history check diagnoses the curves: point there, not generally
    doctor: bool = False


def parse(raw: dict[str, Any]) -> Accuracy:
    source = parse_source(raw, {"full_at", "zero_below", "flag_gap", "doctor"})
    full_at = float(raw["full_at"])
    zero_below = float(raw.get("zero_below", full_at))
    if not 0.0 <= zero_below <= full_at <= 1.0:
        raise ParamError(msg("param.thresholds"))
    return Accuracy(
        source, full_at, zero_below, float(raw.get("flag_gap", 0.05)), bool(raw.get("doctor"))
    )


def _fitted_to_the_test_images(
    params: Accuracy, accuracy: float, measured: Measurement
) -> Message | None:
    """A model trained on the test images (or a lookup of them) is much better there than on
    images of the same kind it has never seen; the points stay, an instructor should look."""
    if measured.check_accuracy is None or accuracy - measured.check_accuracy <= params.flag_gap:
        return None
    return msg(
        "accuracy.test_fitted",
        accuracy=Decimal(accuracy),
        check=Decimal(measured.check_accuracy),
        n=Count(measured.checked),
    )


def needs(params: Accuracy, _rng: Any) -> Needs:
    return params.source.needs(evaluate=True)


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
    measured = facts.measured
    if len(measured.output_shape) > 1:  # the measuring process refuses it as well
        return Outcome(0.0, msg("accuracy.output_shape", shape=measured.output_shape))
    if measured.accuracy is None:
        return Outcome(0.0, msg("accuracy.not_measured", error=measured.evaluation_error or "?"))
    accuracy, n = measured.accuracy, measured.evaluated
    earned = share(params, accuracy)
    key = "accuracy.full" if earned == 1.0 else "accuracy.partial" if earned else "accuracy.below"
    return Outcome(
        earned,
        msg(
            key,
            accuracy=Decimal(accuracy),
            n=Count(n),
            full=Decimal(params.full_at, 2),
            zero=Decimal(params.zero_below, 2),
        ),
        mistake=None
        if earned == 1.0
        else msg("mistake.accuracy_doctor" if params.doctor else "mistake.accuracy"),
        expected=f">= {params.full_at}",
        found=f"{accuracy:.4f}",
        flag=_fitted_to_the_test_images(params, accuracy, measured),
        measured=accuracy,
    )


RULE = RuleKind(
    code="K103",
    name="accuracy",
    doc=__doc__ or "",
    parse=parse,
    needs=needs,
    check=check,
    expect=expects_nothing,
)
