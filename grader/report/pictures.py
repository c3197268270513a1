"""Pictures for the HTML reports, drawn as SVG from numbers (no plotting library in the grader).

- ``curves_svg``: a training history's learning curves, accuracy and loss per epoch, with an
  epoch axis and value ticks, the course's threshold and the grader's own measurement of the
  handed-in model marked;
- ``heatmaps_svg``: a public array check's found and expected arrays side by side as small
  annotated heat maps (one pair per channel of a feature-map stack), the cells that differ
  outlined.

Labels are catalogue sentences in the report's language and numbers are written as that language
writes them; nothing the student wrote is drawn, and every label is escaped all the same.
"""

from __future__ import annotations

import html
import math
from typing import Any

import numpy as np

from grader.rules.helpers.compare import ABSOLUTE_TOLERANCE, RELATIVE_TOLERANCE
from grader.rules.helpers.learning_curve import Curves
from grader.text.messages import Message, render
from grader.text.numbers import Decimal, written

TRAIN_COLOUR, VALID_COLOUR, MARK_COLOUR, DIFF_COLOUR = "#1570ef", "#e04f16", "#475467", "#d92d20"
FONT = 'font-family="sans-serif"'
CELL = 28  # pixels per heat-map cell


def _say(key: str, lang: str, **params: Any) -> str:
    return html.escape(render(Message(key, params), lang))


def _number(value: float, digits: int, lang: str) -> str:
    return Decimal(value, digits).render(lang)


def _text(x: float, y: float, label: str, extra: str = "") -> str:
    size = "" if "font-size" in extra else 'font-size="10" '
    return f'<text x="{x:.1f}" y="{y:.1f}" {size}{FONT} {extra}>{label}</text>'


def ticks(low: float, high: float, count: int = 5) -> tuple[list[float], int]:
    """Round tick values covering [low, high] (steps of 1, 2 or 5 times a power of ten) and
    the decimals they need."""
    span = (high - low) or abs(high) or 1.0
    raw = span / count
    magnitude = 10.0 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    first = math.floor(low / step + 1e-9) * step
    values = [first]
    while values[-1] < high - step * 1e-9:
        values.append(first + len(values) * step)
    return [round(v, 10) for v in values], max(0, -math.floor(math.log10(step) + 1e-9))


def _epoch_ticks(epochs: int) -> list[int]:
    every = max(1, math.ceil(epochs / 10))
    marks = list(range(1, epochs + 1, every))
    return marks if marks[-1] == epochs else [*marks, epochs]


class _Panel:
    """One plot area: value range from its ticks, epochs along the x axis."""

    def __init__(self, left: float, width: float, values: list[float], epochs: int) -> None:
        self.left, self.width, self.top, self.height = left, width, 30.0, 170.0
        self.values, self.digits = ticks(min(values), max(values))
        self.epochs = epochs

    def x(self, epoch: float) -> float:
        if self.epochs == 1:
            return self.left + self.width / 2
        return self.left + self.width * (epoch - 1) / (self.epochs - 1)

    def y(self, value: float) -> float:
        low, high = self.values[0], self.values[-1]
        return self.top + self.height * (1 - (value - low) / ((high - low) or 1.0))

    def frame(self, title: str, lang: str) -> list[str]:
        bottom = self.top + self.height
        parts = [
            _text(self.left, 16, title, 'font-size="12" font-weight="bold"'),
            f'<rect x="{self.left}" y="{self.top}" width="{self.width}" height="{self.height}" '
            'fill="none" stroke="#d0d5dd"/>',
        ]
        for value in self.values:
            y = self.y(value)
            parts.append(
                f'<line x1="{self.left - 4}" y1="{y:.1f}" x2="{self.left + self.width}" '
                f'y2="{y:.1f}" stroke="#eaecf0"/>'
            )
            label = _number(value, self.digits, lang)
            parts.append(_text(self.left - 6, y + 3, label, 'text-anchor="end" class="tick-y"'))
        for epoch in _epoch_ticks(self.epochs):
            x = self.x(epoch)
            parts.append(
                f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 4}" '
                'stroke="#667085"/>'
            )
            parts.append(_text(x, bottom + 15, str(epoch), 'text-anchor="middle" class="tick-x"'))
        axis = _say("picture.epoch", lang)
        parts.append(_text(self.left + self.width / 2, bottom + 29, axis, 'text-anchor="middle"'))
        return parts

    def line(self, values: list[float], colour: str, dash: str, name: str) -> str:
        points = " ".join(
            f"{self.x(i + 1):.1f},{self.y(v):.1f}" for i, v in enumerate(values) if math.isfinite(v)
        )  # a diverged training's NaN epochs are left out
        return (
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2" '
            f'stroke-dasharray="{dash}"><title>{name}</title></polyline>'
        )


