"""The pictures of the HTML report, read back as SVG: learning curves with an epoch axis, value
ticks, the threshold and the measured accuracy marked, in the report's language; heat maps of
found against expected with the differing cells outlined."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest

from grader.report.pictures import curves_svg, heatmaps_svg, ticks
from grader.rules.helpers.answers_text import drawable
from grader.rules.helpers.learning_curve import Curves

SVG = "{http://www.w3.org/2000/svg}"
HISTORY = {
    "accuracy": [0.81, 0.87, 0.9, 0.915, 0.93, 0.94, 0.95, 0.955, 0.96, 0.965, 0.97, 0.975],
    "val_accuracy": [0.84, 0.88, 0.9, 0.91, 0.915, 0.918, 0.92, 0.921, 0.922, 0.92, 0.919, 0.918],
    "loss": [0.55, 0.36, 0.3, 0.26, 0.22, 0.19, 0.16, 0.14, 0.12, 0.1, 0.09, 0.08],
    "val_loss": [0.45, 0.34, 0.29, 0.27, 0.26, 0.25, 0.25, 0.26, 0.27, 0.28, 0.3, 0.31],
}


def _texts(svg: str, cls: str | None = None) -> list[str]:
    root = ElementTree.fromstring(svg)
    return [
        "".join(t.itertext())
        for t in root.iter(f"{SVG}text")
        if cls is None or t.get("class") == cls
    ]


@pytest.mark.parametrize(
    ("lang", "words", "threshold", "measured"),
    [
        (
            "de",
            ("Epoche", "Training", "Validierung", "Genauigkeit (Accuracy)"),
            "Schwelle 0,92",
            "0,9248",
        ),
        ("en", ("epoch", "training", "validation", "Accuracy"), "threshold 0.92", "0.9248"),
    ],
)
def test_learning_curves_have_axes_marks_and_names_in_the_language(
    lang, words, threshold, measured
):
    svg = curves_svg(Curves(HISTORY, threshold=0.92, measured=0.9248), lang)
    texts = _texts(svg)
    for word in words:
        assert word in texts, word
    epochs = [int(t) for t in _texts(svg, "tick-x")]
    assert epochs[:3] == [1, 3, 5] and epochs[-1] == 12  # 12 epochs, every second one labelled
    values = _texts(svg, "tick-y")
    assert len(values) >= 8  # value ticks on both panels
    assert all(("," in v) == (lang == "de") for v in values if not v.isdigit())
    assert threshold in _texts(svg, "threshold")
    assert any(measured in t for t in _texts(svg, "measured"))
    assert len(ElementTree.fromstring(svg).findall(f"{SVG}polyline")) == 4


def test_a_single_epoch_and_no_marks_still_draw():
    svg = curves_svg(Curves({"accuracy": [0.5], "val_accuracy": [0.4]}), "en")
    assert _texts(svg, "tick-x") == ["1"]
    assert not _texts(svg, "threshold") and not _texts(svg, "measured")


def test_ticks_are_round_numbers_covering_the_range():
    values, digits = ticks(0.81, 0.975)
    assert values[0] <= 0.81 and values[-1] >= 0.975 and digits == 2
    assert all(round(v * 100) == v * 100 for v in (round(x, 6) for x in values))


@pytest.mark.parametrize(
    ("lang", "found_word", "diff"),
    [("de", "gefunden", "abweichenden Zellen (2)"), ("en", "found", "cells that differ (2)")],
)
def test_heat_maps_show_both_arrays_and_outline_what_differs(lang, found_word, diff):
    found, expected = [[0, 2, 4], [6, 0, 2]], [[0, 2, 4], [6, 1, 1.5]]
    svg = heatmaps_svg(found, expected, lang)
    root = ElementTree.fromstring(svg)
    texts = _texts(svg)
    assert found_word in texts and any(diff in t for t in texts)
    assert ("1,5" if lang == "de" else "1.5") in texts  # each cell annotated with its value
    outlined = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "differs"]
    assert len(outlined) == 4  # two cells, outlined on both maps


def test_feature_map_stacks_get_one_pair_per_channel_and_big_arrays_none():
    stack = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]
    svg = heatmaps_svg(stack, stack, "en")
    assert "found, channel [..., 1]" in _texts(svg)
    assert drawable(stack, stack)
    assert not drawable([[0] * 17] * 2, [[0] * 17] * 2)
    assert not drawable([1, 2, 3], [1, 2, 3])
    assert not drawable([[1, 2]], [[[1, 2]]])


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("de", "Teilpunkte 0,88–0,92, volle ab 0,92"),
        ("en", "partial points 0.88–0.92, full from 0.92"),
    ],
)
def test_the_threshold_band_is_drawn_between_no_points_and_full_points(lang, label):
    svg = curves_svg(Curves(HISTORY, threshold=0.92, measured=0.9, zero_below=0.88), lang)
    root = ElementTree.fromstring(svg)
    band = next(r for r in root.iter(f"{SVG}rect") if r.get("class") == "band")
    assert "".join(band.itertext()) == label
    top, height = float(band.get("y", "0")), float(band.get("height", "0"))
    line = next(
        e for e in root.iter(f"{SVG}line") if e.get("stroke-dasharray") == "2,3" and e.get("y1")
    )
    assert abs(float(line.get("y1", "0")) - top) < 0.2 and height > 5  # from 0.92 down to 0.88
    assert label in _texts(svg, "threshold")  # the legend says the band, not 0.92 alone
