"""H100 training-history: the handed-in training history, read as learning curves.

What it checks: a training history is handed in (``files``, the first one there counts: Keras'
``History.history`` as ``history.json``, a ``CSVLogger`` file, or the run W&B wrote, its
``wandb/`` folder or ``wandb-history.jsonl``) and has per-epoch lists of ``accuracy`` and
``val_accuracy`` (``loss``/``val_loss`` too, if present, NaN where a training diverged) of equal
length. The training doctor (``grader.rules.helpers.doctor``) then reads the curves with the
model's facts and, with ``data = [X, Y]``, the training data's digests, and recommends one next
step (the outcome's mistake); the report draws the curves, the confusion matrix and the
misclassified test images (class names from ``classes``, a label set of the catalogue). A
claimed validation accuracy far above the grader's own measurement of the handed-in model is
flagged for the instructor, whatever the points.
Why it matters: the course's goal is to improve a model when validation results are poor, which
starts with reading these curves.
Example failure: ``history.json has no val_accuracy: was fit() given validation data?``
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from grader.boundary import Answer, AnswerStatus, ArrayDigest, artifact_key, digest_key
from grader.intake.model_facts import ModelFacts
from grader.rules.base import (
    Evidence,
    Needs,
    Outcome,
    ParamError,
    RuleKind,
    expects_nothing,
    reject_unknown,
)
from grader.rules.helpers.doctor import Patient, examine
from grader.rules.helpers.learning_curve import Curves, Thresholds, read_history
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
    # the training images', labels' and validation images' names, for the doctor
    data: tuple[str, ...] | None = None
    classes: str | None = None  # the label set's name in the catalogue ("fashion-mnist")

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
            "data",
            "classes",
        },
    )
    if ("file" in raw) == ("files" in raw):
        raise ParamError(msg("param.file_or_files"))
    files = [raw["file"]] if "file" in raw else raw["files"]
    if not isinstance(files, list) or not files or not all(isinstance(f, str) for f in files):
        raise ParamError(msg("param.files_list"))
    return TrainingHistory(
        files=tuple(files),
        model_file=raw.get("model_file"),
        claim_tolerance=float(raw.get("claim_tolerance", 0.03)),
        thresholds=Thresholds(
            overfit_gap=float(raw.get("overfit_gap", Thresholds.overfit_gap)),
            underfit_below=float(raw.get("underfit_below", Thresholds.underfit_below)),
        ),
        **_band(raw.get("threshold")),
        data=_data(raw.get("data")),
        classes=str(raw["classes"]) if "classes" in raw else None,
    )


def _data(raw: Any) -> tuple[str, ...] | None:
    """``data = ["X_train", "y_train", "X_valid"]``: the names the notebook gives its training
    images and labels, and (optionally) its validation images."""
    if raw is None:
        return None
    if (
        not isinstance(raw, list)
        or len(raw) not in (2, 3)
        or not all(isinstance(v, str) for v in raw)
    ):
        raise ParamError(msg("param.history_data"))
    return tuple(raw)


def _band(raw: Any) -> dict[str, float | None]:
    """``threshold = 0.92`` (full points from there) or ``threshold = [0.88, 0.92]`` (no
    points below the first, partial up to the second, full from it), as threshold/accuracy's
    ``zero_below`` and ``full_at`` say."""
    if raw is None:
        return {"threshold": None, "zero_below": None}
    if isinstance(raw, list):
        if len(raw) != 2 or not all(isinstance(v, int | float) for v in raw) or raw[0] > raw[1]:
            raise ParamError(msg("param.history_threshold"))
        return {"threshold": float(raw[1]), "zero_below": float(raw[0])}
    return {"threshold": float(raw), "zero_below": None}


def needs(params: TrainingHistory, _rng: Any) -> Needs:
    files = (*params.files, params.model_file) if params.model_file else params.files
    return Needs(artifacts=files, evaluate=params.model_file is not None, digests=params.data or ())


def _claim_flag(params: TrainingHistory, evidence: Evidence, claimed: float) -> Message | None:
    facts = _facts(params, evidence)
    if facts is None or facts.measured.accuracy is None:
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


def _facts(params: TrainingHistory, evidence: Evidence) -> ModelFacts | None:
    model = evidence.student.get(artifact_key(params.model_file)) if params.model_file else None
    facts = model.value if model is not None and model.ok else None
    return facts if isinstance(facts, ModelFacts) else None


def _digest(evidence: Evidence, name: str) -> ArrayDigest | None:
    answer = evidence.student.get(digest_key(name))
    value = answer.value if answer is not None and answer.ok else None
    return value if isinstance(value, ArrayDigest) else None


def _patient(
    params: TrainingHistory, evidence: Evidence, series: dict[str, list[float]]
) -> Patient:
    """What the doctor reads: the history, the model's facts, the training data's digests."""
    names = params.data or ()
    images, labels, valid = (
        _digest(evidence, names[i]) if i < len(names) else None for i in range(3)
    )
    return Patient(
        series=series,
        facts=_facts(params, evidence),
        pixels=(images.low, images.high) if images is not None else None,
        labels=labels.shape if labels is not None else None,
        validation=valid.shape[0] if valid is not None and valid.shape else None,
        classes=params.classes,
        limits=params.thresholds,
        claim_tolerance=params.claim_tolerance,
    )


def _curves(params: TrainingHistory, evidence: Evidence, series: dict[str, list[float]]) -> Curves:
    facts = _facts(params, evidence)
    measured = facts.measured if facts is not None else None
    return Curves(
        series,
        threshold=params.threshold,
        measured=measured.accuracy if measured else None,
        zero_below=params.zero_below,
        confusion=measured.confusion if measured else None,
        misclassified=measured.misclassified if measured else (),
        classes=params.classes,
    )


def check(params: TrainingHistory, evidence: Evidence, _hidden: bool) -> Outcome:
    found = _handed_in(params, evidence)
    if found is None:
        # no history (a fit that raised, say): the doctor may still see a broken set-up
        advice = examine(_patient(params, evidence, {})).message()
        if len(params.files) == 1:
            return Outcome(0.0, msg("model.file_missing", file=params.file), mistake=advice)
        files = ", ".join(f"`{f}`" for f in params.files)
        return Outcome(0.0, msg("history.missing", files=files), mistake=advice)
    name, answer = found
    if not answer.ok:
        if answer.reason is not None:
            return Outcome(0.0, answer.reason)
        return Outcome(0.0, msg("history.unreadable", file=name, detail=answer.detail))
    source = answer.detail or name  # a W&B folder: the run folder that was read
    series = read_history(answer.value)
    if isinstance(series, Message):
        return Outcome(0.0, msg("history.wrong", file=source, problem=series))
    advice = examine(_patient(params, evidence, series)).message()
    epochs = len(series["accuracy"])
    return Outcome(
        1.0,  # healthy curves are said in the message; anything else is the doctor's advice
        msg("history.ok", file=source, epochs=epochs, reading=_healthy(series))
        if advice is None
        else msg("history.read", file=source, epochs=epochs),
        mistake=advice,
        flag=_claim_flag(params, evidence, max(series["val_accuracy"])),
        curves=_curves(params, evidence, series),
    )


def _healthy(series: dict[str, list[float]]) -> Message:
    return msg(
        "curve.fine",
        train=Decimal(series["accuracy"][-1], 3),
        valid=Decimal(series["val_accuracy"][-1], 3),
        epochs=len(series["accuracy"]),
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
