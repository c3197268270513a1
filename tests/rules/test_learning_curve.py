"""Reading training histories: the series as Keras names them, and bad files named (what the
curves say is the training doctor's: test_doctor.py, test_doctor_findings.py)."""

from __future__ import annotations

from grader.rules.helpers.learning_curve import read_history
from grader.text.messages import Message, text


def test_bad_histories_are_named() -> None:
    assert read_history([0.9]).key == "history.not_dict"  # type: ignore[union-attr]
    missing = read_history({"accuracy": [0.9]})
    assert isinstance(missing, Message) and missing.key == "history.missing_keys"
    assert read_history({"accuracy": ["a"], "val_accuracy": [1]}).key == "history.not_numbers"  # type: ignore[union-attr]
    uneven = read_history({"accuracy": [0.1, 0.2], "val_accuracy": [0.1]})
    assert isinstance(uneven, Message) and uneven.key == "history.lengths"


def test_old_keras_names_are_read_and_other_keys_ignored() -> None:
    series = read_history({"acc": [0.5, 0.6], "val_acc": [0.4, 0.5], "lr": [0.001, 0.001]})
    assert series == {"accuracy": [0.5, 0.6], "val_accuracy": [0.4, 0.5]}


def test_every_problem_renders_in_both_languages() -> None:
    for data in ([0.9], {"accuracy": ["a"], "val_accuracy": [1]}, {"accuracy": [0.9]}):
        problem = read_history(data)
        assert isinstance(problem, Message)
        assert text(problem, "de") and text(problem, "en")
