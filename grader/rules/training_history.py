"""H100 training-history: the handed-in training history, read as learning curves.

What it checks: ``history.json`` (Keras' ``History.history``) exists and has per-epoch lists of
``accuracy`` and ``val_accuracy`` (``loss``/``val_loss`` too, if present) of equal length. The
curves are then read (over-fitting, under-fitting or fine, with the lecture's strategies) and
drawn in the report; a claimed validation accuracy far above the grader's own measurement of the
handed-in model is flagged for the instructor, whatever the points.
Why it matters: the course's goal is to improve a model when validation results are poor, which
starts with reading these curves.
Example failure: ``history.json has no val_accuracy: was fit() given validation data?``
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.boundary import AnswerStatus, artifact_key
from grader.learning_curve import Thresholds, diagnose, read_history
from grader.messages import Count, Decimal, Message, msg
from grader.model_facts import ModelFacts
from grader.rules.base import Evidence, Needs, Outcome, RuleKind, reject_unknown


@dataclass(frozen=True)
class TrainingHistory:
    file: str
    model_file: str | None
    claim_tolerance: float
    thresholds: Thresholds


def parse(raw: dict[str, Any]) -> TrainingHistory:
    reject_unknown(raw, {"file", "model_file", "claim_tolerance", "overfit_gap", "underfit_below"})
    return TrainingHistory(
        file=str(raw["file"]),
        model_file=raw.get("model_file"),
        claim_tolerance=float(raw.get("claim_tolerance", 0.03)),
        thresholds=Thresholds(
            overfit_gap=float(raw.get("overfit_gap", Thresholds.overfit_gap)),
            underfit_below=float(raw.get("underfit_below", Thresholds.underfit_below)),
        ),
    )


def needs(params: TrainingHistory, _rng: Any) -> Needs:
    files = (params.file, params.model_file) if params.model_file else (params.file,)
    return Needs(artifacts=files, evaluate=params.model_file is not None)


def _claim_flag(params: TrainingHistory, evidence: Evidence, claimed: float) -> Message | None:
    if params.model_file is None:
        return None
    model = evidence.student.get(artifact_key(params.model_file))
    facts = model.value if model is not None and model.ok else None
    if not isinstance(facts, ModelFacts) or facts.measured.accuracy is None:
        return None
    measured = facts.measured.accuracy
    if claimed - measured > params.claim_tolerance:
        return msg(
            "history.claim",
            claimed=Decimal(claimed),
            measured=Decimal(measured),
            n=Count(facts.measured.evaluated),
        )
    return None


def check(params: TrainingHistory, evidence: Evidence, _hidden: bool) -> Outcome:
    answer = evidence.student.get(artifact_key(params.file))
    if answer is None or answer.status == AnswerStatus.MISSING:
        return Outcome(0.0, msg("model.file_missing", file=params.file))
    if not answer.ok:
        if answer.reason is not None:
            return Outcome(0.0, answer.reason)
        return Outcome(0.0, msg("history.unreadable", file=params.file, detail=answer.detail))
    series = read_history(answer.value)
    if isinstance(series, Message):
        return Outcome(0.0, msg("history.wrong", file=params.file, problem=series))
    reading = diagnose(series, params.thresholds)
    fine = reading.key == "curve.fine"
    epochs = len(series["accuracy"])
    return Outcome(
        1.0,  # a fine reading is said in the message; any other is the likely mistake
        msg("history.ok", file=params.file, epochs=epochs, reading=reading)
        if fine
        else msg("history.read", file=params.file, epochs=epochs),
        mistake=None if fine else reading,
        flag=_claim_flag(params, evidence, max(series["val_accuracy"])),
        curves=series,
    )


RULE = RuleKind(
    code="H100", name="training-history", doc=__doc__ or "", parse=parse, needs=needs, check=check
)