def curves_svg(curves: Curves, lang: str, width: int = 680) -> str:
    """Accuracy and loss, training solid and validation dashed; the accuracy panel also shows
    the threshold (dashed, grey) and the grader's measured test accuracy (a diamond)."""
    series, height = curves.series, 270
    names = {"train": _say("picture.training", lang), "valid": _say("picture.validation", lang)}
    label = _say("picture.curves", lang)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
    ]
    panels = (
        ("accuracy", "val_accuracy", "picture.accuracy"),
        ("loss", "val_loss", "picture.loss"),
    )
    for index, (train, valid, title) in enumerate(panels):
        lines = [_finite(series[key]) for key in (train, valid) if _finite(series.get(key, []))]
        if not lines:
            continue
        shown = (curves.threshold, curves.measured, curves.zero_below)
        marks = [m for m in shown if m is not None and index == 0]
        panel = _Panel(
            index * width / 2 + 52,
            width / 2 - 70,
            [*(v for line in lines for v in line), *marks],
            len(series.get(train) or series.get(valid) or ()),
        )
        parts += panel.frame(_say(title, lang), lang)
        for key, colour, dash, name in (
            (train, TRAIN_COLOUR, "", names["train"]),
            (valid, VALID_COLOUR, "5,3", names["valid"]),
        ):
            if series.get(key):
                parts.append(panel.line(series[key], colour, dash, name))
        if index == 0:
            parts += _accuracy_marks(panel, curves, lang)
    parts += _legend(names, curves, lang, height - 14)
    parts.append("</svg>")
    return "".join(parts)


def _finite(values: list[float]) -> list[float]:
    return [v for v in values if math.isfinite(v)]


def _threshold_label(curves: Curves, lang: str) -> str:
    full = _number(curves.threshold or 0.0, 2, lang)
    if curves.zero_below is None:
        return _say("picture.threshold", lang, value=full)
    return _say("picture.band", lang, zero=_number(curves.zero_below, 2, lang), full=full)


def _accuracy_marks(panel: _Panel, curves: Curves, lang: str) -> list[str]:
    parts = []
    if curves.threshold is not None and curves.zero_below is not None:
        top, bottom = panel.y(curves.threshold), panel.y(curves.zero_below)
        parts.append(
            f'<rect class="band" x="{panel.left}" y="{top:.1f}" width="{panel.width}" '
            f'height="{max(bottom - top, 1.0):.1f}" fill="{MARK_COLOUR}" fill-opacity="0.15">'
            f"<title>{_threshold_label(curves, lang)}</title></rect>"
        )
    if curves.threshold is not None:
        y = panel.y(curves.threshold)
        label = _threshold_label(curves, lang)
        parts.append(
            f'<line x1="{panel.left}" y1="{y:.1f}" x2="{panel.left + panel.width}" y2="{y:.1f}" '
            f'stroke="{MARK_COLOUR}" stroke-dasharray="2,3"><title>{label}</title></line>'
        )
    if curves.measured is not None:
        x, y = panel.x(panel.epochs), panel.y(curves.measured)
        label = _say("picture.measured", lang, value=_number(curves.measured, 4, lang))
        parts.append(_diamond(x, y, label))
    return parts


def _diamond(x: float, y: float, title: str) -> str:
    return (
        f'<path d="M{x:.1f},{y - 6:.1f} l6,6 l-6,6 l-6,-6 z" fill="{MARK_COLOUR}">'
        f"<title>{title}</title></path>"
    )


