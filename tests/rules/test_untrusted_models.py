"""Models the guard refused or could not vouch for: every Keras rule scores them 0 with the
reason in both languages; a model class that is not Keras' own says how to build it instead, and
anything that looks like tampering (a patched saving path, a file that computes something else
than the kernel's object on the probe images) is flagged for review."""

from __future__ import annotations

import numpy as np
import pytest

from grader.boundary import Answer, AnswerStatus, model_key
from grader.grading.model_answers import probe_mismatch
from grader.intake.model_facts import LayerSignature, Measurement, ModelFacts
from grader.rules import accuracy, compiled, input_params, layer_sequence
from grader.rules.base import Evidence
from grader.rules.helpers.model_source import ModelSource
from grader.text.messages import text

SOURCE = ModelSource(model="model")
REFERENCE = {
    model_key("model"): Answer(
        AnswerStatus.OK,
        ModelFacts(layers=(LayerSignature("Dense", units=10),), measured=Measurement(loads=True)),
    )
}


@pytest.mark.parametrize(
    ("detail", "english", "german", "flagged"),
    [
        ("class:LeNet", "is a LeNet, not one of Keras' own", "keras.Sequential", False),
        ("layer:MyDense", "holds the layer MyDense", "Keras' Schichten", False),
        ("instance:Sequential.get_config", "overridden on the object", "überschrieben", True),
        ("patched:keras.src.saving.saving_lib.save_model", "was replaced", "ersetzt", True),
        ("guard:unsigned", "guard in the kernel was removed or bypassed", "umgangen", True),
    ],
)
def test_an_untrusted_model_scores_0_in_every_model_rule(detail, english, german, flagged):
    student = {model_key("model"): Answer(AnswerStatus.UNTRUSTED, detail=detail)}
    evidence = Evidence(student, REFERENCE)
    for rule in (layer_sequence, compiled):
        outcome = rule.check(SOURCE, evidence, False)
        assert outcome.score == 0.0
        assert english in text(outcome.message, "en") and german in text(outcome.message, "de")
        assert (outcome.flag is not None) == flagged


def test_a_file_that_computes_something_else_than_the_kernels_object_is_refused_and_flagged():
    kernel = np.array([[0.1, 0.9], [0.8, 0.2]], dtype=np.float32)
    same = ModelFacts(measured=Measurement(loads=True, probe_outputs=((0.1, 0.9), (0.8, 0.2))))
    other = ModelFacts(measured=Measurement(loads=True, probe_outputs=((0.5, 0.5), (0.8, 0.2))))
    assert probe_mismatch(kernel, same) is None
    assert probe_mismatch(kernel + 1e-6, same) is None  # another kernel of the same library
    assert probe_mismatch(kernel, other) == "probe:0.4"
    assert probe_mismatch(kernel, ModelFacts(measured=Measurement(loads=True))) == "probe:missing"
    assert probe_mismatch(kernel[:1], same).startswith("probe:shape")
    student = {model_key("model"): Answer(AnswerStatus.OK, ModelFacts(untrusted="probe:0.4"))}
    outcome = layer_sequence.check(SOURCE, Evidence(student, REFERENCE), False)
    assert outcome.score == 0.0 and outcome.flag is not None
    assert "computes something else than the notebook's model" in text(outcome.message, "en")


@pytest.mark.parametrize(
    ("detail", "english", "german"),
    [
        ("shape:unbuilt", "`model` was never built", "`model` wurde nie gebaut"),
        ("shape:inputs:2", "has 2 inputs; the task expects a model with one", "hat 2 Eingänge"),
        ("shape:outputs:3", "has 3 outputs; the task expects one output", "hat 3 Ausgänge"),
        ("shape:open:(None, None, 1)", "(None, None, 1): a size left open", "offen gelassene"),
    ],
)
def test_a_model_the_grader_cannot_ask_for_one_answer_per_image_is_told_why(
    detail: str, english: str, german: str
) -> None:
    """What the guard found instead of Keras' exception text (issue 22): every model rule
    scores 0 with the same catalogue sentence, nothing flagged."""
    student = {model_key("model"): Answer(AnswerStatus.UNSUPPORTED, detail=detail)}
    evidence = Evidence(student, REFERENCE)
    for rule in (layer_sequence, compiled, input_params):
        outcome = rule.check(SOURCE, evidence, False)
        assert (outcome.score, outcome.flag) == (0.0, None)
        assert english in text(outcome.message, "en") and german in text(outcome.message, "de")
    accuracy_params = accuracy.parse({"model": "model", "full_at": 0.9})
    outcome = accuracy.check(accuracy_params, evidence, False)
    assert english in text(outcome.message, "en")


def test_an_override_of_keras_machinery_in_an_own_layer_is_named_without_a_flag() -> None:
    student = {
        model_key("model"): Answer(
            AnswerStatus.UNTRUSTED, detail="override:TanhDense.save_own_variables"
        )
    }
    outcome = compiled.check(SOURCE, Evidence(student, REFERENCE), False)
    assert (outcome.score, outcome.flag) == (0.0, None)
    assert "the layer TanhDense, whose class replaces Keras' own save_own_variables" in text(
        outcome.message, "en"
    )
    assert "TanhDense, deren Klasse Keras' eigenes save_own_variables ersetzt" in text(
        outcome.message, "de"
    )
