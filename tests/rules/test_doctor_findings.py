"""The training doctor's examinations one by one, on histories and model facts written here
(the trained scenarios are in test_doctor.py), and the property that matters most: whatever the
curves, the doctor never recommends two steps that contradict each other."""

from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from grader.intake.model_facts import CompileSettings, LayerSignature, Measurement, ModelFacts
from grader.rules.helpers.doctor import Patient, examine
from grader.rules.helpers.learning_curve import read_history
from grader.text.messages import Message, text

HEALTHY = {
    "accuracy": [0.80, 0.87, 0.90, 0.92],
    "val_accuracy": [0.82, 0.87, 0.89, 0.90],
    "loss": [0.55, 0.36, 0.29, 0.23],
    "val_loss": [0.48, 0.36, 0.31, 0.29],
}


def _model(
    *activations: str, loss: str = "sparse_categorical_crossentropy", logits: bool = False
) -> ModelFacts:
    layers = (
        LayerSignature("Conv2D", filters=32, kernel_size=(3, 3), activation="relu"),
        *(LayerSignature("Dense", units=10, activation=a) for a in activations),
    )
    return ModelFacts(
        layers=layers,
        compile=CompileSettings(compiled=True, loss=loss, from_logits=logits),
        measured=Measurement(loads=True, params=1000, accuracy=0.9, evaluated=10_000),
    )


def _keys(patient: Patient) -> tuple[str, ...]:
    return examine(patient).keys


def test_healthy_curves_have_nothing_to_fix() -> None:
    diagnosis = examine(Patient(series=HEALTHY, facts=_model("softmax"), pixels=(0.0, 1.0)))
    assert diagnosis.findings == () and diagnosis.message() is None


def test_over_under_still_improving_and_fine() -> None:
    over = {"accuracy": [0.8, 0.95, 0.99], "val_accuracy": [0.8, 0.84, 0.83]}
    rising = {"accuracy": [0.5, 0.6, 0.65], "val_accuracy": [0.5, 0.58, 0.62]}
    under = {"accuracy": [0.5, 0.6, 0.65], "val_accuracy": [0.5, 0.62, 0.62]}
    fine = {"accuracy": [0.85, 0.9, 0.92], "val_accuracy": [0.85, 0.9, 0.915]}
    assert _keys(Patient(series=over)) == ("overfitting",)
    assert _keys(Patient(series=rising)) == ("not_converged",)
    assert _keys(Patient(series=under)) == ("underfitting",)
    assert _keys(Patient(series=fine)) == ()
    advice = examine(Patient(series=under)).message()
    assert advice is not None and "more capacity" in text(advice, "en")


def test_rising_validation_loss_with_a_gap_is_overfitting_with_the_epoch_to_stop() -> None:
    history = {
        "accuracy": [0.85, 0.9, 0.93],
        "val_accuracy": [0.86, 0.9, 0.905],
        "loss": [0.4, 0.3, 0.2],
        "val_loss": [0.35, 0.28, 0.36],
    }
    advice = examine(Patient(series=history)).message()
    assert advice is not None and advice.params["step"].key == "doctor.step.stop_early"
    assert advice.params["step"].params["best"] == 2  # the epoch early stopping would have kept


def test_a_nan_loss_is_divergence_and_the_history_stays_readable() -> None:
    raw = {**HEALTHY, "loss": [2.1, float("nan"), float("nan"), float("nan")]}
    series = read_history(raw)
    assert not isinstance(series, Message)
    advice = examine(Patient(series=series)).message()
    assert advice is not None and advice.params["step"].key == "doctor.step.lower_rate"
    assert "Epoche 2" in text(advice, "de") and "epoch 2" in text(advice, "en")
    not_numbers = read_history({**HEALTHY, "accuracy": [0.1, float("nan"), 0.2, 0.3]})
    assert isinstance(not_numbers, Message) and not_numbers.key == "history.not_numbers"


def test_a_growing_loss_is_divergence() -> None:
    series = {**HEALTHY, "loss": [2.4, 2.6, 3.5, 4.2], "accuracy": [0.1, 0.1, 0.1, 0.1]}
    assert _keys(Patient(series=series))[:2] == ("diverged", "stuck")


def test_softmax_twice_and_logits_after_softmax() -> None:
    twice = Patient(series=HEALTHY, facts=_model("softmax", "softmax"))
    assert _keys(twice) == ("softmax_twice",)
    logits = Patient(series=HEALTHY, facts=_model("softmax", logits=True))
    advice = examine(logits).message()
    assert advice is not None and "from_logits" in text(advice, "de")
    assert _keys(Patient(series=HEALTHY, facts=_model("linear", logits=True))) == ()


