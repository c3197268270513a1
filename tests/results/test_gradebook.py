import pytest

from grader.results.adjust import MANUAL, OVERRIDE, Adjustment, Resolution
from grader.results.gradebook import Gradebook, GradebookBusy
from grader.results.records import (
    CheckResult,
    NotebookResult,
    Status,
    Stored,
    TaskResult,
    TaskStatus,
)
from grader.rules.base import Outcome
from grader.text.messages import Message


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


def _adjustment(points: float | None, at: str = "2026-05-04T10:00:00+00:00") -> Adjustment:
    return Adjustment(
        "anna", "01_convolution", "t", OVERRIDE, points, 1.0, "hash", "Rechenweg richtig", "lee", at
    )


def test_instructor_entries_are_committed_and_survive_a_regrade(tmp_path):
    with Gradebook.open(tmp_path) as book:
        book.record(_stored("anna", _result(1.0)))
        book.entries.adjust(_adjustment(0.5))
        book.entries.resolve(
            Resolution("anna", "01_convolution", "abc", "accepted", "geprüft", "lee", "t")
        )
    # a second connection sees them at once: each entry is its own committed transaction
    with Gradebook.open(tmp_path, write=False) as reader:
        assert reader.entries.adjustments() == [_adjustment(0.5)]
    with Gradebook.open(tmp_path) as book:  # the regrade replaces the automatic result only
        book.record(_stored("anna", _result(0.0)))
    with Gradebook.open(tmp_path, write=False) as book:
        assert book.all()[0].result.points == 0.0
        assert book.entries.adjustments() == [_adjustment(0.5)]
        assert [r.decision for r in book.entries.resolutions()] == ["accepted"]


def test_entries_need_no_batch_lock(tmp_path):
    """The review page and `grader override` write while a batch holds the lock."""
    with Gradebook.open(tmp_path) as batch, Gradebook.open(tmp_path, write=False) as review:
        batch.record(_stored("anna", _result(1.0)))
        review.entries.adjust(
            Adjustment("anna", "01_convolution", "t", MANUAL, 1.0, 0.0, "h", "", "lee", "t")
        )
        assert len(batch.entries.adjustments()) == 1


def test_roster_and_settings_round_trip(tmp_path):
    with Gradebook.open(tmp_path) as book:
        book.entries.replace_roster([{"student_id": "anna", "email": "anna@uni.de"}])
        book.entries.set_setting("course", {"leaderboard": ["04_fashion_mnist_cnn"]})
    with Gradebook.open(tmp_path) as book:
        assert book.entries.roster() == [{"student_id": "anna", "email": "anna@uni.de"}]
        assert book.entries.setting("course") == {"leaderboard": ["04_fashion_mnist_cnn"]}
        assert book.entries.setting("missing", 7) == 7
