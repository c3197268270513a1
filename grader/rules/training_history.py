"""H100 training-history: the handed-in training history, read as learning curves.

What it checks: a training history is handed in (``files``, the first one there counts: Keras'
``History.history`` as ``history.json``, a ``CSVLogger`` file, or the run W&B wrote, its
``wandb/`` folder or ``wandb-history.jsonl``) and has per-epoch lists of ``accuracy`` and
``val_accuracy`` (``loss``/``val_loss`` too, if present) of equal length. The
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

from grader.boundary import Answer, AnswerStatus, artifact_key
from grader.intake.model_facts import ModelFacts
from grader.rules.base import (
    Evidence,
    Needs,
    Outcome,
    RuleKind,
    expects_nothing,
    reject_unknown,
)
from grader.rules.helpers.learning_curve import Curves, Thresholds, diagnose, read_history
from grader.text.messages import Message, msg
from grader.text.numbers import Count, Decimal


@dataclass(frozen=True)
class TrainingHistory:
    """``files``: the names a history may be handed in under, the first one present is read
    (``history.json``, a CSVLogger file, W&B's ``wandb/`` folder...)."""

    files: tuple[str, ...]
    model_file: str | None
    claim_tolerance: float
    thresholds: Thresholds
    threshold: float | None = None  # the course's accuracy threshold (full points), drawn
    zero_below: float | None = None  # where partial points start: the band drawn below it

    @property
    def file(self) -> str:
        return self.files[0]


def parse(raw: dict[str, Any]) -> TrainingHistory:
    reject_unknown(
        raw,
        {
            "file",
            "files",
            "model_file",
            "claim_tolerance",
            "overfit_gap",
            "underfit_below",
            "threshold",
        },
    )
    if ("file" in raw) == ("files" in raw):
        raise ValueError("give exactly one of file = NAME or files = [NAME, ...]")
    files = [raw["file"]] if "file" in raw else raw["files"]
    if not isinstance(files, list) or not files or not all(isinstance(f, str) for f in files):
        raise ValueError("files must be a non-empty list of file names")
    return TrainingHistory(
        files=tuple(files),
        model_file=raw.get("model_file"),
        claim_tolerance=float(raw.get("claim_tolerance", 0.03)),
        thresholds=Thresholds(
            overfit_gap=float(raw.get("overfit_gap", Thresholds.overfit_gap)),
            underfit_below=float(raw.get("underfit_below", Thresholds.underfit_below)),
        ),
        **_band(raw.get("threshold")),
    )


def _band(raw: Any) -> dict[str, float | None]:
    """``threshold = 0.92`` (full points from there) or ``threshold = [0.88, 0.92]`` (no
    points below the first, partial up to the second, full from it), as threshold/accuracy's
    ``zero_below`` and ``full_at`` say."""
    if raw is None:
        return {"threshold": None, "zero_below": None}
    if isinstance(raw, list):
        if len(raw) != 2 or not all(isinstance(v, int | float) for v in raw) or raw[0] > raw[1]:
            raise ValueError("threshold must be a number or [zero_below, full_at], ascending")
        return {"threshold": float(raw[1]), "zero_below": float(raw[0])}
    return {"threshold": float(raw), "zero_below": None}


def needs(params: TrainingHistory, _rng: Any) -> Needs:
    files = (*params.files, params.model_file) if params.model_file else params.files
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


def _handed_in(params: TrainingHistory, evidence: Evidence) -> tuple[str, Answer] | None:
    """The first of the accepted files that is there, with its answer."""
    for name in params.files:
        answer = evidence.student.get(artifact_key(name))
        if answer is not None and answer.status != AnswerStatus.MISSING:
            return name, answer
    return None


def _measured(params: TrainingHistory, evidence: Evidence) -> float | None:
    model = evidence.student.get(artifact_key(params.model_file)) if params.model_file else None
    facts = model.value if model is not None and model.ok else None
    return facts.measured.accuracy if isinstance(facts, ModelFacts) else None


def check(params: TrainingHistory, evidence: Evidence, _hidden: bool) -> Outcome:
    found = _handed_in(params, evidence)
    if found is None:
        if len(params.files) == 1:
            return Outcome(0.0, msg("model.file_missing", file=params.file))
        return Outcome(0.0, msg("history.missing", files=", ".join(f"`{f}`" for f in params.files)))
    name, answer = found
    if not answer.ok:
        if answer.reason is not None:
            return Outcome(0.0, answer.reason)
        return Outcome(0.0, msg("history.unreadable", file=name, detail=answer.detail))
    source = answer.detail or name  # a W&B folder: the run folder that was read
    series = read_history(answer.value)
    if isinstance(series, Message):
        return Outcome(0.0, msg("history.wrong", file=source, problem=series))
    reading = diagnose(series, params.thresholds)
    fine = reading.key == "curve.fine"
    epochs = len(series["accuracy"])
    return Outcome(
        1.0,  # a fine reading is said in the message; any other is the likely mistake
        msg("history.ok", file=source, epochs=epochs, reading=reading)
        if fine
        else msg("history.read", file=source, epochs=epochs),
        mistake=None if fine else reading,
        flag=_claim_flag(params, evidence, max(series["val_accuracy"])),
        curves=Curves(
            series,
            threshold=params.threshold,
            measured=_measured(params, evidence),
            zero_below=params.zero_below,
        ),
    )


RULE = RuleKind(
    code="H100",
    name="training-history",
    doc=__doc__ or "",
    parse=parse,
    needs=needs,
    check=check,
    expect=expects_nothing,
)
