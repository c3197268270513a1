"""Reading a training history the way the lecture does: over-fitting, under-fitting or fine.

A history is Keras' ``History.history``: per-epoch lists such as ``accuracy``, ``val_accuracy``,
``loss`` and ``val_loss``. The reading looks at the last epochs: training accuracy far above
validation accuracy, or a validation loss that rose again after its minimum, is over-fitting;
both accuracies low is under-fitting. Each reading comes with the lecture's strategies. The
report draws the same numbers (``grader.report.pictures``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from grader.text.messages import Message, msg
from grader.text.numbers import Decimal

SERIES = ("accuracy", "val_accuracy", "loss", "val_loss")
ALIASES = {"acc": "accuracy", "val_acc": "val_accuracy"}


@dataclass(frozen=True)
class Thresholds:
    overfit_gap: float = 0.04  # training minus validation accuracy, last epoch
    loss_rise: float = 0.10  # validation loss above its minimum by this share
    underfit_below: float = 0.85  # both accuracies below this


def read_history(data: Any) -> dict[str, list[float]] | Message:
    """The per-epoch series, or a message saying what is wrong with the file."""
    if not isinstance(data, dict):
        return msg("history.not_dict", found=type(data).__name__)
    series: dict[str, list[float]] = {}
    for key, values in data.items():
        name = ALIASES.get(str(key), str(key))
        if name not in SERIES:
            continue
        if not isinstance(values, list) or not all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            for v in values
        ):
            return msg("history.not_numbers", series=key)
        series[name] = [float(v) for v in values]
    missing = [k for k in ("accuracy", "val_accuracy") if not series.get(k)]
    if missing:
        return msg("history.missing_keys", keys=", ".join(missing))
    lengths = {len(v) for v in series.values()}
    if len(lengths) != 1:
        return msg("history.lengths", lengths=sorted(lengths))
    return series


def diagnose(series: dict[str, list[float]], limits: Thresholds = Thresholds()) -> Message:
    """One of ``curve.overfitting``, ``curve.underfitting``, ``curve.fine``, with the numbers."""
    train, valid = series["accuracy"][-1], series["val_accuracy"][-1]
    gap = train - valid
    val_loss = series.get("val_loss", [])
    rising = bool(val_loss) and val_loss[-1] > min(val_loss) * (1 + limits.loss_rise)
    numbers = {
        "train": Decimal(train, 3),
        "valid": Decimal(valid, 3),
        "epochs": len(series["accuracy"]),
    }
    if gap > limits.overfit_gap or (rising and gap > limits.overfit_gap / 2):
        best = val_loss.index(min(val_loss)) + 1 if val_loss else None
        return msg("curve.overfitting", gap=Decimal(gap, 3), best=best or "-", **numbers)
    if train < limits.underfit_below and valid < limits.underfit_below:
        return msg("curve.underfitting", **numbers)
    return msg("curve.fine", **numbers)


@dataclass(frozen=True)
class Curves:
    """What the report draws for a training history: its per-epoch series, the course's
    accuracy threshold and the test accuracy the grader measured on the handed-in model."""

    series: dict[str, list[float]]
    threshold: float | None = None  # full points from here
    measured: float | None = None
    zero_below: float | None = None  # partial points from here up to the threshold

    def to_json(self) -> dict[str, Any]:
        return {
            "series": self.series,
            "threshold": self.threshold,
            "measured": self.measured,
            "zero_below": self.zero_below,
        }

    @classmethod
    def from_json(cls, data: Any) -> Curves:
        if isinstance(data, dict) and isinstance(data.get("series"), dict):
            return cls(
                data["series"], data.get("threshold"), data.get("measured"), data.get("zero_below")
            )
        return cls(dict(data))  # stored before the marks existed: the series alone
