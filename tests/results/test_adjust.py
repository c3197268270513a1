"""The instructor's decisions on top of the automatic grades: what counts, what waits, what needs
a second look after a regrade."""

from __future__ import annotations

from made_results import result, stored, task

from grader.results.adjust import MANUAL, OVERRIDE, Adjustment, Resolution, flag_key, graded
from grader.results.records import Status
from grader.text.messages import msg
from grader.text.numbers import Decimal

FLAG = msg("accuracy.test_fitted", accuracy=Decimal(0.99), check=Decimal(0.7), n=2000)


def _adjust(task_id: str, points: float | None, automatic: float, content: str = "hash-1"):
    return Adjustment(
        "anna", "01_convolution", task_id, OVERRIDE, points, automatic, content, "Grund", "lee", "t"
    )


def test_the_latest_adjustment_counts_and_a_withdrawal_restores_the_automatic_points():
    item = stored("anna", result("01_convolution", (task("conv2d", 1.0, 3.0), task("sobel", 1.0))))
    [view] = graded([item], [_adjust("conv2d", 2.0, 1.0), _adjust("conv2d", 3.0, 1.0)], [])
    assert view.points == 4.0 and view.task("conv2d").adjustment.points == 3.0
    [view] = graded([item], [_adjust("conv2d", 3.0, 1.0), _adjust("conv2d", None, 1.0)], [])
    assert view.points == 2.0 and not view.adjusted


def test_a_manual_task_is_pending_until_it_has_points_and_then_counts():
    item = stored("anna", result("00_vorabfragen", (task("pooling", 0, 2, pending=True),)))
    [view] = graded([item], [], [])
    assert not view.complete and [t.result.task for t in view.pending] == ["pooling"]
    manual = Adjustment(
        "anna", "00_vorabfragen", "pooling", MANUAL, 1.5, 0.0, "hash-1", "", "lee", "t"
    )
    [view] = graded([item], [manual], [])
    assert view.complete and view.points == 1.5


def test_a_regrade_that_changes_the_automatic_points_keeps_the_override_for_a_second_look():
    before = stored("anna", result("01_convolution", (task("conv2d", 1.0, 3.0),)))
    after = stored("anna", result("01_convolution", (task("conv2d", 2.0, 3.0),)))
    entries = [_adjust("conv2d", 3.0, automatic=1.0)]
    assert not graded([before], entries, [])[0].second_looks
    [view] = graded([after], entries, [])
    assert view.points == 3.0 and [t.result.task for t in view.second_looks] == ["conv2d"]


def test_a_changed_file_puts_a_manual_grade_up_for_a_second_look():
    resubmitted = stored(
        "anna", result("01_convolution", (task("x", 0, 2, pending=True),)), "hash-2"
    )
    [view] = graded([resubmitted], [_adjust("x", 2.0, 0.0, content="hash-1")], [])
    assert view.second_looks and view.complete


def test_flags_are_open_until_resolved_and_keep_their_identity_across_regrades():
    item = stored("anna", result("04_fashion_mnist_cnn", (task("x", 1.0),), warnings=(FLAG, FLAG)))
    [view] = graded([item], [], [])
    assert len(view.flags) == 1 and view.open_flags  # one entry per distinct flag
    again = msg("accuracy.test_fitted", accuracy=Decimal(0.99), check=Decimal(0.7), n=2000)
    assert flag_key(again) == view.flags[0].key
    decided = Resolution(
        "anna", "04_fashion_mnist_cnn", view.flags[0].key, "accepted", "ok", "lee", "t"
    )
    [view] = graded([item], [], [decided])
    assert not view.open_flags and view.flags[0].resolution == decided


def test_an_ungraded_submission_is_never_complete():
    item = stored("anna", result("01_convolution", (), status=Status.NOT_GRADABLE))
    [view] = graded([item], [], [])
    assert not view.complete and view.points == 0.0 and view.tasks == ()