def _legend(names: dict[str, str], curves: Curves, lang: str, y: float) -> list[str]:
    parts = [
        f'<line x1="52" y1="{y - 3}" x2="76" y2="{y - 3}" stroke="{TRAIN_COLOUR}" '
        'stroke-width="2"/>',
        _text(80, y, names["train"], 'class="legend"'),
        f'<line x1="150" y1="{y - 3}" x2="174" y2="{y - 3}" stroke="{VALID_COLOUR}" '
        'stroke-width="2" stroke-dasharray="5,3"/>',
        _text(178, y, names["valid"], 'class="legend"'),
    ]
    if curves.threshold is not None:
        label = _threshold_label(curves, lang)
        parts.append(
            f'<line x1="260" y1="{y - 3}" x2="284" y2="{y - 3}" stroke="{MARK_COLOUR}" '
            'stroke-dasharray="2,3"/>'
        )
        parts.append(_text(288, y, label, 'class="threshold"'))
    if curves.measured is not None:
        label = _say("picture.measured", lang, value=_number(curves.measured, 4, lang))
        parts.append(_diamond(376, y - 3, label))
        parts.append(_text(386, y, label, 'class="measured"'))
    return parts


def _differs(found: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """Per cell of the larger of the two shapes: True where the arrays differ (or only one has
    the cell)."""
    rows, cols = max(found.shape[0], expected.shape[0]), max(found.shape[1], expected.shape[1])
    differs = np.ones((rows, cols), dtype=bool)
    r, c = min(found.shape[0], expected.shape[0]), min(found.shape[1], expected.shape[1])
    f, e = found[:r, :c].astype(float), expected[:r, :c].astype(float)
    close = np.abs(f - e) <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * np.abs(e)
    differs[:r, :c] = ~close
    return differs


def _cell_text(value: float, lang: str) -> str:
    if float(value).is_integer():
        return str(int(value))
    return written(f"{value:.2f}".rstrip("0").rstrip("."), lang)


def _map(
    array: np.ndarray,
    differs: np.ndarray,
    origin: tuple[float, float],
    scale: tuple[float, float],
    lang: str,
) -> list[str]:
    left, top = origin
    low, high = scale
    parts = []
    for (row, col), value in np.ndenumerate(array):
        share = (float(value) - low) / ((high - low) or 1.0)
        shade = int(235 - 175 * share)
        fill = f"rgb({shade},{int(shade * 0.9 + 20)},{min(255, shade + 20)})"
        x, y = left + col * CELL, top + row * CELL
        outline = (
            f'stroke="{DIFF_COLOUR}" stroke-width="3" class="differs"'
            if differs[row, col]
            else 'stroke="#ffffff"'
        )
        parts.append(
            f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" {outline}/>'
        )
        colour = "#ffffff" if share > 0.6 else "#101828"
        parts.append(
            f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 3.5}" font-size="10" {FONT} '
            f'text-anchor="middle" fill="{colour}">{_cell_text(float(value), lang)}</text>'
        )
    return parts


def heatmaps_svg(found: Any, expected: Any, lang: str) -> str:
    """Found (left) and expected (right), one row of two maps per channel; one colour scale for
    both, each cell annotated with its value, differing cells outlined in red."""
    f, e = np.asarray(found, dtype=float), np.asarray(expected, dtype=float)
    pairs = [(f, e)] if f.ndim == 2 else [(f[..., c], e[..., c]) for c in range(f.shape[-1])]
    scale = (float(min(f.min(), e.min())), float(max(f.max(), e.max())))
    map_width = max(max(f.shape[1], e.shape[1]) * CELL, 150)  # room for the titles
    map_height = max(f.shape[0], e.shape[0]) * CELL
    width, row_height = 2 * map_width + 60, map_height + 36
    height = row_height * len(pairs) + 24
    label = _say("picture.arrays", lang)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{label}">'
    ]
    total = 0
    for index, (found_map, expected_map) in enumerate(pairs):
        top = index * row_height + 18
        differs = _differs(found_map, expected_map)
        total += int(differs.sum())
        titles = [_say("picture.found", lang), _say("picture.expected", lang)]
        if len(pairs) > 1:
            channel = _say("picture.channel", lang, index=index)
            titles = [f"{t}, {channel}" for t in titles]
        for side, (array, title) in enumerate(zip((found_map, expected_map), titles, strict=True)):
            left = 10 + side * (map_width + 40)
            parts.append(_text(left, top - 5, title, 'font-size="11" font-weight="bold"'))
            mask = differs[: array.shape[0], : array.shape[1]]
            parts += _map(array, mask, (left, top), scale, lang)
    parts.append(
        _text(10, height - 6, _say("picture.differs", lang, n=total), f'fill="{DIFF_COLOUR}"')
    )
    parts.append("</svg>")
    return "".join(parts)
