"""A training history as per-epoch series, and what the report draws of a trained model.

A history is Keras' ``History.history``: per-epoch lists such as ``accuracy``, ``val_accuracy``,
``loss`` and ``val_loss``. The training doctor (``grader.rules.helpers.doctor``) reads them; the
report draws them (``grader.report.pictures``) with the grader's own measurement of the model:
its test accuracy, its confusion matrix and the test images it got wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from grader.intake.model_facts import Misclassified
from grader.text.messages import Message, msg

SERIES = ("accuracy", "val_accuracy", "loss", "val_loss")
ALIASES = {"acc": "accuracy", "val_acc": "val_accuracy"}
DIVERGING = ("loss", "val_loss")  # a diverged training honestly logs NaN or inf here


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
            isinstance(v, int | float)
            and not isinstance(v, bool)
            and (math.isfinite(v) or name in DIVERGING)
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


@dataclass(frozen=True)
class Curves:
    """What the report draws for a training history: its per-epoch series, the course's
    accuracy threshold and the test accuracy the grader measured on the handed-in model."""

    series: dict[str, list[float]]
    threshold: float | None = None  # full points from here
    measured: float | None = None
    zero_below: float | None = None  # partial points from here up to the threshold
    confusion: tuple[tuple[int, ...], ...] | None = None  # on the test images, rows: true class
    misclassified: tuple[Misclassified, ...] = ()
    classes: str | None = None  # the label set's name in the catalogue ("fashion-mnist")

    def to_json(self) -> dict[str, Any]:
        return {
            "series": {k: [_json_number(v) for v in vs] for k, vs in self.series.items()},
            "threshold": self.threshold,
            "measured": self.measured,
            "zero_below": self.zero_below,
            "confusion": [list(row) for row in self.confusion] if self.confusion else None,
            "misclassified": [
                {
                    "index": m.index,
                    "true": m.true,
                    "predicted": m.predicted,
                    "pixels": [list(row) for row in m.pixels],
                }
                for m in self.misclassified
            ],
            "classes": self.classes,
        }

    @classmethod
    def from_json(cls, data: Any) -> Curves:
        if not (isinstance(data, dict) and isinstance(data.get("series"), dict)):
            return cls(dict(data))  # stored before the marks existed: the series alone
        return cls(
            {k: [_from_json_number(v) for v in vs] for k, vs in data["series"].items()},
            data.get("threshold"),
            data.get("measured"),
            data.get("zero_below"),
            confusion=tuple(tuple(row) for row in data["confusion"])
            if data.get("confusion")
            else None,
            misclassified=tuple(
                Misclassified(
                    m["index"], m["true"], m["predicted"], tuple(tuple(r) for r in m["pixels"])
                )
                for m in data.get("misclassified") or ()
            ),
            classes=data.get("classes"),
        )


def _json_number(value: float) -> float | str:
    """NaN and infinity as the strings JSON can hold (a diverged training logs them)."""
    return value if math.isfinite(value) else str(value)


def _from_json_number(value: float | str) -> float:
    return float(value)
