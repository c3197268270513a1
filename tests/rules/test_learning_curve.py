"""Reading training histories: the three verdicts of the lecture, and bad files named."""

from __future__ import annotations

from grader.rules.helpers.learning_curve import diagnose, read_history
from grader.text.messages import Message, text


def test_over_under_and_fine() -> None:
    over = {"accuracy": [0.8, 0.95, 0.99], "val_accuracy": [0.8, 0.84, 0.83]}
    under = {"accuracy": [0.5, 0.6, 0.65], "val_accuracy": [0.5, 0.58, 0.62]}
    fine = {"accuracy": [0.85, 0.9, 0.92], "val_accuracy": [0.85, 0.9, 0.915]}
    assert diagnose(over).key == "curve.overfitting"
    assert diagnose(under).key == "curve.underfitting"
    assert diagnose(fine).key == "curve.fine"
    assert "more capacity" in text(diagnose(under), "en")


def test_rising_validation_loss_with_a_gap_is_overfitting() -> None:
    history = {
        "accuracy": [0.85, 0.9, 0.93],
        "val_accuracy": [0.86, 0.9, 0.905],
        "loss": [0.4, 0.3, 0.2],
        "val_loss": [0.35, 0.28, 0.36],
    }
    verdict = diagnose(history)
    assert verdict.key == "curve.overfitting"
    assert verdict.params["best"] == 2  # the epoch early stopping would have kept


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
