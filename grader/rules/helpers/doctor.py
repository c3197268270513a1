"""The training doctor: why a model's validation results are poor, and the one step to take first.

The lecture's goal is a student who can improve a model when validation results are poor; a
grader that only says "below the threshold" leaves them to diagnose themselves. The doctor reads
what the grader has measured or read outside the student's kernel:

- the training history (per-epoch ``loss``, ``accuracy`` and their ``val_`` twins);
- the model file's facts: its layers, its loss, the lecture's strategies it uses, and what the
  grader measured on the test images (the accuracy, the confusion matrix);
- the digests of the training data: the pixel range and the labels' shape.

Every examination is a small function from this ``Patient`` to a ``Finding`` (or nothing): a key
for the course view, the sentence of evidence with its numbers, and the step it calls for. They
are ranked as an experienced practitioner checks: a broken set-up first (unscaled inputs, labels
that do not fit the loss, two softmaxes), then a training that does not learn (diverging loss,
accuracy at chance), then the curves (over-fitting, still improving, under-fitting). The first
finding's step is the one recommended; the others are shown as evidence only, and the
examinations exclude each other where their advice would (an over-fitting model is never told to
train longer, an under-fitting one never to regularise more).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from grader.intake.model_facts import ModelFacts
from grader.rules.helpers.learning_curve import Thresholds
from grader.text.messages import Message, msg
from grader.text.numbers import Count, Decimal, Percent

CHANCE_LOSS = math.log(10)  # the cross-entropy of a guess among 10 classes
LECTURE_STRATEGIES = ("Dropout", "BatchNormalization", "Augmentation")
SPARSE_LOSSES = {"sparse_categorical_crossentropy", "SparseCategoricalCrossentropy"}
DENSE_LOSSES = {"categorical_crossentropy", "CategoricalCrossentropy"}
ADVICE = ("doctor.step", "doctor.step_and_more")  # the keys of the doctor's advice
SCALING_LAYERS = ("Rescaling", "Normalization")  # layers that scale raw pixels in the model
TINY_VALIDATION = 500  # fewer validation images than this make the curves' readings noise


@dataclass(frozen=True)
class Patient:
    """Everything the doctor may look at; any of it may be missing (None, empty)."""

    series: Mapping[str, Sequence[float]] = field(default_factory=dict)
    facts: ModelFacts | None = None
    pixels: tuple[float, float] | None = None  # lowest and highest value in X_train
    labels: tuple[int, ...] | None = None  # y_train's shape
    validation: int | None = None  # the number of validation images
    classes: str | None = None  # the label set's name in the catalogue ("fashion-mnist")
    limits: Thresholds = field(default_factory=Thresholds)
    # how far a claimed validation accuracy may lie above the test images' (the history check's)
    claim_tolerance: float = 0.03


@dataclass(frozen=True)
class Finding:
    key: str  # what the course view counts: "overfitting", "unscaled", ...
    evidence: Message
    step: Message | None = None


@dataclass(frozen=True)
class Diagnosis:
    findings: tuple[Finding, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(f.key for f in self.findings)

    @staticmethod
    def findings_of(advice: Message | None) -> tuple[str, ...]:
        """The finding keys a stored piece of the doctor's advice was made from."""
        if advice is None or advice.key not in ADVICE:
            return ()
        return tuple(str(key) for key in advice.params.get("findings", ()))

    def message(self) -> Message | None:
        """The recommendation with the evidence that justifies it, and the rest as evidence;
        None where the doctor found nothing to say."""
        steps = [f for f in self.findings if f.step is not None]
        if not steps:
            return None
        first = steps[0]
        others = [f.evidence for f in self.findings if f is not first]
        # the findings' keys travel with the message: the course view counts them
        found = {"step": first.step, "because": first.evidence, "findings": list(self.keys)}
        if others:
            return msg("doctor.step_and_more", also=_sentences(others), **found)
        return msg("doctor.step", **found)


