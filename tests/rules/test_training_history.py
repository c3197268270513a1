"""The training-history rule's picture marks: the course's threshold as one value, or as the band
of partial points, the same band its accuracy check grades by (04's spec, read as it is)."""

from __future__ import annotations

import pytest
from conftest import ROOT

from grader.course.spec import load_assignment
from grader.rules.training_history import parse

FILES = {"files": ["history.json"]}


def test_a_threshold_alone_or_the_band_of_partial_points():
    assert (parse({**FILES, "threshold": 0.92}).threshold, parse(FILES).threshold) == (0.92, None)
    band = parse({**FILES, "threshold": [0.88, 0.92]})
    assert (band.zero_below, band.threshold) == (0.88, 0.92)
    for wrong in ([0.92, 0.88], [0.9], ["a", 1]):
        with pytest.raises(ValueError, match="zero_below, full_at"):
            parse({**FILES, "threshold": wrong})


def test_04_draws_the_band_its_accuracy_check_grades_by():
    spec = load_assignment(ROOT, "04_fashion_mnist_cnn")
    checks = {c.id: c.params for c in spec.checks}
    accuracy, history = checks["threshold/accuracy"], checks["history/curves"]
    assert (history.zero_below, history.threshold) == (accuracy.zero_below, accuracy.full_at)
