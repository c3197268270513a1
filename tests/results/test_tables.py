"""The tables for people and the summary's numbers: per assignment, with the instructor's
adjustments, never a silent 0 and never a total across assignments."""

from __future__ import annotations

from dataclasses import replace

import pytest
from made_results import result, stored, task

from grader.results.adjust import MANUAL, OVERRIDE, Adjustment, graded
from grader.results.records import Status, Stored
from grader.results.tables import assignment_summaries, long_table, safe_cell, wide_table
from grader.text.messages import Message, msg


def _views():
    items = [
        stored("anna", result("01_convolution", (task("conv2d", 3, 3), task("sobel", 1)))),
        stored(
            "ben",
            result(
                "01_convolution",
                (task("conv2d", 1, 3, mistake=True), task("sobel", 0, mistake=True)),
            ),
        ),
        stored("carl", result("01_convolution", (), status=Status.NOT_GRADABLE, max_points=4.0)),
        stored("anna", result("00_vorabfragen", (task("pooling", 0, 2, pending=True),))),
        stored("ben", result("00_vorabfragen", (task("pooling", 0, 2, pending=True),))),
    ]
    entries = [
        Adjustment(
            "ben",
            "01_convolution",
            "conv2d",
            OVERRIDE,
            2.0,
            1.0,
            "hash-1",
            "Teilweise richtig",
            "lee",
            "t",
        ),
        Adjustment("ben", "00_vorabfragen", "pooling", MANUAL, 1.5, 0.0, "hash-1", "", "lee", "t"),
    ]
    return graded(items, entries, [])


def test_long_table_counts_adjustments_and_says_what_waits():
    long = long_table(_views(), "de").set_index(["student", "assignment", "task"])
    ben = long.loc[("ben", "01_convolution", "conv2d")]
    assert (ben["points"], ben["automatic_points"], ben["adjustment_reason"]) == (
        2.0,
        1.0,
        "Teilweise richtig",
    )
    assert long.loc[("anna", "00_vorabfragen", "pooling"), "status"] == "pending"
    assert long.loc[("ben", "00_vorabfragen", "pooling"), "points"] == 1.5
    carl = long.loc[("carl", "01_convolution", "")]
    assert (carl["status"], carl["message"]) == (
        "NOT_GRADABLE",
        "01_convolution.ipynb: die Datei ist leer",
    )


def test_wide_table_has_points_per_assignment_and_no_grand_total():
    wide = wide_table(_views()).set_index("student")
    assert "total" not in wide.columns
    assert wide.loc["ben", "01_convolution"] == 2.0 and wide.loc["ben", "00_vorabfragen"] == 1.5
    assert wide.loc["anna", "incomplete"] == "00_vorabfragen: pooling"
    assert wide.loc["carl", "not_graded"] == "01_convolution: NOT_GRADABLE"
    assert wide.loc["carl"].isna()["01_convolution"]  # not graded: empty, never 0


def test_summary_is_per_assignment_on_its_own_maximum():
    summaries = {s["assignment"]: s for s in assignment_summaries(_views(), "en")}
    conv = summaries["01_convolution"]
    assert (conv["max_points"], conv["submissions"], conv["graded"], conv["complete"]) == (
        4.0,
        3,
        2,
        2,
    )
    assert conv["mean"] == pytest.approx((4 + 2) / 2)
    assert sum(b["count"] for b in conv["histogram"]) == 2 and conv["histogram"][-1]["high"] == 4.0
    assert conv["histogram"][-1]["count"] == 1  # full marks count in the last bin
    tasks = {t["task"]: t for t in conv["tasks"]}
    assert tasks["conv2d"]["average"] == pytest.approx(2.5) and tasks["sobel"]["pass_rate"] == 0.5
    # ben's flipped kernel shows in two tasks: one student
    (mistake,) = conv["mistakes"]
    assert mistake["students"] == 1 and [v.stored.student for v in mistake["who"]] == ["ben"]
    warm_up = summaries["00_vorabfragen"]
    assert [(v.stored.student, t.result.task) for v, t in warm_up["pending"]] == [
        ("anna", "pooling")
    ]
    assert warm_up["complete"] == 1 and warm_up["max_points"] == 2.0