def _sentences(messages: list[Message]) -> Message:
    """Sentences one after the other, as a message (a list would be joined by semicolons)."""
    if len(messages) == 1:
        return messages[0]
    return msg("doctor.sentences", first=messages[0], rest=_sentences(messages[1:]))


def _series(patient: Patient, name: str) -> list[float]:
    return [float(v) for v in patient.series.get(name, ())]


def _finite(values: list[float]) -> list[float]:
    return [v for v in values if math.isfinite(v)]


# -- the set-up ---------------------------------------------------------------------------------


def unscaled(patient: Patient) -> Finding | None:
    """Pixels beyond [0, 1] reach a model that does not scale them itself (a ``Rescaling`` or
    ``Normalization`` layer in the model is an honest way to take raw pixels)."""
    if patient.pixels is None or patient.pixels[1] <= 1.5:
        return None
    layers = patient.facts.layers if patient.facts else ()
    if any(layer.type in SCALING_LAYERS and not layer.custom for layer in layers):
        return None
    high = Decimal(patient.pixels[1], 1)
    return Finding("unscaled", msg("doctor.unscaled", high=high), msg("doctor.step.scale"))


def labels_and_loss(patient: Patient) -> Finding | None:
    loss = patient.facts.compile.loss if patient.facts else None
    if patient.labels is None or loss is None:
        return None
    one_hot = len(patient.labels) == 2 and patient.labels[1] > 1
    if one_hot and loss in SPARSE_LOSSES:
        return Finding(
            "labels_loss",
            msg("doctor.one_hot_sparse", shape=_shape(patient.labels), loss=loss),
            msg("doctor.step.one_hot_sparse"),
        )
    if not one_hot and loss in DENSE_LOSSES:
        return Finding(
            "labels_loss",
            msg("doctor.int_dense", shape=_shape(patient.labels), loss=loss),
            msg("doctor.step.int_dense"),
        )
    return None


def output_and_loss(patient: Patient) -> Finding | None:
    if patient.facts is None or not patient.facts.layers:
        return None
    activations = [layer.activation for layer in patient.facts.layers]
    softmaxes = sum(1 for a in activations if a == "softmax")
    last = activations[-1]
    if softmaxes >= 2:
        return Finding("softmax_twice", msg("doctor.softmax_twice"), msg("doctor.step.one_softmax"))
    if patient.facts.compile.from_logits and last == "softmax":
        return Finding("logits_softmax", msg("doctor.logits_softmax"), msg("doctor.step.logits"))
    return None


def tiny_validation(patient: Patient) -> Finding | None:
    """So few validation images that the curves' readings are noise: at an accuracy of 0.85,
    two standard errors of the share are over 3 percentage points below 500 images."""
    n = patient.validation
    if n is None or n >= TINY_VALIDATION or n == 0:
        return None
    spread = 2 * math.sqrt(0.85 * 0.15 / n)
    return Finding(
        "tiny_validation",
        msg("doctor.tiny_validation", n=Count(n), spread=Percent(spread)),
        msg("doctor.step.more_validation"),
    )


# -- does it learn at all -----------------------------------------------------------------------


def diverged(patient: Patient) -> Finding | None:
    loss = _series(patient, "loss")
    if not loss:
        return None
    broken = [epoch for epoch, value in enumerate(loss, 1) if not math.isfinite(value)]
    exploded = [epoch for epoch, value in enumerate(loss, 1) if value > 10 * CHANCE_LOSS]
    if broken:
        evidence = msg("doctor.loss_nan", epoch=broken[0])
    elif exploded:
        epoch = exploded[0]
        value = loss[epoch - 1]
        shown = Decimal(value, 1) if value < 1000 else Count(round(value))
        evidence = msg("doctor.loss_exploded", loss=shown, epoch=epoch)
    elif len(loss) >= 2 and loss[-1] > loss[0] and loss[-1] > CHANCE_LOSS:
        evidence = msg("doctor.loss_grows", first=Decimal(loss[0], 2), last=Decimal(loss[-1], 2))
    else:
        return None
    return Finding("diverged", evidence, msg("doctor.step.lower_rate"))


