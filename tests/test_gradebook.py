import pytest

from grader.gradebook import (
    Gradebook,
    GradebookBusy,
    Stored,
    long_table,
    safe_cell,
    summary,
    wide_table,
)
from grader.messages import Message
from grader.results import CheckResult, NotebookResult, Status, TaskResult, TaskStatus
from grader.rules.base import Outcome


def _result(points: float, status: Status = Status.GRADED) -> NotebookResult:
    outcome = Outcome(
        points,
        Message("value.wrong", {"name": "x", "expected": "1", "found": "=HYPERLINK(1)"}),
        mistake=Message("mistake.transposed"),
    )
    check = CheckResult("t/value", "V100", points, 1.0, True, False, outcome)
    tasks = (
        TaskResult(
            "t", "t", points, 1.0, TaskStatus.PASSED if points else TaskStatus.FAILED, (check,)
        ),
    )
    return NotebookResult(
        "01_convolution",
        "nb.ipynb",
        status,
        points,
        1.0,
        tasks if status == Status.GRADED else (),
        seed=3,
        problem=None if status == Status.GRADED else "broken file",
    )


def _stored(student: str, result: NotebookResult) -> Stored:
    return Stored(
        student, student.upper(), result.assignment, "hash", "0.1.0", "ref", "2026-01-01", 1, result
    )


def test_results_round_trip_through_sqlite(tmp_path):
    with Gradebook.open(tmp_path) as book:
        book.record(_stored("anna", _result(1.0)))
        book.record(_stored("ben", _result(0.0, Status.NOT_GRADABLE)))
    with Gradebook.open(tmp_path) as book:
        stored = {s.student: s for s in book.all()}
        assert stored["anna"].result == _result(1.0)
        assert stored["ben"].result.status == Status.NOT_GRADABLE
        assert book.fingerprint("anna", "01_convolution") == ("hash", "0.1.0", "ref", "GRADED")


def test_a_second_writer_is_refused_with_a_clear_message(tmp_path):
    with (
        Gradebook.open(tmp_path),
        pytest.raises(GradebookBusy, match=r"another `grader grade` \(pid \d+\)"),
        Gradebook.open(tmp_path),
    ):
        pass


def test_not_graded_is_never_a_silent_zero_in_the_tables():
    stored = [_stored("anna", _result(1.0)), _stored("ben", _result(0.0, Status.NOT_GRADABLE))]
    long = long_table(stored, "en")
    ben = long[long["student"] == "ben"].iloc[0]
    assert (ben["status"], ben["submission_status"], ben["message"]) == (
        "NOT_GRADABLE",
        "NOT_GRADABLE",
        "broken file",
    )
    wide = wide_table(stored).set_index("student")
    assert wide.loc["ben", "not_graded"] == "01_convolution: NOT_GRADABLE"
    assert wide.loc["anna", "total"] == 1.0


def test_summary_counts_named_mistakes_and_pass_rates():
    stored = [_stored("anna", _result(1.0)), _stored("carl", _result(0.0))]
    numbers = summary(long_table(stored, "en"), wide_table(stored))
    assert numbers["per_task"][0]["pass_rate"] == 0.5
    assert numbers["mistakes"] == [
        {"mistake": "The result is transposed: rows and columns are swapped.", "count": 1}
    ]
    assert sum(b["count"] for b in numbers["histogram"]) == 2


@pytest.mark.parametrize("text", ["=1+1", "+cmd", "-2", "@SUM(A1)", "\t=1"])
def test_spreadsheet_formulas_are_defused(text):
    assert safe_cell(text) == "'" + text
    assert safe_cell("anna") == "anna" and safe_cell(3.0) == 3.0