@pytest.mark.parametrize("text", ["=1+1", "+cmd", "-2", "@SUM(A1)", "\t=1"])
def test_spreadsheet_formulas_are_defused(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("anna") == "anna" and safe_cell(3.0) == 3.0


def test_full_marks_are_a_bar_of_their_own_and_no_bin_holds_its_upper_edge():
    import pandas as pd

    from grader.results.tables import _histogram

    bars = _histogram(pd.Series([10.0, 9.0, 9.5, 0.0, 1.0]), 10.0, 10)
    assert len(bars) == 11 and bars[-1] == {"low": 10.0, "high": 10.0, "count": 1, "full": True}
    assert bars[-2]["low"] == 9.0 and bars[-2]["count"] == 2  # 9 and 9.5, not the 10
    assert bars[0]["count"] == 1 and bars[1]["count"] == 1  # 0 in [0, 1), 1 in [1, 2)
    assert sum(b["count"] for b in bars) == 5


def _slip(student: str, mistake: Message) -> Stored:
    """A 02 submission whose one task failed with ``mistake``."""
    base = task("weights", 0, 1, mistake=True)
    check = replace(base.checks[0], outcome=replace(base.checks[0].outcome, mistake=mistake))
    return stored(student, result("02_parameters", (replace(base, checks=(check,)),)))


def test_named_mistakes_are_counted_by_root_cause_with_their_students():
    """The forgotten bias, said plainly or inside "the total matches your own list", is one row
    with both students linked; the channels are another."""
    bias = msg("mistake.bias-forgotten")
    items = [
        _slip("anna", bias),
        _slip("ben", msg("mistake.sum-of-own-list-named", list="params", mistake=bias)),
        _slip("cleo", msg("mistake.sum-of-own-list-named", list="p", mistake=bias)),
        _slip("dora", msg("mistake.channels-forgotten")),
    ]
    (summary,) = assignment_summaries(graded(items, [], []), "de")
    rows = [
        (m["students"], m["mistake"][:22], [v.stored.student for v in m["who"]])
        for m in summary["mistakes"]
    ]
    assert rows == [
        (3, "Der Bias wurde vergess", ["anna", "ben", "cleo"]),
        (1, "Die Eingabekanäle wurd", ["dora"]),
    ]


def _layers(*items: Message) -> Message:
    return msg("layers.differences", items=list(items))


def _relu(index: int, kind: str = "Conv2D", *more: Message) -> Message:
    activation = msg("layer.setting", setting="activation", found="relu", expected="tanh")
    return msg("layer.settings", index=index, type=kind, settings=[activation, *more])


def test_a_layer_list_that_differs_in_several_places_counts_each_slip_once_per_student():
    """Relu at three convolutions is one slip; a wrong kernel size in the same layer is another;
    max pooling and an extra layer are two more: four rows, each with its students (the quick
    twin of the LeNet test on real Keras models in tests/rules/test_keras_rules.py)."""
    kernel = msg("layer.setting", setting="kernel_size", found="3x3", expected="5x5")
    pool = msg("layer.type", index=2, found="MaxPooling2D", expected="AveragePooling2D(2x2)")
    extra = msg("layer.extra", index=8, found="Dense(42, relu)")
    items = [
        _slip("anna", _layers(_relu(1, "Conv2D", kernel), pool, _relu(3), _relu(5), extra)),
        _slip("ben", _layers(_relu(1), _relu(3))),
        _slip("cleo", _layers(pool)),
    ]
    (summary,) = assignment_summaries(graded(items, [], []), "en")
    rows = [(m["mistake"], [v.stored.student for v in m["who"]]) for m in summary["mistakes"]]
    assert rows == [
        ("Conv2D: activation relu instead of tanh", ["anna", "ben"]),
        ("layer MaxPooling2D instead of AveragePooling2D(2x2)", ["anna", "cleo"]),
        ("extra layer Dense(42, relu)", ["anna"]),
        ("Conv2D: kernel_size 3x3 instead of 5x5", ["anna"]),
    ]