def stuck(patient: Patient) -> Finding | None:
    accuracy = _finite(_series(patient, "accuracy"))
    if len(accuracy) < 2 or max(accuracy) >= 0.2:
        return None
    return Finding(
        "stuck",
        msg("doctor.stuck", best=Decimal(max(accuracy), 2), epochs=len(accuracy)),
        msg("doctor.step.stuck"),
    )


def first_loss(patient: Patient) -> Finding | None:
    loss = _series(patient, "loss")
    if not loss or not 2 * CHANCE_LOSS < loss[0] <= 10 * CHANCE_LOSS:  # above: it exploded
        return None
    return Finding("first_loss", msg("doctor.first_loss", loss=Decimal(loss[0], 2)))


# -- the curves ---------------------------------------------------------------------------------


def _gap(patient: Patient) -> float | None:
    train, valid = _series(patient, "accuracy"), _series(patient, "val_accuracy")
    return train[-1] - valid[-1] if train and valid else None


def _best_epoch(patient: Patient) -> int | None:
    """The epoch with the lowest validation loss (1-based), where it is not the last one."""
    val_loss = _finite(_series(patient, "val_loss"))
    if len(val_loss) < 2:
        return None
    best = val_loss.index(min(val_loss)) + 1
    return best if best < len(val_loss) else None


def _overfits(patient: Patient) -> bool:
    """Validation falls behind a training accuracy that is high; a model that does not even
    fit its training images (under ``underfit_below``) has a capacity problem first, unless
    the gap is twice the usual."""
    gap, limits = _gap(patient), patient.limits
    if gap is None:
        return False
    val_loss = _finite(_series(patient, "val_loss"))
    rising = bool(val_loss) and val_loss[-1] > min(val_loss) * (1 + limits.loss_rise)
    fits = _series(patient, "accuracy")[-1] >= limits.underfit_below
    if not fits:
        return gap > 2 * limits.overfit_gap
    return gap > limits.overfit_gap or (rising and gap > limits.overfit_gap / 2)


def overfitting(patient: Patient) -> Finding | None:
    if not _learns(patient) or not _overfits(patient):
        return None
    train, valid = _series(patient, "accuracy")[-1], _series(patient, "val_accuracy")[-1]
    best = _best_epoch(patient)
    numbers = {"train": Decimal(train, 3), "valid": Decimal(valid, 3)}
    evidence = (
        msg("doctor.overfitting_from", best=best, **numbers)
        if best is not None
        else msg("doctor.overfitting", **numbers)
    )
    missing = _missing_strategies(patient)
    step = (
        msg("doctor.step.stop_early", best=best, missing=missing)
        if best is not None
        else msg("doctor.step.regularise", missing=missing)
    )
    return Finding("overfitting", evidence, step)


def _missing_strategies(patient: Patient) -> str:
    used = set(patient.facts.regularisation) if patient.facts else set()
    missing = [s for s in LECTURE_STRATEGIES if s not in used]
    return ", ".join(missing) if missing else "Dropout"


def _low(patient: Patient) -> bool:
    train, valid = _series(patient, "accuracy"), _series(patient, "val_accuracy")
    below = patient.limits.underfit_below
    return bool(train and valid) and train[-1] < below and valid[-1] < below


def _still_improving(patient: Patient) -> bool:
    """The validation accuracy rose over the last epoch and is at its best there."""
    valid = _finite(_series(patient, "val_accuracy"))
    return len(valid) >= 2 and valid[-1] >= max(valid) and valid[-1] - valid[-2] >= 0.005


def _learns(patient: Patient) -> bool:
    """Neither diverged nor stuck at chance: only then do the curves' shapes mean anything."""
    return diverged(patient) is None and stuck(patient) is None


def not_converged(patient: Patient) -> Finding | None:
    if not _learns(patient) or _overfits(patient) or not _low(patient):
        return None
    if not _still_improving(patient):
        return None
    valid = _series(patient, "val_accuracy")
    return Finding(
        "not_converged",
        msg(
            "doctor.still_improving",
            before=Decimal(valid[-2], 3),
            last=Decimal(valid[-1], 3),
            epochs=len(valid),
        ),
        msg("doctor.step.more_epochs"),
    )


