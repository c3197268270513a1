"""Reading a training history the way the lecture does: over-fitting, under-fitting or fine.

A history is Keras' ``History.history``: per-epoch lists such as ``accuracy``, ``val_accuracy``,
``loss`` and ``val_loss``. The reading looks at the last epochs: training accuracy far above
validation accuracy, or a validation loss that rose again after its minimum, is over-fitting;
both accuracies low is under-fitting. Each reading comes with the lecture's strategies. The
picture is a small SVG (no plotting library in the grader), drawn from the same numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from grader.messages import Decimal, Message, msg

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


def svg(series: dict[str, list[float]], width: int = 560, height: int = 220) -> str:
    """Two small panels, accuracy and loss, training solid and validation dashed."""
    panels = [("accuracy", "val_accuracy"), ("loss", "val_loss")]
    panel_width = width // 2
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="learning curves">'
    ]
    for index, (train_key, valid_key) in enumerate(panels):
        lines = [series[k] for k in (train_key, valid_key) if series.get(k)]
        if not lines:
            continue
        left = index * panel_width + 40
        plot_width, plot_height, top = panel_width - 60, height - 60, 20
        low, high = min(min(v) for v in lines), max(max(v) for v in lines)
        span = (high - low) or 1.0
        parts.append(
            f'<text x="{left}" y="14" font-size="12" font-family="sans-serif">{train_key}</text>'
            f'<rect x="{left}" y="{top}" width="{plot_width}" height="{plot_height}" '
            'fill="none" stroke="#d0d5dd"/>'
            f'<text x="{left - 4}" y="{top + 10}" font-size="10" text-anchor="end" '
            f'font-family="sans-serif">{high:.2f}</text>'
            f'<text x="{left - 4}" y="{top + plot_height}" font-size="10" text-anchor="end" '
            f'font-family="sans-serif">{low:.2f}</text>'
        )
        for key, dash, colour in ((train_key, "", "#1570ef"), (valid_key, "5,3", "#e04f16")):
            values = series.get(key)
            if not values:
                continue
            step = plot_width / max(len(values) - 1, 1)
            points = " ".join(
                f"{left + i * step:.1f},{top + plot_height * (1 - (v - low) / span):.1f}"
                for i, v in enumerate(values)
            )
            parts.append(
                f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2" '
                f'stroke-dasharray="{dash}"><title>{key}</title></polyline>'
            )
        parts.append(
            f'<text x="{left}" y="{height - 18}" font-size="10" font-family="sans-serif" '
            f'fill="#1570ef">— {train_key}</text>'
            f'<text x="{left + 110}" y="{height - 18}" font-size="10" font-family="sans-serif" '
            f'fill="#e04f16">- - {valid_key}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