def test_labels_that_do_not_fit_the_loss() -> None:
    dense = _model("softmax", loss="categorical_crossentropy")
    assert _keys(Patient(facts=dense, labels=(5000,))) == ("labels_loss",)
    assert _keys(Patient(facts=dense, labels=(5000, 10))) == ()
    sparse = _model("softmax")
    assert _keys(Patient(facts=sparse, labels=(5000, 10))) == ("labels_loss",)
    assert _keys(Patient(facts=sparse, labels=(5000,))) == ()
    assert _keys(Patient(facts=sparse, labels=(5000, 1))) == ()  # a column of class numbers


def test_a_flat_loss_asks_for_a_higher_learning_rate() -> None:
    flat = {
        "accuracy": [0.40, 0.41, 0.41, 0.42],
        "val_accuracy": [0.40, 0.42, 0.41, 0.41],
        "loss": [1.80, 1.75, 1.72, 1.70],
        "val_loss": [1.78, 1.74, 1.73, 1.72],
    }
    advice = examine(Patient(series=flat)).message()
    assert advice is not None and advice.params["step"].key == "doctor.step.higher_rate"


def test_noisy_validation_and_a_claim_the_test_images_do_not_confirm() -> None:
    noisy = {**HEALTHY, "val_accuracy": [0.82, 0.90, 0.84, 0.91, 0.87, 0.90]}
    noisy = {k: (v + v[-2:]) if k != "val_accuracy" else v for k, v in noisy.items()}
    facts = _model("softmax")
    keys = _keys(Patient(series=noisy, facts=facts))
    assert "noisy" in keys
    claimed = {
        **HEALTHY,
        "val_accuracy": [0.82, 0.87, 0.95, 0.96],
        "accuracy": [0.8, 0.9, 0.95, 0.96],
    }
    assert "claim" in _keys(Patient(series=claimed, facts=facts))  # measured: 0.90


def test_the_most_common_confusion_is_named_in_both_languages() -> None:
    table = [[0] * 10 for _ in range(10)]
    for i in range(10):
        table[i][i] = 900
    table[6][0], table[2][4] = 120, 40
    facts = ModelFacts(measured=Measurement(loads=True, confusion=tuple(map(tuple, table))))
    diagnosis = examine(Patient(series=HEALTHY, facts=facts, classes="fashion-mnist"))
    (finding,) = diagnosis.findings
    german = "Am häufigsten verwechselt: Hemd als T-Shirt/Top (120 von 1.020 Testbildern)."
    assert text(finding.evidence, "de") == german
    assert "shirt taken for T-shirt/top (120 of 1,020" in text(finding.evidence, "en")


accuracy = st.floats(0.05, 1.0)


@given(
    st.integers(2, 30).flatmap(
        lambda n: st.tuples(
            st.lists(accuracy, min_size=n, max_size=n),
            st.lists(accuracy, min_size=n, max_size=n),
            st.lists(st.floats(0.01, 50.0), min_size=n, max_size=n),
            st.lists(st.floats(0.01, 50.0), min_size=n, max_size=n),
        )
    )
)
def test_no_curves_get_contradicting_advice(curves: tuple[list[float], ...]) -> None:
    train, valid, loss, val_loss = curves
    series = {"accuracy": train, "val_accuracy": valid, "loss": loss, "val_loss": val_loss}
    diagnosis = examine(Patient(series=series))
    keys = set(diagnosis.keys)
    assert not {"overfitting", "not_converged"} <= keys
    assert not {"overfitting", "underfitting"} <= keys
    assert not {"not_converged", "underfitting"} <= keys
    steps = [f.step.key for f in diagnosis.findings if f.step is not None]
    more = {"doctor.step.more_epochs", "doctor.step.capacity", "doctor.step.higher_rate"}
    less = {"doctor.step.stop_early", "doctor.step.regularise"}
    assert not (more & set(steps) and less & set(steps))
    advice = diagnosis.message()
    if advice is not None:
        for lang in ("de", "en"):
            assert "{" not in text(advice, lang)
    assert all(math.isfinite(v) for v in train)


def test_a_tiny_validation_set_comes_before_reading_the_curves() -> None:
    over = {"accuracy": [0.8, 0.95, 0.99], "val_accuracy": [0.8, 0.84, 0.83]}
    advice = examine(Patient(series=over, validation=200)).message()
    assert advice is not None and advice.params["step"].key == "doctor.step.more_validation"
    assert "200 Bilder" in text(advice, "de") and "±5 %" in text(advice, "de")
    assert "only 200 images" in text(advice, "en")
    assert _keys(Patient(series=over, validation=1000)) == ("overfitting",)


def test_raw_pixels_into_a_model_that_rescales_them_itself_are_no_mistake() -> None:
    raw = Patient(series=HEALTHY, facts=_model("softmax"), pixels=(0.0, 255.0))
    assert _keys(raw) == ("unscaled",)
    facts = _model("softmax")
    rescaling = ModelFacts(
        layers=(LayerSignature("Rescaling"), *facts.layers),
        compile=facts.compile,
        measured=facts.measured,
    )
    assert _keys(Patient(series=HEALTHY, facts=rescaling, pixels=(0.0, 255.0))) == ()