def underfitting(patient: Patient) -> Finding | None:
    if not _learns(patient) or _overfits(patient) or not _low(patient):
        return None
    if _still_improving(patient):
        return None
    train, valid = _series(patient, "accuracy")[-1], _series(patient, "val_accuracy")[-1]
    loss = _finite(_series(patient, "loss"))
    numbers = {"train": Decimal(train, 3), "valid": Decimal(valid, 3)}
    if len(loss) >= 2 and loss[-1] > 0.9 * loss[0]:  # the loss hardly moved: too slow a start
        evidence = msg("doctor.flat_loss", first=Decimal(loss[0], 2), last=Decimal(loss[-1], 2))
        return Finding("underfitting", evidence, msg("doctor.step.higher_rate"))
    facts = patient.facts
    params = Count(facts.measured.params) if facts and facts.measured.loads else None
    conv = (
        sum(1 for layer in facts.layers if layer.type.startswith("Conv") and not layer.custom)
        if facts
        else None
    )
    evidence = (
        msg("doctor.underfitting_small", params=params, conv=conv, **numbers)
        if params is not None
        else msg("doctor.underfitting", **numbers)
    )
    return Finding("underfitting", evidence, msg("doctor.step.capacity"))


# -- what else the numbers say ------------------------------------------------------------------


def noisy(patient: Patient) -> Finding | None:
    """The validation accuracy falls back more than once, by 0.03 or more at worst (a curve
    that only rises fast is learning, not noise)."""
    valid = _finite(_series(patient, "val_accuracy"))
    falls = [a - b for a, b in itertools.pairwise(valid) if a - b >= 0.015]
    if len(falls) < 2 or max(falls) < 0.03:
        return None
    return Finding("noisy", msg("doctor.noisy", jump=Decimal(max(falls), 3)))


def claim(patient: Patient) -> Finding | None:
    """The test images do not confirm the history (unscaled training images explain that by
    themselves: the grader feeds the test images scaled, as the course's models take them)."""
    valid = _finite(_series(patient, "val_accuracy"))
    measured = patient.facts.measured.accuracy if patient.facts else None
    if not valid or measured is None or unscaled(patient):
        return None
    if max(valid) - measured <= patient.claim_tolerance:
        return None
    return Finding(
        "claim", msg("doctor.claim", valid=Decimal(max(valid), 3), measured=Decimal(measured, 3))
    )


def confusion(patient: Patient) -> Finding | None:
    """The pair of classes the model mixes up most often on the test images."""
    table = patient.facts.measured.confusion if patient.facts else None
    if not table or patient.classes is None:
        return None
    pairs = [
        (count, true, predicted)
        for true, row in enumerate(table)
        for predicted, count in enumerate(row)
        if true != predicted and count > 0
    ]
    if not pairs:
        return None
    count, true, predicted = max(pairs)
    return Finding(
        "confusion",
        msg(
            "doctor.confusion",
            true=class_name(patient.classes, true),
            predicted=class_name(patient.classes, predicted),
            count=Count(count),
            of=Count(sum(table[true])),
        ),
    )


def class_name(classes: str, index: int) -> Message:
    return msg(f"class.{classes}.{index}")


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(["n", *map(str, shape[1:])]) + (",)" if len(shape) == 1 else ")")


# in the order an experienced practitioner checks; the first with a step is the recommendation
EXAMINATIONS: tuple[Callable[[Patient], Finding | None], ...] = (
    unscaled,
    labels_and_loss,
    output_and_loss,
    diverged,
    stuck,
    first_loss,
    tiny_validation,
    overfitting,
    not_converged,
    underfitting,
    noisy,
    claim,
    confusion,
)


def examine(patient: Patient) -> Diagnosis:
    return Diagnosis(tuple(f for look in EXAMINATIONS if (f := look(patient)) is not None))
