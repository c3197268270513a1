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
from grader.rules import compiled, layer_sequence
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
