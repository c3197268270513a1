"""The training doctor's pictures of a trained model, drawn as SVG from the grader's own
measurement on the test images (no plotting library):

- ``confusion_svg``: the confusion matrix, rows the true class and columns the predicted one,
  each cell shaded by its share of the row (correct answers blue, confusions red) and annotated
  with its count, the classes named in the report's language;
- ``gallery_svg``: the misclassified test images the model was surest of, each with its true and
  its predicted class (the images as small PNGs, encoded here with zlib).

Like ``pictures``: labels are catalogue sentences, numbers as the language writes them, every
label escaped.
"""

from __future__ import annotations

import base64
import html
import struct
import zlib

from grader.rules.helpers.learning_curve import Curves
from grader.text.messages import Message, render
from grader.text.numbers import Count

FONT = 'font-family="sans-serif"'
CELL = 30  # pixels per confusion-matrix cell
LABELS = 96  # room for the class names left of and above the matrix
THUMB = 84  # pixels per gallery image (28 x 3)


def _say(key: str, lang: str, **params: object) -> str:
    return html.escape(render(Message(key, params), lang))


def _class(curves: Curves, index: int, lang: str) -> str:
    if curves.classes is None:
        return str(index)
    return _say(f"class.{curves.classes}.{index}", lang)


def confusion_svg(curves: Curves, lang: str) -> str:
    table = curves.confusion or ()
    size = len(table)
    width = height = LABELS + size * CELL + 12
    title = _say("picture.confusion", lang)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height + 22}" '
        f'viewBox="0 0 {width} {height + 22}" role="img" aria-label="{title}">',
        f'<text x="4" y="14" font-size="11" font-weight="bold" {FONT}>{title}</text>',
    ]
    top = LABELS + 22
    for index in range(size):
        name = _class(curves, index, lang)
        y = top + index * CELL + CELL / 2 + 3.5
        parts.append(
            f'<text x="{LABELS - 6}" y="{y:.1f}" font-size="10" text-anchor="end" {FONT} '
            f'class="true-class">{name}</text>'
        )
        x = LABELS + index * CELL + CELL / 2 + 3.5
        parts.append(
            f'<text x="{x:.1f}" y="{top - 6}" font-size="10" {FONT} class="predicted-class" '
            f'transform="rotate(-60 {x:.1f} {top - 6})">{name}</text>'
        )
    for row, counts in enumerate(table):
        total = sum(counts) or 1
        for col, count in enumerate(counts):
            share = count / total
            fill = _shade(share, correct=row == col)
            x, y = LABELS + col * CELL, top + row * CELL
            tip = f"{_class(curves, row, lang)} → {_class(curves, col, lang)}: {count}"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{fill}" '
                f'stroke="#ffffff"><title>{tip}</title></rect>'
            )
            if count:
                colour = "#ffffff" if share > 0.5 else "#101828"
                parts.append(
                    f'<text x="{x + CELL / 2}" y="{y + CELL / 2 + 3.5}" font-size="9" {FONT} '
                    f'text-anchor="middle" fill="{colour}">{Count(count).render(lang)}</text>'
                )
    parts.append("</svg>")
    return "".join(parts)


def _shade(share: float, correct: bool) -> str:
    """Blue for the diagonal, red for confusions, darker the larger the row's share."""
    if share == 0:
        return "#f9fafb"
    strength = min(1.0, share if correct else share * 4)  # a 25 % confusion is already dark
    base = (21, 112, 239) if correct else (217, 45, 32)
    r, g, b = (int(255 - (255 - c) * strength) for c in base)
    return f"rgb({r},{g},{b})"


def gallery_svg(curves: Curves, lang: str) -> str:
    items = curves.misclassified
    per_row = 4
    rows = (len(items) + per_row - 1) // per_row
    cell_w, cell_h = THUMB + 96, THUMB + 34
    width, height = per_row * cell_w, rows * cell_h + 22
    title = _say("picture.gallery", lang)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" '
        f'xmlns:xlink="http://www.w3.org/1999/xlink" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{title}">',
        f'<text x="4" y="14" font-size="11" font-weight="bold" {FONT}>{title}</text>',
    ]
    for number, item in enumerate(items):
        x = (number % per_row) * cell_w + 4
        y = (number // per_row) * cell_h + 22
        caption = _say(
            "picture.gallery_item",
            lang,
            true=Message(f"class.{curves.classes}.{item.true}") if curves.classes else item.true,
            predicted=Message(f"class.{curves.classes}.{item.predicted}")
            if curves.classes
            else item.predicted,
        )
        parts.append(
            f'<image x="{x}" y="{y}" width="{THUMB}" height="{THUMB}" '
            f'style="image-rendering:pixelated" href="data:image/png;base64,{_png(item.pixels)}">'
            f"<title>{caption}</title></image>"
        )
        parts.append(
            f'<text x="{x}" y="{y + THUMB + 13}" font-size="10" {FONT} '
            f'class="gallery-caption">{caption}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _png(pixels: tuple[tuple[int, ...], ...]) -> str:
    """The image as an 8-bit greyscale PNG, base64: the smallest honest way to show pixels."""
    height, width = len(pixels), len(pixels[0])
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        check = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", check)

    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return base64.b64encode(png).decode("ascii")
